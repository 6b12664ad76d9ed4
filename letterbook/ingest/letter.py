"""Read a letter the way an archivist does: find its blocks, then each field in its block.

Input is the letter's lines (every page, in reading order) with their boxes or spans;
output is a Field per field, with a confidence and the line it came from. A field
that is not in the letter is None: nothing is invented.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from letterbook.ingest.dates import find_dates
from letterbook.model import Field, Line

NAME_FIELDS = {"addressee", "signatory", "signatories", "salutation"}
TEXT_FIELDS = NAME_FIELDS | {"addressee_org", "subject", "sender_org", "signatory_title", "cc", "enclosures"}

# ------------------------------------------------------------------ cue matching

def cue_form(text: str) -> str:
    """Lower case with OCR's usual digit-for-letter swaps undone; same length as text."""
    lowered = text.lower()
    return re.sub(r"(?<![\d])0(?=[a-z])|(?<=[a-z])0|(?<=[a-z])1(?=[a-z])|\|(?=[a-z])",
                  lambda m: {"0": "o", "1": "l", "|": "l"}[m.group(0)], lowered)


def distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance, giving up past limit (cue phrases are short)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _letters(text: str) -> str:
    return re.sub(r"[^a-zà-ÿß ]", "", cue_form(text)).strip()


def matches_phrase(text: str, phrases, whole: bool = True) -> str:
    """The phrase that text is (or starts with, if not whole), forgiving OCR slips."""
    norm = " ".join(_letters(text).split())
    for phrase in phrases:
        tolerance = 0 if len(phrase) < 5 else 1 if len(phrase) < 10 else 2
        probe = norm if whole else norm[:len(phrase)]
        # each edit changes at most two letters of the set of letters used: a cheap test
        # that turns away nearly every line before the full comparison
        if abs(len(probe) - len(phrase)) > tolerance or len(set(probe) ^ set(phrase)) > 2 * tolerance:
            continue
        if distance(probe, phrase, tolerance) <= tolerance:
            return phrase
    return ""


# ------------------------------------------------------------------ vocabularies

SALUTATION = re.compile(
    r"^(dear|my dear|dearest|to whom it may concern|sehr geehrte[rs]?|liebe[rs]?|cher|ch[èe]re|"
    r"ladies and gentlemen)\b", re.IGNORECASE)
# words that open a salutation only as a short line of their own ("Madame," but not "Madame Roux" in an address)
SALUTATION_ALONE = re.compile(r"^(sir|madam|sirs|dear sirs?|madame|monsieur|mesdames|messieurs|gentlemen|hello|hi)"
                              r"(\s+\S+){0,3}\s*[,:!]$|^(sir|madam|sirs|dear sirs?)$", re.IGNORECASE)
CLOSINGS = ["yours sincerely", "yours faithfully", "yours truly", "yours very truly", "very truly yours",
            "sincerely yours", "sincerely", "respectfully yours", "yours respectfully", "respectfully",
            "with kind regards", "kind regards", "with best regards", "best regards", "warm regards",
            "warmest regards", "regards", "with best wishes", "best wishes", "all best wishes",
            "yours ever", "ever yours", "yours cordially", "cordially", "cordially yours", "yours",
            "faithfully yours", "with thanks", "many thanks", "mit freundlichen grüßen",
            "mit freundlichen grüssen", "mit freundlichem gruß", "hochachtungsvoll", "freundliche grüße",
            "cordialement", "bien cordialement", "bien à vous", "salutations distinguées"]
CLOSING_OPENERS = ["veuillez agréer", "je vous prie d'agréer", "je vous prie dagréer"]

REF_LABEL = (r"(?:our\s*ref(?:erence)?|ref(?:erence)?(?:\s*(?:no|nr|number))?|in\s*reply\s*(?:please\s*)?quote|"
             r"in\s*reply\s*refer\s*to|please\s*quote|unser\s*zeichen|unser\s*az|aktenzeichen|gesch[äa]ftszeichen|"
             r"notre\s*r[ée]f(?:[ée]rence)?|n/r[ée]f|o/ref|o/r|our\s*file(?:\s*ref)?|file\s*ref(?:erence)?|"
             r"case\s*ref(?:erence)?|case\s*(?:no|number))")
YOUR_REF_LABEL = (r"(?:your\s*ref(?:erence)?|your\s*letter\s*ref|ihr(?:e)?\s*zeichen|ihr\s*schreiben\s*vom|"
                  r"votre\s*r[ée]f(?:[ée]rence)?|v/r[ée]f|y/ref|y/r)")
_LABEL_TAIL = r"\s*(?:\.|:|;|-|–|no\.?|#)?\s*(?:\.|:)?\s*"
REF_RE = re.compile(rf"(?:^|(?<=\s))(?P<your>{YOUR_REF_LABEL})(?![a-z])|(?:^|(?<=\s))(?P<our>{REF_LABEL})(?![a-z])")
SUBJECT_LABEL = re.compile(r"^(?:re|subject|subj|betreff|betr|objet|concerning|regarding)\s*[:;.\-–]\s*(?P<v>.+)$",
                           re.IGNORECASE)
CC_LABEL = re.compile(r"^(?:cc|c\.c|copy to|copies to|kopie an|copie à|copie a|bcc)\s*[.:]\s*(?P<v>.*)$", re.IGNORECASE)
ENC_LABEL = re.compile(r"^(?:enc|encs|encl|enclosures?|attachments?|anlagen?|p\.?\s?j)\s*[.:]\s*(?P<v>.*)$",
                       re.IGNORECASE)
ATTENTION = re.compile(r"^(?:fao|f\.a\.o\.?|for the attention of|attn|attention|z\.\s?hd\.?)\s*[:.]?\s*(?P<v>.+)$",
                       re.IGNORECASE)
# OCR reads a colon as ; or . now and then
MEMO_TO = re.compile(r"^t[o0]\s*[:;]\s*(?P<v>.+)$", re.IGNORECASE)
MEMO_FROM = re.compile(r"^fr[o0]m\s*[:;]\s*(?P<v>.+)$", re.IGNORECASE)
DATE_LABEL = re.compile(r"^(?:date|dated|datum|le|den)\s*[:;.]?\s", re.IGNORECASE)
NOT_LETTER_DATE = re.compile(r"received|eingang|re[çc]u|fax|sent\b|printed|your letter|dated?\s+of|telephone|"
                             r"\bon\b.*\bwrote\b|deadline|by\s", re.IGNORECASE)
SIGNATURE_DESCRIPTION = re.compile(r"\b(hand[- ]?written|signature|signed|sgd\.?|autograph|initialled|"
                                   r"unterschrift|unterschrieben|gez\.|sign[ée]e?|manuscrite)(?!\w)", re.IGNORECASE)
NOT_HAND_SIGNED = re.compile(r"electronic|unsigned|not signed|without signature|no signature|digitally", re.IGNORECASE)
ON_BEHALF = re.compile(r"^(?:for and on behalf of|on behalf of|for\s+.*\bltd\b|i\.\s?a\.|i\.\s?v\.|pp\.?|p\.p\.?)\s*",
                       re.IGNORECASE)
PAGE_MARKER = re.compile(r"^(?:page\s*\d+(?:\s*of\s*\d+)?|-\s*\d+\s*-|\d+|seite\s*\d+|p\.\s*\d+|\d+\s*/\s*\d+)$",
                         re.IGNORECASE)
DOCUMENT_KIND = re.compile(r"^(?:memorandum|memo|internal memo(?:randum)?|letter|fax|facsimile|private(?: and|\s*&)? "
                           r"confidential|confidential|private|urgent|by (?:e-?mail|hand|post|fax)|"
                           r"sent by e-?mail.*|without prejudice)\W*$", re.IGNORECASE)
CONTACT = re.compile(r"^(?:tel|telephone|phone|fax|mob|mobile|e-?mail|email|web|www\.|http|dx\s)\b|@|www\.|"
                     r"\+\d{2}|\(\d{3}\)\s*\d{3}", re.IGNORECASE)
POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b|\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b|\b\d{5}\s+[A-ZÄÖÜ][a-zäöü]+")
STREET = re.compile(r"^\d+[a-z]?\b|^(?:flat|apartment|apt|suite|unit|studio|room|floor|building|po box|p\.o\. box|box)\b|"
                    r"(?<=\s)(?:street|st\.|road|rd\.?|avenue|ave\.?|lane|drive|dr\.|close|way|place|square|court|"
                    r"crescent|terrace|gardens|grove|hill|park|row|walk|mews|boulevard|blvd|highway|parkway|"
                    r"strasse|straße|str\.|rue|allée|platz|weg|gasse)$", re.IGNORECASE)
JOB_WORDS = re.compile(r"\b(?:manager|director|officer|head|chair|chairman|chairwoman|secretary|assistant|"
                       r"coordinator|co-ordinator|specialist|analyst|engineer|consultant|president|vice|chief|"
                       r"partner|clerk|controller|accountant|administrator|advis[eo]r|executive|lead|supervisor|"
                       r"representative|associate|counsel|attorney|solicitor|treasurer|editor|professor|lecturer|"
                       r"mayor|leader|commissioner|minister|councillor|governor|registrar|librarian|archivist|"
                       r"planner|surveyor|inspector|agent|buyer|designer|developer|architect|nurse|doctor|curator|keeper|"
                       r"dean|rector|principal|headteacher|fellow|trustee|steward|warden|sekret[äa]r|directeur|"
                       r"directrice|maire|pr[ée]sident)\b",
                       re.IGNORECASE)
ORG_WORDS = re.compile(r"\b(?:ltd|limited|plc|llc|llp|inc|corp|corporation|company|co\.|group|council|authority|"
                       r"assembly|association|society|trust|foundation|university|college|school|institute|"
                       r"department|ministry|office|agency|bank|partners|partnership|services|holdings|"
                       r"gmbh|ag|sa|sarl|bv|house of|commission|committee|board|club|hospital|nhs|church|"
                       r"museum|library|archive|press|& sons|and sons|associates)\b", re.IGNORECASE)
HONORIFICS = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "rev",
              "revd", "cllr", "rt", "hon", "the", "herr", "frau", "m", "mme", "mlle", "capt", "col", "gen", "maj",
              "fr", "sr", "sra", "hon.", "judge", "justice"}


# ------------------------------------------------------------------ line predicates

def is_name_like(line: Line) -> bool:
    """A typed personal name: a few capitalised words, no digits, no sentence punctuation."""
    text = ON_BEHALF.sub("", line.text).strip().rstrip(",.:;'")
    if not text or len(text) > 60 or re.search(r"\d|@|:|;|\?|!", text):
        return False
    if line.conf is not None and line.conf < 55:
        return False
    tokens = text.replace(".", ". ").split()
    words = [t for t in tokens if re.search(r"[A-Za-zÀ-ÿ]", t)]
    if not 1 <= len(words) <= 7 or len(words) < len(tokens) - 1:
        return False
    capitalised = [w for w in words if w[0].isupper() or w.lower().strip(".") in ("de", "van", "von", "der",
                                                                                    "la", "le", "du", "da", "of")]
    letters = sum(ch.isalpha() for ch in text)
    return len(capitalised) == len(words) and letters >= len(text.replace(" ", "")) * 0.75 and letters >= 4


_MONTH_WORD = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-zäéû]*\.?\b", re.IGNORECASE)


_MONTH_NAMES = ("january", "february", "march", "april", "june", "july", "august", "september", "october",
                "november", "december")


def _date_like(text: str) -> bool:
    """A date line OCR garbled past reading ("June. 2018:", "Gctober 20, 2025"): a month, a year."""
    if len(text.split()) > 5 or not re.search(r"\b1[5-9]\d\d\b|\b20\d\d\b", text):
        return False
    if _MONTH_WORD.search(text):
        return True
    words = re.findall(r"[A-Za-z]{4,}", text.lower())
    return any(distance(w, m, 1) <= 1 for w in words for m in _MONTH_NAMES)


def is_heading_like(text: str) -> bool:
    """A name, an organisation or an address line, not a sentence of prose."""
    words = text.split()
    if not words or len(words) > 10 or len(text) < 2 or not (text[0].isupper() or text[0].isdigit()):
        return False
    return not (len(words) >= 5 and text.endswith((".", "!", "?")))


def is_address_like(text: str) -> bool:
    return bool(POSTCODE.search(text) or STREET.search(text.strip().rstrip(",")) or CONTACT.search(text))


def is_page_marker(text: str) -> bool:
    return bool(PAGE_MARKER.match(text.strip()))


def is_closing(text: str) -> str:
    if len(text.split()) > 6:
        return matches_phrase(text, CLOSING_OPENERS, whole=False)
    found = matches_phrase(text.rstrip(",.;: "), CLOSINGS) or matches_phrase(text, CLOSING_OPENERS, whole=False)
    if not found and len(text.split()) > 1:
        # ink beside the closing read as a short word or two ("Sincerely, Neo")
        words = text.split()
        while len(words) > max(1, len(text.split()) - 2) and len(re.sub(r"\W", "", words[-1])) <= 3:
            words.pop()
        if len(words) < len(text.split()):
            found = matches_phrase(" ".join(words).rstrip(",.;: "), CLOSINGS)
    return found


def _says_electronic(text: str) -> bool:
    """ "Signed siecronically": OCR's reading of "electronically", which is no hand signature."""
    return any(distance(w, "electronically", 4) <= 4 for w in re.findall(r"[a-z]{10,16}", text.lower()))


def _name_and_title(value: str) -> tuple:
    """ "Josh Evans, Managing Director" (OCR may read the comma as ; or :, or lose it)."""
    parts = re.split(r"\s*[,;:]\s*", value, maxsplit=1)
    if len(parts) == 2:
        return parts[0], parts[1]
    words = value.split()
    for n in range(2, len(words)):
        if JOB_WORDS.match(words[n]):
            return " ".join(words[:n]), " ".join(words[n:])
    return value, ""


def _canonical_closing(text: str) -> str:
    """"Vours sincerely", "Yours: sincerely" or "Sincerely, Neo" as the formula it is, keeping its comma."""
    phrase = is_closing(text)
    if not phrase or phrase in CLOSING_OPENERS:
        return text
    if " ".join(_letters(text).split()) == phrase and re.fullmatch(r"[\w\s]+[,.:]?", text):
        return text
    return _cased(phrase, text)


def _cased(phrase: str, text: str) -> str:
    return phrase[0].upper() + phrase[1:] + ("," if re.search(r"[,;]", text) else "")


def _nearest_closing(words: list) -> str:
    """The closing phrase that a garbled line's first words come closest to, if close enough."""
    best, best_share = "", 1.0
    if 2 <= len(words) <= 3 and words[-1] in ("sincerely", "faithfully", "truly") and words[0] != "yours":
        return "yours " + words[-1]  # "ae sincerely": the first word garbled, the formula plain
    for phrase in CLOSINGS:
        size = len(phrase.split())
        if size > len(words) or (size == 1 and len(words) > 1 and len(phrase) < 7):
            continue  # a distinctive single word ("sincerely") may lead a garbled line
        probe = " ".join(words[:size])
        share = distance(probe, phrase, len(phrase)) / len(phrase)
        # "yours" read right and its second word garbled still says "Yours sincerely" most nearly
        limit = 0.6 if size == 2 and words[0] == phrase.split()[0] == "yours" else 0.3
        if share <= limit and share < best_share:
            best, best_share = phrase, share
    return best


def is_salutation(text: str) -> bool:
    stripped = text.strip()
    if SALUTATION_ALONE.match(stripped):
        return True
    if len(stripped.split()) > 10:
        return False
    if SALUTATION.match(stripped):
        return True
    words = stripped.split()
    first = words[0] if words else ""
    if not (len(first) == 4 and distance(cue_form(first), "dear", 1) <= 1 and len(words) <= 6 and first[0] in "DdO0"):
        return False
    # "Dcar Sir," is a salutation read badly; "Dean Ltd" is a name: ask for a salutation's shape
    second = words[1].lower().strip(".,") if len(words) > 1 else ""
    return stripped.endswith((",", ":")) or second in HONORIFICS or second in ("sir", "madam", "sirs")


_EDGE_JUNK = "-–—_|.,:;'‘’\"“”©®~•*»«¢§"


def clean_value(text: str) -> str:
    """A value as printed, without OCR's stray edge marks."""
    return text.strip().strip("|_~•*").strip()


_SHORT_TITLES = "Mr|Mrs|Ms|Miss|Mx|Dr|Prof"


def repair_name(text: str) -> str:
    """OCR's usual slips in a personal name: a capital I read as l ("lain"), Cllr read as Clir."""
    text = re.sub(r"(?<=[a-z]{4})\.(?= [A-Z])", "", text)  # "Melanie. Hopkins"; "Dr. Roe" keeps its point
    text = re.sub(r"(?<=[a-z]{2})\.(?=[A-Z][a-z])", " ", text)  # "Ryan.Edwards"
    text = re.sub(r"(?<= )[-–](?=[A-Z])", "", text)  # "Jeffrey -Ryan"
    # a speck beside a title: "Dear Ms, McMahon", "Ms: Laura Gross" (a point read as a
    # comma or colon), "Mr-Gareth Campbell", "Dear: Mr Hodgson"
    text = re.sub(rf"\b({_SHORT_TITLES})[,:;](?= [A-Z])", r"\1.", text)
    text = re.sub(rf"\b({_SHORT_TITLES})[-–](?=[A-Z])", r"\1 ", text)
    # a point glued between title and name is a speck: a printed "Mr. Jackson" keeps its space
    text = re.sub(rf"\b({_SHORT_TITLES})\.(?=[A-Z][a-z])", r"\1 ", text)
    text = re.sub(r"^(Dear)[.,:;](?= )", r"\1", text)
    text = re.sub(r"^(Dear )?Or(?= [A-Z][a-z])", r"\1Dr", text)  # no name begins "Or"
    tokens = text.split()
    while len(tokens) > 2 and (tokens[-1].isdigit() or re.fullmatch(r"[a-z]{1,3}\W*", tokens[-1])):
        tokens.pop()  # a speck after the name ("Poole. 2", "Scott an")
    text = " ".join(tokens)
    words = []
    for word in text.split(" "):
        if re.fullmatch(r"l[a-z]{2,}[,.:;]?", word):
            word = "I" + word[1:]
        elif re.fullmatch(r"C[iIl1|t]{1,3}r\.?", word):  # Clir, CIlr, Clr, Clitr
            word = "Cllr"
        words.append(word)
    return " ".join(words)


def repair_specks(value: str) -> str:
    """Specks read as punctuation inside a field's value: "Contract for. parking", "Notice.of",
    "application.2018", "Bishopfort: Council". Commas stay: before a small word they are real."""
    value = re.sub(r"(?<=[\w-])[.:;'’](?= [a-z])", "", value)
    value = re.sub(r"(?<=[a-z])[.'’:;]+-?(?=[a-z]{2})|(?<=[a-z])\.(?=\d)|(?<=[a-z]{2})\.(?=[A-Z][a-z]{2})", " ",
                   value)  # "Maxwell and.Fletcher" too
    value = re.sub(r"(?<=[A-Z])!(?=[A-Z\s]|$)", "I", value)  # "FO! Officer"
    value = re.sub(r"(?<=[A-Za-z])- -?(?=[A-Z])", "-", value)  # "Steele- -Kennedy", "Thompson- Perez"
    value = re.sub(r" [-–](?: ?[-–])+ ?(?=\w)", " - ", value)  # "2004 - - Request", "2000 - -Request"
    value = re.sub(r"(?<=[A-Za-z]{3})\. (?=\d)", " ", value)  # "Regulations. 2004", "Act. 2000"
    value = re.sub(r"(?<=\w) [.,](?=[a-z])", " ", value)  # "complaint .regarding"
    value = re.sub(r"(?<=\d{2}) (?=1\d*/)", "", value)  # Tesseract parts a 1 from its figures: "202 1/58497/FUL"
    value = re.sub(r"(?<=\w)\.(?= [-–] )", "", value)  # "2023/90367/FUL. - 65 Cummings Skyway"
    value = re.sub(r"(?<=\S) [»«•·*~^°¬](?= \S)", "", value)  # "Outstanding invoice » 2018/27683/LBC"
    value = re.sub(r"(?<=[a-z]{2})\.(?=[A-Z]{2,}\b)", " ", value)  # "French.OBE"
    value = re.sub(r"(?<=[a-z])[.:;](?= [a-z]+$)", "", value)
    if not re.search(r"[‘“]", value):  # a closing quote that nothing opened is a speck
        value = re.sub(r"[’”\"]+[.,]?$", "", value)
    return value


def tidy_ocr(text: str) -> str:
    """An OCR line without the specks read as marks at its ends ("-Ms Jane Roe _.")."""
    text = text.lstrip(_EDGE_JUNK + " ")
    # specks far to the right of the words, past a wide gap ("Love PLC   : so"): a few
    # letters and no figures ("Our ref:      42" keeps its value)
    wide = re.match(r"^(.*\S)\s{3,}(\S.*)$", text)
    if wide and sum(ch.isalpha() for ch in wide[2]) <= 3 and not any(ch.isdigit() for ch in wide[2]):
        text = wide[1]
    tokens = text.split(" ")
    while len(tokens) > 1 and not any(ch.isalnum() for ch in tokens[-1]):
        tokens.pop()
    text = " ".join(tokens).strip().rstrip("-_|~•*").rstrip()
    # a dash or rule glued to the last word ("Robertson-Rees—.", "VBX26/583__—"): no name or
    # reference ends in one
    text = re.sub(r"(?<=\w)[—–_~|]+[.,:;]?$", "", text)
    for quote in "’”\"'":
        if text.endswith(quote) and text.count(quote) % 2 and not text.endswith("s'"):
            text = text[:-1].rstrip()  # a speck read as a closing quote
    return text


# ------------------------------------------------------------------ the parser

@dataclass
class Reading:
    fields: dict = field(default_factory=dict)       # name -> Field
    signature_mark: object = None                     # the ink mark taken as the signature

    def value(self, name):
        found = self.fields.get(name)
        return found.value if found else None


class LetterParser:
    def __init__(self, lines: list, pages: list, date_order: str = None):
        for ln in lines:
            if ln.conf is not None:
                ln.text = tidy_ocr(ln.text)
        self.lines = [ln for ln in lines if ln.text.strip()]
        for i, ln in enumerate(self.lines):
            ln.index = i
        self.pages = {p.number: p for p in pages}
        self.date_order = date_order
        self.out = Reading()
        self.skip = set()  # indexes of running headers, footers and page markers

    # -- helpers
    def put(self, name, value, confidence, line=None):
        if value in (None, "", []):
            return
        if line is not None and line.conf is not None and name in TEXT_FIELDS:
            repair = (lambda v: repair_name(repair_specks(v))) if name in NAME_FIELDS else repair_specks
            value = [repair(v) for v in value] if isinstance(value, list) else repair(value)
            if name == "signatory_title":  # a speck read as a point ("Rights. Manager", "Officer.")
                value = re.sub(r"(?<=[a-z]{4})\.(?= [A-Z])", "", value).rstrip(".:;")
            elif name in ("sender_org", "addressee_org"):  # "Vasquez: Group", "Johnson. Love and Foster"
                value = re.sub(r"(?<=[a-z]{4})[.:;](?= [A-Z])", "", value)
        self.out.fields[name] = Field(name, value, round(confidence * self._trust(line), 2), line)

    def _trust(self, line):
        if line is None or line.conf is None:
            return 1.0
        return max(0.3, min(1.0, line.conf / 90))

    def live(self, start=0, end=None):
        return [ln for ln in self.lines[start:end] if ln.index not in self.skip]

    def is_transcript(self):
        return all(ln.box is None for ln in self.lines)

    def block_break(self, line: Line) -> bool:
        """Does vertical space (or a blank line) separate this line from the one before?"""
        return line.gap >= (0.5 if line.box is not None else 1)

    # -- the stages
    def parse(self) -> Reading:
        if not self.lines:
            self.out.fields["has_signature"] = Field("has_signature", False, 0.5)
            return self.out
        self.mark_running_lines()
        self.memo = self.read_memo_block()
        self.salutation = self.find_salutation()
        self.closing = self.find_closing()
        header_end = self.salutation.index if self.salutation else self.body_start()
        self.header = self.live(0, header_end)
        self.read_references()
        self.read_letterhead()
        self.read_date()
        self.read_addressee()
        self.read_subject()
        self.read_sign_off()
        self.read_cc_and_enclosures()
        self.read_signature()
        return self.out

    def mark_running_lines(self):
        """Footers that repeat the letterhead, page markers and continuation headers."""
        first = self.lines[0]
        head = re.sub(r"\W+", " ", first.text).strip()  # case kept: a title line may read the same
        pages = sorted({ln.page for ln in self.lines})
        for ln in self.lines[1:]:
            if head and len(head) > 3 and re.sub(r"\W+", " ", ln.text).strip() == head:
                self.skip.add(ln.index)
            elif is_page_marker(ln.text) and (ln.page > 1 or ln.box is None or self._near_edge(ln)):
                self.skip.add(ln.index)
        for page in pages[1:]:
            on_page = [ln for ln in self.lines if ln.page == page][:5]
            markers = [ln for ln in on_page if ln.index in self.skip and is_page_marker(ln.text)]
            if markers:  # a continuation header: everything above the page number is running text
                for ln in on_page:
                    if ln.index <= markers[0].index and len(ln.text.split()) <= 8:
                        self.skip.add(ln.index)
        # a letterhead repeated in the middle of a transcript marks where page 1 ended
        if first.index in self.skip:
            self.skip.discard(first.index)

    def _near_edge(self, ln):
        page = self.pages.get(ln.page)
        if not page or not page.height or not ln.box:
            return False
        return ln.box[1] > page.height * 0.88 or ln.box[3] < page.height * 0.1

    def read_memo_block(self):
        """To:/From: lines near the top make a memo; read its addressee and sender there."""
        top = self.live(0, 14)
        to = next((ln for ln in top if MEMO_TO.match(ln.text)), None)
        sender = next((ln for ln in top if MEMO_FROM.match(ln.text)), None)
        titled = any(re.match(r"^\W*(internal\s+)?memo(randum)?\W*$", ln.text, re.IGNORECASE) for ln in top)
        if not ((to and sender) or (titled and (to or sender))):
            return None
        to_value = MEMO_TO.match(to.text)["v"] if to else None
        if to is None and sender.index > 0:
            # "To:" garbled by OCR ("S10: Andrew Pool"): the labelled line just above From:
            above = re.match(r"^\W*\w{1,3}\s*[:;]\s*(?P<v>.+)$", self.lines[sender.index - 1].text)
            if above:
                to, to_value = self.lines[sender.index - 1], above["v"]
        if to is not None:
            name, title = _name_and_title(to_value)
            self.put("addressee", clean_value(name), 0.9 if MEMO_TO.match(to.text) else 0.5, to)
        if sender is not None:
            name, title = _name_and_title(MEMO_FROM.match(sender.text)["v"])
            self.put("signatory", clean_value(name), 0.9, sender)
            self.put("signatories", [clean_value(name)], 0.9, sender)
            self.put("signatory_title", clean_value(title), 0.8, sender)
        return max(ln.index for ln in (to, sender) if ln is not None)

    def find_salutation(self):
        limit = max(30, int(len(self.lines) * 0.6))
        for ln in self.live(0, limit):
            if is_salutation(ln.text):
                text = clean_value(ln.text)
                if ln.conf is not None:  # "Deat Ms Griffiths," is "Dear Ms Griffiths,"
                    first = text.split()[0]
                    if len(first) == 4 and first.lower() != "dear" and distance(cue_form(first), "dear", 1) <= 1:
                        text = ("Dear" if first[0].isupper() else "dear") + text[4:]
                self.put("salutation", text, 0.95, ln)
                return ln
        return None

    def body_start(self):
        """Without a salutation: the first line of running prose after the top block."""
        start = (self.memo or 0) + 1 if self.memo is not None else 0
        for ln in self.live(start):
            if SUBJECT_LABEL.match(ln.text) or CC_LABEL.match(ln.text):
                continue
            if len(ln.text.split()) >= 9 and not DATE_LABEL.match(ln.text):
                return ln.index
        return len(self.lines)

    def find_closing(self):
        start = self.salutation.index + 1 if self.salutation else (self.memo or 0)
        found = None
        for ln in self.live(start):
            if is_closing(ln.text):
                found = ln
        if found:
            text = clean_value(found.text)
            if found.conf is not None:  # OCR slips in the formula itself are put right
                text = _canonical_closing(text)
            self.put("closing", text, 0.95, found)
            return found
        return self._garbled_closing(start)

    def _garbled_closing(self, start):
        """A closing that ink or noise garbled ("vor sincerely .", "Yours SEETEN,"), known by its place.

        It is short, in the last part of the letter, and followed by the signature space and a
        typed name. The value given is the closing it nearly spells, with a low confidence.
        """
        tail_from = max(start, int(len(self.lines) * 0.4))
        candidates = self.live(tail_from)
        for n, ln in enumerate(candidates):
            words = _letters(ln.text).split()
            if not 1 <= len(ln.text.split()) <= 5 or not words:
                continue
            after = candidates[n + 1:n + 4]
            if not any(is_name_like(a) and (a.gap >= 1.5 or a is not after[0]) for a in after):
                continue
            phrase = _nearest_closing(words)
            if phrase:
                text = phrase[0].upper() + phrase[1:] + ("," if re.search(r"[,;]", ln.text) else "")
                self.put("closing", text, 0.5, ln)
                return ln
        return None

    def read_references(self):
        scope = self.header + [ln for ln in self.live(0, 40) if ln not in self.header]
        for ln in scope:
            form = cue_form(ln.text)
            if ln.conf is not None:  # "Referencé:": a speck over a letter
                form = "".join(unicodedata.normalize("NFKD", ch)[0] for ch in form)
            labels = [m for m in REF_RE.finditer(form)]
            labels = [m for m in labels if self._label_ends(form, m)]
            for n, m in enumerate(labels):
                end = labels[n + 1].start() if n + 1 < len(labels) else len(ln.text)
                raw = ln.text[m.end():end]
                raw = re.sub(rf"^{_LABEL_TAIL}", "", raw, flags=re.IGNORECASE)
                value = re.split(r"\s{3,}", raw.strip())[0].strip().rstrip(".,;")
                value = value.strip("|_~ ")
                if ln.conf is not None:  # OCR spaces out punctuation and reads I as |
                    value = re.sub(r"\s*([-/])\s*", r"\1", value).replace("|", "I")
                name = "your_ref" if m["your"] else "ref"
                if name in self.out.fields:
                    continue
                if not value or not re.search(r"\d", value) and len(value) < 3 or len(value.split()) > 4:
                    self.out.fields.setdefault(name, None)  # printed but empty: null
                    continue
                self.put(name, value, 0.95 if ln in self.header else 0.7, ln)
        for name in ("ref", "your_ref"):
            if self.out.fields.get(name) is None:
                self.out.fields.pop(name, None)

    @staticmethod
    def _label_ends(form: str, m) -> bool:
        """A label is followed by a separator or a value, not more words of a sentence."""
        rest = form[m.end():]
        if not rest.strip():
            return True
        if re.match(r"\s*[:;.\-–#]", rest):  # "Ref; PZX-2022-5668": a point or colon read as ;
            return True
        # "Our ref ABC/123" with no colon: the value must look like a reference
        token = rest.split()[0] if rest.split() else ""
        return bool(re.search(r"\d", token)) and m.start() == 0

    def read_letterhead(self):
        if self.memo is not None:
            candidates = self.live(0, 3)
        else:
            candidates = self.header[:3]
        for ln in candidates:
            text = clean_value(ln.text)
            if DOCUMENT_KIND.match(text) or MEMO_TO.match(text) or MEMO_FROM.match(text):
                continue
            body = self._body_height()
            prominent = ln.bold or bool(ln.height and body and ln.height > body * 1.15)
            if find_dates(text) or REF_RE.match(cue_form(text)) or is_salutation(text) \
                    or POSTCODE.search(text) or CONTACT.search(text) or re.match(r"\d+[a-z]?\b", text):
                return
            if not is_heading_like(text):
                # big type at the top is a letterhead even when OCR garbled its first letter
                if not (prominent and len(text.split()) <= 10 and re.search(r"[A-Za-z]{3}", text)):
                    return
                text = text.rstrip(".")
            repeated = any(ln2.index in self.skip and ln2.text.strip() == ln.text.strip() for ln2 in self.lines)
            self.letterhead = ln
            self.put("sender_org", text, 0.95 if repeated or prominent else 0.75, ln)
            return

    def _body_height(self):
        heights = sorted(ln.height for ln in self.lines if ln.height)
        return heights[len(heights) // 2] if heights else 0

    def read_date(self):
        order = self.date_order or ("MDY" if self.american() else "DMY")
        best = None
        scope = self.header or self.live(0, 15)
        if self.memo is not None:
            scope = self.live(0, self.body_start())
        for position, ln in enumerate(scope):
            if NOT_LETTER_DATE.search(ln.text) or REF_RE.match(cue_form(ln.text)):
                continue
            for found in find_dates(ln.text, order):
                covered = (found.end - found.start) / max(len(ln.text.strip()), 1)
                score = 3 if DATE_LABEL.match(ln.text) else 2 if covered > 0.6 or self._place_date(ln.text, found) else 1
                if best is None or score > best[0]:
                    best = (score, found, ln)
        if best is None:  # some letters date themselves at the foot, by the signature
            tail = self.live(self.closing.index) if self.closing else []
            for ln in tail:
                dates = find_dates(ln.text, order)
                if dates and (dates[0].end - dates[0].start) / max(len(ln.text), 1) > 0.5:
                    best = (1, dates[0], ln)
                    break
        if best:
            score, found, ln = best
            self.put("date", found.iso, 0.6 + 0.12 * score, ln)
            self.put("date_text", found.text, 0.6 + 0.12 * score, ln)

    @staticmethod
    def _place_date(text, found):
        before = text[:found.start].strip()
        return bool(re.fullmatch(r"[A-ZÀ-ÿ][\w\s.'-]{1,30},?\s*(?:den|le|the)?", before))

    def american(self) -> bool:
        closing = self.out.value("closing") or ""
        salutation = self.out.value("salutation") or ""
        if closing.lower().startswith(("sincerely", "respectfully", "very truly", "cordially")):
            return True
        if salutation.rstrip().endswith(":") and salutation.lower().startswith("dear"):
            return True
        text = "\n".join(ln.text for ln in self.lines[:30])
        if re.search(r"\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b", text):
            return True
        return False

    def read_addressee(self):
        if "addressee" in self.out.fields:
            return
        for ln in self.header:
            m = ATTENTION.match(ln.text)
            if m:
                self.put("addressee", clean_value(m["v"]), 0.9, ln)
                return
        letterhead = getattr(self, "letterhead", None)
        start = 0
        if letterhead is not None:
            # the sender's own block runs on until the first vertical space
            start = letterhead.index + 1
            while start < len(self.header) and not self.block_break(self.lines[start]):
                start += 1
        sender_blocks = self._blocks_with_contacts()
        block = []
        for ln in self.header:
            if ln.index < start or ln.index in sender_blocks:
                continue
            text = ln.text.strip()
            skip = (ln.align != "left" or CONTACT.search(text) or REF_RE.match(cue_form(text))
                    or DOCUMENT_KIND.match(text) or is_page_marker(text) or SUBJECT_LABEL.match(text)
                    or (find_dates(text) and len(text.split()) <= 6) or DATE_LABEL.match(text)
                    or _date_like(text))
            if block and (self.block_break(ln) and not self.is_transcript() or skip):
                if not is_address_like(text) or skip:
                    break
            if skip:
                continue
            if not block and text.lower().startswith(("c/o", "care of")):
                continue
            block.append(ln)
        if not block:
            if self.salutation:
                self._addressee_from_salutation()
            return
        first = block[0]
        if not is_heading_like(clean_value(first.text)):
            return
        self.put("addressee", clean_value(first.text).rstrip(","), 0.85, first)
        self._addressee_org(block)

    def _blocks_with_contacts(self) -> set:
        """Lines of header blocks that give a phone, email or web address: the sender's details."""
        blocks, current = [], []
        for ln in self.header:
            if current and self.block_break(ln):
                blocks.append(current)
                current = []
            current.append(ln)
        blocks.append(current)
        found = set()
        for block in blocks:
            if any(CONTACT.search(ln.text) and not ln.text.lower().startswith(("c/o", "care of", "fao"))
                   for ln in block) and len(block) > 1:
                found.update(ln.index for ln in block)
        return found

    def _addressee_org(self, block):
        following = block[1:]
        if self.is_transcript():
            # transcripts separate their blocks with blank lines; only lines straight after count
            following = [ln for ln in following if ln.gap == 0 and ln.index == block[0].index + 1 + following.index(ln)]
        for n, ln in enumerate(following[:3]):
            text = clean_value(ln.text).rstrip(",")
            if text.lower().startswith(("c/o", "care of")) or is_address_like(text) or re.search(r"\d", text):
                return  # a street line: organisations' names seldom carry numbers
            if JOB_WORDS.search(text) and not ORG_WORDS.search(text) and n + 1 < len(following):
                continue
            if len(text.split()) > 8:
                return
            self.put("addressee_org", text, 0.75, ln)
            return

    def _addressee_from_salutation(self):
        text = re.sub(r"^\W*\w+\s+", "", self.salutation.text).strip(" ,:")
        if text and text.lower() not in ("sir", "madam", "sir or madam", "sirs", "sir/madam", "colleague",
                                         "colleagues", "friend", "friends", "all"):
            self.put("addressee", text, 0.5, self.salutation)

    def read_subject(self):
        candidates = []
        if self.salutation:
            after = self.live(self.salutation.index + 1, self.salutation.index + 3)
            candidates = after + self.header[::-1][:6]
        else:
            candidates = self.live(0, self.body_start())
        for ln in candidates:
            m = SUBJECT_LABEL.match(ln.text.strip())
            if m:
                self.put("subject", clean_value(m["v"]), 0.9, ln)
                return
        if not self.salutation:
            return
        after = self.live(self.salutation.index + 1, self.salutation.index + 3)
        if not after:
            return
        first = after[0]
        text = clean_value(first.text)
        nxt = after[1] if len(after) > 1 else None
        words = len(text.split())
        if is_closing(text) or not text[:1].isalnum() or words > 16:
            return
        short = first.box is not None and nxt is not None and nxt.box is not None \
            and (first.box[2] - first.box[0]) < 0.75 * (nxt.box[2] - nxt.box[0])
        # blur makes boxes taller and the space under a heading look smaller: some room and a
        # capital after it will do
        spaced = nxt is not None and nxt.box is not None and nxt.gap >= 0.3 and nxt.text[:1].isupper()
        # a line that ends in a small word ("...regarding allotment rents in") runs on
        # (or begins as a sentence does: "I refer to your recent enquiry concerning...")
        runs_on = re.search(r"\b(?:a|an|the|of|in|on|at|to|for|from|with|by|and|or|regarding|about)$", text) \
            or re.match(r"(?:I|We|Thank you|Please)\b", text)
        looks_like_heading = first.bold or (not re.search(r"[.,;:!?]$", text) and words <= 14 and not runs_on
                                            and (nxt is None or self.block_break(nxt) or spaced
                                                 or (short and nxt.text[:1].isupper())))
        if looks_like_heading and not text[:1].islower():
            self.put("subject", text, 0.8 if first.bold else 0.65, first)

    def read_sign_off(self):
        if self.memo is not None and "signatory" in self.out.fields:
            return
        if not self.closing:
            return
        after = self.live(self.closing.index + 1, self.closing.index + 9)
        for n, ln in enumerate(after):
            text = ln.text.strip()
            if CC_LABEL.match(text) or ENC_LABEL.match(text):
                break
            if SIGNATURE_DESCRIPTION.search(text) or re.fullmatch(r"p\.?\s?p\.?", text, re.IGNORECASE):
                continue
            if ON_BEHALF.match(text) and not is_name_like(Line(ON_BEHALF.sub("", text), ln.page)):
                continue
            if not is_name_like(ln):
                continue
            previous = after[n - 1] if n else None
            if previous is not None and self._looks_like_title(ln) and not self.block_break(ln) \
                    and not SIGNATURE_DESCRIPTION.search(previous.text) and not is_closing(previous.text):
                # the typed name above this title was garbled by the signature: keep what was read
                name = clean_value(ON_BEHALF.sub("", previous.text)).rstrip(",.:;'")
                if re.search(r"[A-Za-z]{2}", name) and len(name.split()) <= 6:
                    self.put("signatory", name, 0.4, previous)
                    self.put("signatories", [name], 0.4, previous)
                    self.put("signatory_title", clean_value(text).rstrip(","), 0.6, ln)
                    self.signatory_line = previous
                    return
            parts = [p.strip() for p in re.split(r"\s{3,}", text) if p.strip()]
            names = [ON_BEHALF.sub("", p).strip().rstrip(",.:;'") for p in parts]
            self.put("signatory", names[0], 0.9, ln)
            self.put("signatories", names, 0.9, ln)
            self.signatory_line = ln
            title = after[n + 1] if n + 1 < len(after) else None
            if title is not None and not self.block_break(title) and not CC_LABEL.match(title.text) \
                    and not ENC_LABEL.match(title.text) and not CONTACT.search(title.text) \
                    and len(title.text.split()) <= 12:
                titles = [p.strip() for p in re.split(r"\s{3,}", title.text) if p.strip()]
                self.put("signatory_title", clean_value(titles[0]).rstrip(","), 0.8, title)
            return

    @staticmethod
    def _looks_like_title(line: Line) -> bool:
        first = line.text.split()[0].lower().strip(".") if line.text.split() else ""
        return bool(JOB_WORDS.search(line.text)) and first not in HONORIFICS

    def read_cc_and_enclosures(self):
        start = self.closing.index if self.closing else (self.salutation.index if self.salutation else 0)
        for ln in self.live(start) + (self.header if self.memo is not None else []):
            m = CC_LABEL.match(ln.text.strip())
            if m and "cc" not in self.out.fields:
                names = [n.strip(" .") for n in re.split(r",|;|\band\b|&", m["v"]) if n.strip(" .")]
                self.put("cc", names, 0.85, ln)
            m = ENC_LABEL.match(ln.text.strip())
            if m and "enclosures" not in self.out.fields:
                self.put("enclosures", clean_value(m["v"]) or None, 0.8, ln)

    def read_signature(self):
        """Signed by hand? Ink or a pasted image between the closing and the typed name."""
        signed, confidence, evidence = False, 0.6, None
        if self.closing is not None:
            name = getattr(self, "signatory_line", None)
            between = self.live(self.closing.index + 1, name.index if name else self.closing.index + 4)
            described = [ln for ln in between + ([name] if name else [])
                         if SIGNATURE_DESCRIPTION.search(ln.text) and not NOT_HAND_SIGNED.search(ln.text)
                         and not _says_electronic(ln.text)]
            if described:
                signed, confidence, evidence = True, 0.9, described[0]
            elif any(NOT_HAND_SIGNED.search(ln.text) or _says_electronic(ln.text) for ln in between):
                signed, confidence, evidence = False, 0.9, between[0]
            else:
                mark = self._mark_between(self.closing, name)
                if mark:
                    what = {"ink": "ink strokes that are not print", "image": "an image",
                            "drawing": "a drawing"}.get(mark.kind, "a mark")
                    what += " (blue ink)" if mark.blue else ""
                    evidence = Line(text=f"{what} between the closing and the typed name",
                                    page=(name or self.closing).page, box=tuple(float(v) for v in mark.box))
                    signed, confidence = True, 0.85 if mark.blue else 0.75
                    self.out.signature_mark = mark
        self.out.fields["has_signature"] = Field("has_signature", signed, confidence, evidence)

    def _mark_between(self, closing: Line, name):
        if closing.box is None:
            return None
        page_number = name.page if name else closing.page
        page = self.pages.get(page_number)
        if page is None:
            return None
        line_height = closing.box[3] - closing.box[1] or 10
        top = closing.box[1] + line_height * 0.5 if closing.page == page_number else 0
        bottom = name.box[3] if name is not None else closing.box[3] + line_height * 8
        for mark in page.marks:
            x0, y0, x1, y1 = mark.box
            middle = (y0 + y1) / 2
            if top <= middle <= bottom + line_height * 0.5:
                return mark
        return None


def parse_letter(lines: list, pages: list, date_order: str = None) -> Reading:
    return LetterParser(lines, pages, date_order).parse()
