"""The place of writing: the town before the letter's date ("Basel, den 16. Februar 1926",
"Paris, le 5 mars", "London, 3rd May 1950"), or else, less surely, the town of the sender's
address above the inside address ("4051 Basel", "London SW1A 2AA", "Springfield, IL 62701").

The dateline's words (articles, weekdays, labels) come from the lexicon; the address forms are
postcodes, which are figures and capitals in every language.
"""
from __future__ import annotations

import re
from typing import Optional

from letterbook.ingest.lexicon import active
from letterbook.ingest.parse.fields import make_field
from letterbook.model import Field

# how sure a place is, read from the dateline or from the sender's address
DATELINE_CONFIDENCE = 0.9
ADDRESS_CONFIDENCE = 0.5
MAX_PLACE_WORDS = 4

# a town after its postcode: "4051 Basel", "CH-4051 Basel", "D-79098 Freiburg i. Br.", "75008 Paris"
_POSTCODE_TOWN = re.compile(r"^(?:[A-Z]{1,2}\s?-\s?)?\d{4,5}\s+(?P<town>[^\W\d_][\w'.\- ]{1,40})$")
# a town before a British postcode or an American state and ZIP
_TOWN_POSTCODE = re.compile(r"^(?P<town>[^\W\d_][\w'.\- ]{1,40}?),?\s+(?:[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}|"
                            r"[A-Z]{2}\s+\d{5}(?:-\d{4})?)$")
# what joins the parts of a sender's one-line address: "Firma · Rittergasse 31 · 4051 Basel"
_ADDRESS_SEPARATOR = re.compile(r"\s+[·•|/–-]\s+|\s{3,}")


def read_place(text, fields: dict, header: list) -> Optional[Field]:
    """place: from the dateline, or else from the sender's address (see the module's docstring)."""
    dated = fields.get("date_text")
    if dated is not None and dated.line is not None:
        place = place_in_dateline(dated.line.text, str(dated.value), fields)
        if place:
            return make_field("place", place, DATELINE_CONFIDENCE * min(1.0, dated.confidence + 0.1), dated.line)
    return town_of_sender(fields, header)


def place_in_dateline(line_text: str, date_text: str, fields: dict = None) -> Optional[str]:
    """The place a dateline names before its date; None when it names none."""
    at = line_text.find(date_text)
    if at <= 0:
        return None
    before = line_text[:at]
    org = (fields or {}).get("sender_org")
    if org is not None and org.line is not None and org.line.text == line_text and before.startswith(str(org.value)):
        before = before[len(str(org.value)):]  # the letterhead shares the line
    before = re.split(r"\s{3,}", before.strip())[-1]  # a place set apart past a wide gap
    lexicon = active()
    # a place is set off from its date by a comma, the date's article or a weekday: "Basel, den",
    # "London, 3rd May"; words run on to a date without one are something else (a title line)
    if not re.search(rf"(?:,|(?<!\w){lexicon.date_article}\.?|(?<!\w){lexicon.weekday}\.?)\s*$", before,
                     re.IGNORECASE):
        return None
    tail = re.compile(rf"(?:[\s,]+|\b{lexicon.date_article}\.?$|(?<!\w){lexicon.weekday}\.?$)$", re.IGNORECASE)
    while True:
        cut = tail.sub("", before)
        if cut == before:
            break
        before = cut
    if "," in before and len(before.split()) > MAX_PLACE_WORDS:
        before = before.rsplit(",", 1)[-1].strip()
    return before if is_place_name(before) else None


def is_place_name(value: str) -> bool:
    """A town's name: a few words, the first a capital, no figures, no label, not a date's word."""
    words = value.split()
    if not words or len(words) > MAX_PLACE_WORDS or not value[0].isupper() or re.search(r"[\d@:;()]", value):
        return False
    lexicon = active()
    if lexicon.date_label.match(value + " ") or lexicon.company_form.search(value) or lexicon.org_words.search(value):
        return False
    # the other words are capitalised too, or short joining words ("Frankfurt a. M.", "Bad Ragaz")
    return all(w[:1].isupper() or len(w.strip(".")) <= 3 or w.lower() in lexicon.place_prefixes
               for w in words[1:])


def town_of_sender(fields: dict, header: list) -> Optional[Field]:
    """The town of an address in the header above the inside address (the sender's), less sure."""
    inside = [f.line.index for name in ("addressee", "addressee_org")
              if (f := fields.get(name)) is not None and f.line is not None]
    if not inside:  # with nothing to bound it, the address found might be the addressee's
        return None
    found = None
    for ln in header:
        if ln.index >= min(inside):
            break
        # a town ends its address: the line's last part ("Firma · Str. 1 · 4051 Basel"), and of
        # the lines, the last that holds one (a house number before a street reads alike)
        last = _ADDRESS_SEPARATOR.split(ln.text.strip())[-1].strip()
        m = _POSTCODE_TOWN.match(last) or _TOWN_POSTCODE.match(last)
        town = m["town"].strip() if m else _town_after_street(ln.text.strip())
        if town and is_place_name(town) and not active().street.search(town):
            found = make_field("place", town, ADDRESS_CONFIDENCE, ln)
    return found


def _town_after_street(line_text: str) -> Optional[str]:
    """The town a street line ends in when no postcode marks it: "130 Glenbridge Lane,
    Coldhampton", "Bahnhofstrasse 11, Rosenbach", "12, rue Neuve, Vevey"."""
    parts = [part.strip() for part in line_text.split(",")]
    street = ", ".join(parts[:-1])  # "224, avenue de la Gare, Fontaine": the number parted too
    if not 2 <= len(parts) <= 3 or not re.search(r"\d", street) or not active().street.search(street):
        return None
    return parts[-1]
