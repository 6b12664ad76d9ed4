"""The words letters use for their parts, per language, and the patterns built from them.

Each language is a file of plain data: a module in this package (en.py, de.py, fr.py) holding a
dict WORDS, or a .json or .py file in a directory given to `load_lexicon`. Adding a language
means adding such a file; no pattern is written by hand for it. `load_lexicon` merges the lists
of all the languages it finds and builds the regular expressions the parser and dates.py use;
`active()` is the lexicon in use (every installed language), `using(lexicon)` swaps it for a
while.

In phrases, a space stands for the space between words, and an accented letter also matches its
plain form ("réf" matches "ref"): typists and OCR drop accents.
"""
from __future__ import annotations

import contextlib
import importlib
import json
import pkgutil
import re
import runpy
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

# What each key of a language file holds. Every key but "code" is optional.
KEYS = {
    "code": "the language's ISO 639-1 code (dateparser reads dates in the languages named here)",
    "salutations": "phrases that open a salutation line: 'dear', 'sehr geehrte'",
    "salutations_alone": "words that are a salutation only as a short line of their own, ending in , : or !",
    "salutations_bare": "lines that are a salutation with nothing else on them: 'sir'",
    "greeting_words": "one-word salutations whose OCR slips ('Dcar', 'Deat') are put right",
    "generic_addressees": "what a salutation names when it names no one: 'sir or madam', 'colleagues'",
    "closings": "closing formulas, the usual ones first: 'yours sincerely'",
    "closing_openers": "opening words of a closing that is a whole sentence: 'veuillez agréer'",
    "closing_endings": "last words of a closing that is a whole sentence: 'sentiments', 'hochachtung'",
    "closing_pairs": "two-word closings read even when OCR garbles the first word: ['yours', 'sincerely']",
    "month_first_closings": "closings of letters that write numeric dates month first (American)",
    "our_ref_labels": "labels of the sender's reference: 'our ref'",
    "your_ref_labels": "labels of the addressee's reference: 'your ref'",
    "subject_labels": "labels of the subject line: 're', 'betreff'",
    "cc_labels": "labels of the copies line: 'cc', 'kopie an'",
    "enclosure_labels": "labels of the enclosures line: 'enc', 'anlagen'",
    "attention_labels": "labels that name the addressee: 'fao', 'z. hd.'",
    "company_forms": "words of a company's legal form, lower case: 'ltd', 'gmbh', 's.a.', '& cie'",
    "role_openers": "words that open a signer's role set above the signature: 'der', 'pour le', 'für die'",
    "org_prefixes": "words before a firm's name in an inside address, dropped from it: 'i/fa.', 'tit.'",
    "genitive_articles": "articles that join a department to its firm on the next line: 'der' ('An die Direktion' / 'der X AG')",
    "care_of": "markers of a care-of address line: 'c/o'",
    "mailing_notations": "how a letter was sent, on a line above the inside address: 'by hand', 'registered mail'",
    "memo_to_labels": "a memo's addressee label: 'to'",
    "memo_from_labels": "a memo's sender label: 'from'",
    "memo_titles": "a memo's title line: 'memorandum'",
    "document_kinds": "lines that say what the document is or how it came: 'urgent', 'by hand'",
    "document_kind_openers": "openings of such lines, whatever follows: 'sent by email'",
    "date_labels": "labels of the letter's date: 'date', 'le'",
    "date_articles": "the word between a place and its date: 'Basel, den 16. Februar'",
    "cited_date_cues": "text that marks a date as cited, not the letter's own, anywhere in a word: 'received'",
    "cited_date_words": "the same, at the end of a word: 'sent'",
    "reply_phrases": "phrases before the date of the letter a letter answers: 'your letter of', 'ihr schreiben vom'",
    "quote_headers": "word pairs of a quoted message's header: ['on', 'wrote']",
    "signature_words": "words that describe a hand signature: 'signed', 'gez.'",
    "unsigned_cues": "text that says a letter was not signed by hand: 'electronic'",
    "on_behalf_markers": "words before a name signed on another's behalf: 'pp', 'i. a.'",
    "on_behalf_firms": "word pairs of 'for <firm>' before a name: ['for', 'ltd']",
    "page_words": "words of a page number line: 'page', 'seite'",
    "page_of": "the word of 'page 2 of 3'",
    "contact_labels": "labels of contact lines: 'tel', 'email'",
    "address_openers": "words that open an address line: 'flat', 'po box'",
    "street_words": "words that end a street line: 'road', 'strasse'",
    "job_words": "words of job titles: 'manager', 'directeur'",
    "org_words": "words of organisations' names: 'ltd', 'council', 'gmbh'",
    "honorifics": "titles before a name, lower case: 'mr', 'herr'",
    "abbreviated_honorifics": "titles as abbreviations, as printed: 'Mr', 'Dr'",
    "name_particles": "lower-case words inside names: 'van', 'de'",
    "female_forms": "forms of address for a woman, lower case: 'mrs', 'frau' (two persons apart)",
    "male_forms": "forms of address for a man, lower case: 'mr', 'herr'",
    "post_nominals": "letters after a name, lower case, without dots: 'phd', 'mbe', 'jun'",
    "place_prefixes": "words that may open a place of writing, lower case: 'bad' ('Bad Ragaz'), 'st.'",
    "run_on_words": "words that end a line of prose running on to the next, never a heading",
    "sentence_openers": "words that begin a sentence of the body, as printed: 'I', 'Thank you'",
    "months": "twelve lists, January first, of each month's names: the full name first, then short forms",
    "weekdays": "days of the week and their short forms",
    "ordinal_suffixes": "suffixes of a day's number: 'th', 'er'",
    "day_month_links": "the word between a day and its month: '5th of March'",
    "dating_verbs": "words that open a dating clause: 'dated', 'given', 'enacted'",
    "common_words": "the language's commonest words (articles, pronouns): how --lang auto tells it",
    "tesseract": "the name of the language's data for Tesseract: ['deu']",
    "era_phrases": "what names the year in a medieval dating clause: 'year of the lord', 'anno domini'",
    "roman_days": "three lists: the Roman calendar's kalends, nones and ides, as the language writes them",
    "feasts": "feasts that date letters: [name, month, day], or [name, 'easter', days after Easter]",
    "feast_offsets": "[phrase, days]: a day counted from a feast: ['morrow of', 1], ['octave of', 7]",
    "saint_words": "words before a saint's name in a feast: 'saint', 'blessed', 'apostle'",
    "feast_weekdays": "the seven days of the week, Monday first, as a dating clause names them",
    "before_words": "'before' in 'the Sunday before Easter'",
    "after_words": "'after' in 'the Monday after Michaelmas'",
}
PAIR_KEYS = ("closing_pairs", "quote_headers", "on_behalf_firms", "feasts", "feast_offsets")
# keys whose lists stand for a fixed number of things (twelve months), merged place by place
POSITIONAL_KEYS = {"months": 12, "roman_days": 3}


LOOSE = r"\s*"    # label words OCR may run together ("ourref")
SPACES = r"\s+"   # words set apart by any space


class LexiconError(ValueError):
    """A language file that cannot be used, with the reason."""


def without_accents(text: str) -> str:
    """The text with its accents dropped ("Agréez" -> "Agreez"), as typists and OCR drop them."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def _fold(ch: str) -> str:
    """A letter's pattern: an accented letter also matches its plain form."""
    plain = unicodedata.normalize("NFKD", ch)[0]
    if plain != ch and plain.isalpha():
        return f"[{ch}{plain}]"
    return re.escape(ch)


def phrase_pattern(phrase: str, gap: str = " ", zero_for_o: bool = False, fold: bool = True) -> str:
    """The regular expression of one phrase: gap between its words, accents optional if fold."""
    parts = []
    for ch in phrase:
        if ch == " ":
            parts.append(gap)
        elif zero_for_o and ch == "o":
            parts.append("[o0]")  # OCR reads the o of a short label as a zero
        else:
            parts.append(_fold(ch) if fold else re.escape(ch))
    return "".join(parts)


def alternation(phrases, gap: str = " ", zero_for_o: bool = False, fold: bool = True) -> str:
    """A group matching any of the phrases, the longest tried first; never matches when empty."""
    if not phrases:
        return "(?!)"
    ordered = sorted(phrases, key=len, reverse=True)
    return "(?:" + "|".join(phrase_pattern(p, gap, zero_for_o, fold) for p in ordered) + ")"


def _pairs(pairs) -> str:
    """'first ... second' on one line, each a whole word."""
    if not pairs:
        return "(?!)"
    return "(?:" + "|".join(rf"\b{phrase_pattern(a)}\b.*\b{phrase_pattern(b)}\b" for a, b in pairs) + ")"


@dataclass(eq=False)
class Lexicon:
    """The merged word lists of some languages, and the patterns built from them."""
    codes: tuple            # the languages, in the order they were merged
    words: dict             # key -> merged list (pairs as tuples; months as twelve lists)
    by_language: dict = field(default_factory=dict)   # code -> that language's own lists

    def __post_init__(self):
        w = self.words
        # what --lang auto needs to tell languages apart (language.py)
        self.common_words = {}
        for code, own in self.by_language.items():
            for word in own.get("common_words", []):
                self.common_words.setdefault(word, []).append(code)
        self.tesseract_codes = {code: own["tesseract"][0] for code, own in self.by_language.items()
                                if own.get("tesseract")}
        i = re.IGNORECASE
        self.closings = list(w["closings"])
        self.closing_openers = list(w["closing_openers"])
        self.closing_endings = list(w["closing_endings"])
        self.closing_pairs = list(w["closing_pairs"])
        self.greeting_words = list(w["greeting_words"])
        self.generic_addressees = set(w["generic_addressees"])
        self.bare_salutations = set(w["salutations_bare"])
        self.month_first_closings = tuple(w["month_first_closings"])
        self.care_of = tuple(w["care_of"])
        self.mailing_notation = re.compile(rf"^{alternation(w['mailing_notations'])}\W*$", i)
        self.attention_words = tuple(w["attention_labels"])
        self.honorifics = set(w["honorifics"])
        self.name_particles = set(w["name_particles"])
        self.post_nominals = set(w["post_nominals"])
        self.female_forms = set(w["female_forms"])
        self.male_forms = set(w["male_forms"])
        self.place_prefixes = set(w["place_prefixes"])
        self.month_names = [forms[0] for forms in w["months"] if forms]
        self.month_forms = [form for forms in w["months"] for form in forms]

        self.salutation = re.compile(rf"^{alternation(w['salutations'])}\b", i)
        self.salutation_alone = re.compile(rf"^{alternation(w['salutations_alone'])}(\s+\S+){{0,3}}\s*[,:!]$|"
                                           rf"^{alternation(w['salutations_bare'])}$", i)
        # matched on cue_form: lower case already
        self.reference = re.compile(
            rf"(?:^|(?<=\s))(?P<your>{alternation(w['your_ref_labels'], gap=LOOSE)})(?![a-z])|"
            rf"(?:^|(?<=\s))(?P<our>{alternation(w['our_ref_labels'], gap=LOOSE)})(?![a-z])")
        self.subject_label = re.compile(rf"^{alternation(w['subject_labels'])}\s*[:;.\-–]\s*(?P<v>.+)$", i)
        self.cc_label = re.compile(rf"^{alternation(w['cc_labels'])}\s*[.:]\s*(?P<v>.*)$", i)
        self.enclosure_label = re.compile(rf"^{alternation(w['enclosure_labels'])}\s*[.:]\s*(?P<v>.*)$", i)
        self.attention = re.compile(rf"^{alternation(w['attention_labels'])}\s*[:.]?\s*(?P<v>.+)$", i)
        # OCR reads a colon as ; now and then
        self.memo_to = re.compile(rf"^{alternation(w['memo_to_labels'], zero_for_o=True)}\s*[:;]\s*(?P<v>.+)$", i)
        self.memo_from = re.compile(rf"^{alternation(w['memo_from_labels'], zero_for_o=True)}\s*[:;]\s*(?P<v>.+)$",
                                    i)
        self.memo_title = re.compile(rf"^\W*{alternation(w['memo_titles'], gap=SPACES)}\W*$", i)
        self.document_kind = re.compile(rf"^(?:{alternation(w['memo_titles'] + w['document_kinds'])}|"
                                        rf"{alternation(w['document_kind_openers'])}.*)\W*$", i)
        self.date_label = re.compile(rf"^{alternation(w['date_labels'])}\s*[:;.]?\s", i)
        self.date_article = alternation(w["date_articles"])
        self.cited_date = re.compile(rf"{alternation(w['cited_date_cues'], gap=SPACES)}|"
                                     rf"{alternation(w['cited_date_words'])}\b|{_pairs(w['quote_headers'])}", i)
        self.signature_words = re.compile(rf"\b{alternation(w['signature_words'])}(?!\w)", i)
        self.unsigned = re.compile(alternation(w["unsigned_cues"]), i)
        # the markers before the firms: "for and on behalf of X Ltd" loses only its marker
        firms = [rf"{phrase_pattern(a)}\s+.*\b{phrase_pattern(b)}\b" for a, b in w["on_behalf_firms"]]
        self.on_behalf = re.compile(rf"^(?:{alternation(w['on_behalf_markers'])}"
                                    + "".join("|" + f for f in firms) + r")\s*", i)
        self.page_marker = re.compile(
            rf"^(?:{alternation(w['page_words'])}\s*\d+(?:\s*{alternation(w['page_of'])}\s*\d+)?|"
            r"-\s*\d+\s*-|\d+|\d+\s*/\s*\d+)$", i)
        self.contact = re.compile(rf"^(?:{alternation(w['contact_labels'])}|www\.|http)\b|@|www\.|\+\d{{2}}|"
                                  r"\(\d{3}\)\s*\d{3}", i)
        self.street = re.compile(rf"^\d+[a-z]?\b|^{alternation(w['address_openers'])}\b|"
                                 rf"(?<=\s){alternation(w['street_words'])}$", i)
        self.job_words = re.compile(rf"\b{alternation(w['job_words'])}\b", i)
        self.org_words = re.compile(rf"\b{alternation(w['org_words'])}\b", i)
        # the long ones, which also end compounds ("Betriebsgesellschaft"); short ones ("amt",
        # "ag") end too many other words
        self.compound_org_words = [word for word in w["org_words"] if len(word) >= 6 and word.isalpha()]
        self.company_form = re.compile(rf"(?<!\w){alternation(w['company_forms'])}(?!\w)", i)
        self.role_opener = re.compile(rf"^{alternation(w['role_openers'])}\s", i)
        self.org_prefix = re.compile(rf"^{alternation(w['org_prefixes'])}(?:\s+|$)", i)
        self.genitive = re.compile(rf"^{alternation(w['genitive_articles'])}\s+(?=\S)", i)
        self.run_on = re.compile(rf"\b{alternation(w['run_on_words'])}$")
        self.sentence_opener = re.compile(rf"{alternation(w['sentence_openers'])}\b")
        self.abbreviated_honorific = alternation(w["abbreviated_honorifics"])
        # month names are listed with and without their accents: dateparser reads only those
        self.month = alternation(self.month_forms, fold=False)
        self.short_month = re.compile(
            rf"\b{alternation([m for m in self.month_forms if len(m) == 3])}[a-zäéû]*\.?\b", i)
        self.weekday = alternation(w["weekdays"])
        self.ordinal_suffix = alternation(w["ordinal_suffixes"])
        self.day_month_link = alternation(w["day_month_links"])


def _check(words: dict, source: str) -> dict:
    unknown = sorted(set(words) - set(KEYS))
    if unknown:
        raise LexiconError(f"{source}: unknown key(s) {', '.join(unknown)}")
    if not isinstance(words.get("code"), str):
        raise LexiconError(f"{source}: no language code")
    for key, value in words.items():
        if key != "code" and not isinstance(value, list):
            raise LexiconError(f"{source}: {key} is not a list")
    for key, count in POSITIONAL_KEYS.items():
        if key in words and len(words[key]) != count:
            raise LexiconError(f"{source}: {key} must hold {count} lists")
    if "feast_weekdays" in words and len(words["feast_weekdays"]) != 7:
        raise LexiconError(f"{source}: feast_weekdays must name seven days")
    return words


def _read_file(path: Path) -> dict:
    if path.suffix == ".json":
        return _check(json.loads(path.read_text(encoding="utf-8")), str(path))
    return _check(runpy.run_path(str(path)).get("WORDS", {}), str(path))


def installed_languages() -> list:
    """The word lists of the language modules in this package."""
    found = []
    for module in pkgutil.iter_modules(__path__):
        words = importlib.import_module(f"{__name__}.{module.name}").WORDS
        found.append(_check(words, module.name))
    return found


def merge(languages: list) -> Lexicon:
    """One lexicon of the languages' lists, by language code; a phrase given twice is kept once."""
    languages = sorted(languages, key=lambda words: words["code"])
    merged = {key: [] for key in KEYS if key != "code"}
    positional = {key: [[] for _ in range(count)] for key, count in POSITIONAL_KEYS.items()}
    for words in languages:
        for key, values in words.items():
            if key == "code":
                continue
            if key in positional:
                for forms, more in zip(positional[key], values):
                    forms.extend(v for v in more if v not in forms)
                continue
            for value in values:
                value = tuple(value) if key in PAIR_KEYS else value
                if value not in merged[key]:
                    merged[key].append(value)
    merged.update(positional)
    codes = tuple(dict.fromkeys(words["code"] for words in languages))
    return Lexicon(codes=codes, words=merged, by_language={words["code"]: words for words in languages})


def load_lexicon(directories=()) -> Lexicon:
    """The installed languages and those of the .json and .py files in the directories."""
    languages = installed_languages()
    for directory in directories:
        for path in sorted(Path(directory).iterdir()):
            if path.suffix in (".json", ".py") and not path.name.startswith("_"):
                languages.append(_read_file(path))
    return merge(languages)


_active = None


def active() -> Lexicon:
    """The lexicon the parser uses: every installed language, unless `using` says otherwise."""
    global _active
    if _active is None:
        _active = load_lexicon()
    return _active


@contextlib.contextmanager
def using(lexicon: Lexicon):
    """Parse with this lexicon inside the with block (to try a language file, say)."""
    global _active
    previous = _active
    _active = lexicon
    try:
        yield lexicon
    finally:
        _active = previous
