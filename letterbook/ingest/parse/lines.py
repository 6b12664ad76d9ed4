"""What a single line of a letter looks like: a name, an address, a heading, a closing, a salutation.

Predicates on one line (or its text), with no knowledge of where the line stands in the letter.
Their words come from the lexicon.
"""
from __future__ import annotations

import re

from letterbook.ingest.lexicon import active
from letterbook.ingest.parse.cues import cue_form, distance, matches_phrase
from letterbook.model import Line

# postcodes: British, American (state and ZIP), German and Swiss (figures before the town)
POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b|\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b|"
                      r"\b\d{5}\s+[A-ZÄÖÜ][a-zäöü]+")


def block_break(line: Line) -> bool:
    """Does vertical space (or a blank line) separate this line from the one before?"""
    return line.gap >= (0.5 if line.box is not None else 1)


def is_name_like(line: Line) -> bool:
    """A typed personal name: a few capitalised words, no digits, no sentence punctuation."""
    lexicon = active()
    text = lexicon.on_behalf.sub("", line.text).strip().rstrip(",.:;'")
    if not text or len(text) > 60 or re.search(r"\d|@|:|;|\?|!", text):
        return False
    if line.conf is not None and line.conf < 55:
        return False
    tokens = text.replace(".", ". ").split()
    words = [t for t in tokens if re.search(r"[A-Za-zÀ-ÿ]", t)]
    if not 1 <= len(words) <= 7 or len(words) < len(tokens) - 1:
        return False
    # "Dipl.-Ing." splits into "Dipl." and "-Ing."; a degree's "iur." is lower case
    capitalised = [w for w in words if w.lstrip("-(")[:1].isupper() or w.lower().strip(".") in lexicon.name_particles]
    letters = sum(ch.isalpha() for ch in text)
    # the points and commas of initials ("Dr. J.R. Idle") are not noise
    marks = len(re.sub(r"[\s.,]", "", text))
    return len(capitalised) == len(words) and letters >= marks * 0.75 and letters >= 4


def looks_like_garbled_date(text: str) -> bool:
    """A date line OCR garbled past reading ("June. 2018:", "Gctober 20, 2025"): a month, a year."""
    if len(text.split()) > 5 or not re.search(r"\b1[5-9]\d\d\b|\b20\d\d\b", text):
        return False
    lexicon = active()
    if lexicon.short_month.search(text):
        return True
    words = re.findall(r"[A-Za-z]{4,}", text.lower())
    names = [m for m in lexicon.month_names if len(m) >= 4]
    return any(distance(w, m, 1) <= 1 for w in words for m in names)


def is_heading_like(text: str) -> bool:
    """A name, an organisation or an address line, not a sentence of prose."""
    words = text.split()
    if not words or len(words) > 10 or len(text) < 2 or not (text[0].isupper() or text[0].isdigit()):
        return False
    # a sentence ends in a point, but "Inc." or "Ltd." ends a company's name
    return not (len(words) >= 5 and text.endswith((".", "!", "?")) and not active().org_words.search(words[-1]))


def is_address_like(text: str) -> bool:
    lexicon = active()
    return bool(POSTCODE.search(text) or lexicon.street.search(text.strip().rstrip(","))
                or lexicon.contact.search(text))


def is_page_marker(text: str) -> bool:
    """A page number, or a line that ends in one ("Case 1:19-cr-00725 Document 191 Filed
    05/25/21 Page 1 of 4", a court's filing stamp on every page): a running line, no field."""
    value = text.strip()
    lexicon = active()
    if lexicon.page_marker.match(value):
        return True
    words = value.split()
    return len(words) > 4 and bool(lexicon.page_marker.match(" ".join(words[-4:])))


def is_reference_line(text: str) -> bool:
    """Does the line begin with a reference label ("Our ref:")?"""
    return bool(active().reference.match(cue_form(text)))


def closing_phrase(text: str) -> str:
    """The closing formula the line is ("Yours sincerely,"), or begins with, or ""."""
    lexicon = active()
    if len(text.split()) > 6:
        return matches_phrase(text, lexicon.closing_openers, whole=False)
    found = matches_phrase(text.rstrip(",.;: "), lexicon.closings) \
        or matches_phrase(text, lexicon.closing_openers, whole=False)
    if not found and len(text.split()) > 1:
        # ink beside the closing read as a short word or two ("Sincerely, Neo")
        words = text.split()
        while len(words) > max(1, len(text.split()) - 2) and len(re.sub(r"\W", "", words[-1])) <= 3:
            words.pop()
        if len(words) < len(text.split()):
            found = matches_phrase(" ".join(words).rstrip(",.;: "), lexicon.closings)
    return found


def garbled_greeting(word: str) -> str:
    """The greeting word ("dear") that a word OCR misread one letter of ("Dcar", "Deat", "0ear") is."""
    for greeting in active().greeting_words:
        # the first letter is kept, or read as O or 0 (D's lookalikes)
        initials = greeting[0] + greeting[0].upper() + ("O0" if greeting[0] == "d" else "")
        if len(word) == len(greeting) and word[:1] in initials and distance(cue_form(word), greeting, 1) <= 1:
            return greeting
    return ""


def is_salutation(text: str) -> bool:
    lexicon = active()
    stripped = text.strip()
    if lexicon.salutation_alone.match(stripped):
        return True
    if len(stripped.split()) > 10:
        return False
    if lexicon.salutation.match(stripped):
        return True
    words = stripped.split()
    if not (words and garbled_greeting(words[0]) and len(words) <= 6):
        return False
    # "Dcar Sir," is a salutation read badly; "Dean Ltd" is a name: ask for a salutation's shape
    second = words[1].lower().strip(".,") if len(words) > 1 else ""
    return stripped.endswith((",", ":")) or second in lexicon.honorifics or second in lexicon.bare_salutations


def looks_like_job_title(line: Line) -> bool:
    """A line naming a job ("Planning Officer"), not a name with a title ("Dr Ann Reid")."""
    lexicon = active()
    first = line.text.split()[0].lower().strip(".") if line.text.split() else ""
    return bool(lexicon.job_words.search(line.text)) and first not in lexicon.honorifics


# typist's reference initials under the sign-off: "TAV/lp", "BHM:vb", "CJF/sa"
TYPIST_INITIALS = re.compile(r"^[A-Z]{2,4}\s*[/:]\s*[A-Za-z0-9]{1,4}\b")


# a short label and its colon at the head of a line: "ce: R. Goldbrenner"
# (OCR reads the colon as a semicolon now and then)
_SHORT_LABEL = re.compile(r"^(?P<label>[a-z]{2,3})\s*[:;]\s*(?P<v>\S.*)$", re.IGNORECASE)
# the round letters OCR takes for one another in a short label: "cc" read as "ce", "ec", "co"
_ROUND = str.maketrans("eo", "cc")


def copies_label(line_text: str):
    """The match of a copies line's label, also where OCR misread a short one's round letters
    ("ce:", "co;" for "cc:", "bee:" for "bcc:"); None if the line is no copies line."""
    lexicon = active()
    found = lexicon.cc_label.match(line_text)
    if found:
        return found
    short = _SHORT_LABEL.match(line_text)
    if short is None:
        return None
    label = short["label"].lower().translate(_ROUND)
    short_labels = [known for known in lexicon.words["cc_labels"] if known.isalpha() and len(known) <= 3]
    return short if any(label == known.translate(_ROUND) for known in short_labels) else None
