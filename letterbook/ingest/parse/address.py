"""Reading the inside address: addressee, addressee_org and the addressee's e-mail.

The inside address is the first block of the header that is not the sender's: a person's name
and then a firm, or a firm and then a person ("Société X" / "à l'attention de Monsieur Y"), or a
firm alone. European letters set the form of address on a line of its own ("Herrn" / "Dr. A.
Seifert") and the references beside the address (DIN 5008: "Herr Hubertus Stumpf   Unser
Zeichen: K/Ri"); both are read as the layout they are.
"""
from __future__ import annotations

import re
from typing import Optional

from letterbook.ingest.dates import find_dates, is_place_and_figures
from letterbook.ingest.lexicon import active
from letterbook.ingest.parse.cues import distance
from letterbook.ingest.parse.blocks import LetterText
from letterbook.ingest.parse.fields import clean_value, make_field
from letterbook.ingest.parse.lines import block_break, is_address_like, is_heading_like, is_page_marker, \
    is_reference_line, looks_like_garbled_date
from letterbook.model import Field, Line

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# a sender's return line over a window envelope's address, or a letterhead strip:
# "Reederei Schaaf & Co. · Rheinallee 151 · 55116 Mainz"; OCR reads the dots as "-" or ":",
# which then part the line at least twice
_STRIP = re.compile(r"\s[·•|]\s.*\s[·•|]\s|\s([-–:])\s.*\s\1\s")
_LABELLED = re.compile(r"^[\w .'/-]{1,25}:\s*\S")   # "Name: Inna Kabus", "Telefon: ..."
# OCR's confidence in a line below which it is print Tesseract could not read (a letterhead's
# list of partners in small type, a stamp): never the start of the inside address
NOISE_CONF = 40


def address_part(line_text: str) -> str:
    """The address's own part of a line it shares with the reference block set beside it."""
    parts = re.split(r"\s{3,}", line_text.strip())
    if len(parts) > 1 and any(_is_information(part) for part in parts[1:]):
        return parts[0]
    return line_text.strip()


def _is_information(part: str) -> bool:
    lexicon = active()
    return bool(is_reference_line(part) or lexicon.contact.search(part) or lexicon.date_label.match(part)
                or find_dates(part) or _LABELLED.match(part))


def _first_word(value: str) -> str:
    return value.split()[0].lower().rstrip(".,") if value.split() else ""


def _is_person(value: str) -> bool:
    """A line that names a person: it opens with a form of address ("Herrn", "Monsieur", "Dr.")."""
    return _first_word(value) in active().honorifics


def _is_company(value: str) -> bool:
    lexicon = active()
    if lexicon.org_prefix.match(value):  # "Messieurs Lefèvre, Gautier & Cie", "i/Fa. Bodmer & Cie."
        return True
    return not _is_person(value) and bool(lexicon.company_form.search(value) or lexicon.org_words.search(value))


def _is_department(value: str) -> bool:
    """A short line that names an office rather than a person or firm: "An die Direktion"."""
    rest = active().org_prefix.sub("", value, count=1).split()
    return 0 < len(rest) <= 3 and bool(active().job_words.fullmatch(rest[0]))


def _firm(value: str) -> str:
    """A firm's name without the words that introduce it ("i/Fa. Bodmer & Cie." -> "Bodmer & Cie.")."""
    return active().org_prefix.sub("", value, count=1).strip() or value


def read_addressee(text: LetterText, header: list, letterhead: Optional[Line], salutation: Optional[Line],
                   date_line: Optional[Line] = None) -> list:
    """addressee and addressee_org: an attention line, the inside address, or the salutation's name.
    date_line, the letter's dateline when it was read: an address block under it is the inside
    address, whatever blocks (a letterhead's list of officers) stand above it."""
    lexicon = active()
    for n, ln in enumerate(header):
        m = lexicon.attention.match(address_part(ln.text))
        if m:
            above = address_part(header[n - 1].text) if n else ""
            firm = make_field("addressee_org", _firm(clean_value(above)), 0.7, header[n - 1]) \
                if n and _is_company(above) and not block_break(ln) else None
            return [make_field("addressee", clean_value(m["v"]), 0.9, ln), firm]
    block = _inside_address(text, header, letterhead)
    if block and date_line is not None and block[0].index < date_line.index:
        below = _inside_address(text, [ln for ln in header if ln.index > date_line.index], None)
        if len(below) >= 2 and (_is_person(address_part(below[0].text)) or any(
                is_address_like(address_part(ln.text)) for ln in below)):
            block = below
    if not block:
        return [_addressee_from_salutation(salutation)] if salutation else []
    values = [clean_value(address_part(ln.text)).rstrip(",") for ln in block]
    if lexicon.org_prefix.fullmatch(values[0] + " ") or values[0].lower().rstrip(".") in ("firma", "tit"):
        block, values = block[1:], values[1:]  # "Firma" alone over the firm's name
        if not block:
            return []
    if len(values) > 1 and _first_word(values[0]) in lexicon.honorifics and len(values[0].split()) == 1:
        # "Herrn" / "Dipl.-Ing. T. Walder-Sarasin": the form of address on a line of its own
        values = [values[0] + " " + values[1]] + values[2:]
        block = [block[0]] + block[2:]
    if len(values) > 1 and _is_department(values[0]) and lexicon.genitive.match(values[1]):
        # "An die Direktion" / "der Rheinschiffahrt AG": the department addressed, then its firm
        firm = _firm(lexicon.genitive.sub("", values[1], count=1))
        return [make_field("addressee", values[0], 0.8, block[0]), make_field("addressee_org", firm, 0.75, block[1])]
    if _is_company(values[0]):
        person = next((n for n, v in enumerate(values[1:3], 1) if _is_person(v)), None)
        firm = make_field("addressee_org", _firm(values[0]), 0.75, block[0])
        if person is None:
            return [firm]  # a firm addressed as such
        return [make_field("addressee", values[person], 0.8, block[person]), firm]
    if not is_heading_like(values[0]):
        return []
    return [make_field("addressee", _form_of_address_from(salutation, values[0]), 0.85, block[0]),
            _addressee_org(text, block, values)]


def _inside_address(text: LetterText, header: list, letterhead: Optional[Line]) -> list:
    """The lines of the first header block that is not the sender's."""
    lexicon = active()
    start = 0
    if letterhead is not None:
        # the sender's own block runs on until the first vertical space
        start = letterhead.index + 1
        while start < len(header) and not block_break(text.lines[start]):
            start += 1
    sender_blocks = _blocks_with_contacts(header)
    block = []
    for ln in header:
        if ln.index < start or ln.index in sender_blocks:
            continue
        line_text = address_part(ln.text)
        skip = (ln.align != "left" and not _is_person(line_text) and not block and not _heads_a_column(ln, header)
                or not line_text
                or (not block and ln.conf is not None and ln.conf < NOISE_CONF)
                or lexicon.contact.search(line_text)
                or is_reference_line(line_text) or _STRIP.search(line_text)
                or lexicon.document_kind.match(line_text) or is_page_marker(line_text)
                or lexicon.subject_label.match(line_text)
                or (find_dates(line_text) and len(line_text.split()) <= 6) or lexicon.date_label.match(line_text)
                or is_place_and_figures(line_text) or lexicon.mailing_notation.match(line_text)
                or looks_like_garbled_date(line_text))
        if block and (block_break(ln) and not text.is_transcript or skip):
            if not is_address_like(line_text) or skip:
                break
        if skip:
            continue
        if not block and line_text.lower().startswith(lexicon.care_of):
            continue
        block.append(ln)
    return block


# how far (in line heights) the left edges of an address's lines may stray from each other
COLUMN_TOLERANCE = 1.0


def _heads_a_column(ln: Line, header: list) -> bool:
    """A line set to the right that begins a block of lines sharing its left edge: the inside
    address where French and Swiss letters put it, not a dateline or a letterhead's line."""
    if ln.box is None:
        return False
    after = [other for other in header if other.index > ln.index][:2]
    if len(after) < 2 or any(block_break(other) or other.box is None for other in after):
        return False
    tolerance = COLUMN_TOLERANCE * (ln.height or 20)
    return all(abs(other.box[0] - ln.box[0]) <= tolerance for other in after)


def _blocks_with_contacts(header: list) -> set:
    """Lines of header blocks that give a phone, email or web address: the sender's details."""
    lexicon = active()
    blocks, current = [], []
    for ln in header:
        if current and block_break(ln):
            blocks.append(current)
            current = []
        current.append(ln)
    blocks.append(current)
    addressed = lexicon.care_of + lexicon.attention_words  # an addressee's lines may give an email too
    found = set()
    for block in blocks:
        # the reference block set beside an address gives a phone too, but not on the address's side
        if any(lexicon.contact.search(address_part(ln.text)) and not ln.text.lower().startswith(addressed)
               for ln in block) and len(block) > 1:
            found.update(ln.index for ln in block)
    return found


def _addressee_org(text: LetterText, block: list, values: list) -> Optional[Field]:
    """The organisation line under the addressee's name, before the street; where a department
    comes first ("Pulmonary Toxicology" / "Microbiological Associates, Inc."), the line with the
    firm's legal form."""
    lexicon = active()
    following = list(zip(block[1:], values[1:]))
    if text.is_transcript:
        # transcripts separate their blocks with blank lines; only lines straight after count
        following = following[:next((n for n, (ln, _) in enumerate(following) if ln.gap), len(following))]
    found = []
    for n, (ln, value) in enumerate(following[:3]):
        if value.lower().startswith(lexicon.care_of) or is_address_like(value) or re.search(r"\d", value):
            break  # a street line: organisations' names seldom carry numbers
        if lexicon.job_words.search(value) and not lexicon.org_words.search(value) and n + 1 < len(following):
            continue
        if len(value.split()) > 8:
            break
        found.append((ln, value))
    if not found:
        return None
    ln, value = next(((ln, value) for ln, value in found if lexicon.company_form.search(value)), found[0])
    return make_field("addressee_org", _firm(value), 0.75, ln)


def _form_of_address_from(salutation: Optional[Line], name: str) -> str:
    """The addressee's name with its form of address as the salutation prints it, where OCR
    garbled it into no known form ("Mis, Mel Feany" over "Dear Ms. Feany:"): the same person,
    known by the surname both lines end in."""
    words = name.split()
    said = re.sub(r"^\W*\w+\s+", "", salutation.text).strip(" ,:;!").split() if salutation else []
    if len(words) < 2 or len(said) < 2 or len(said[-1]) < 4:
        return name
    form, garbled = said[0], words[0].rstrip(".,")
    honorifics = active().honorifics
    if form.rstrip(".").lower() not in honorifics or garbled.lower() in honorifics or len(garbled) > 4 \
            or garbled[:1] != form[:1] or distance(garbled.lower(), form.rstrip(".").lower(), 2) > 1 \
            or distance(words[-1].lower(), said[-1].lower(), 2) > 1:
        return name
    return " ".join([form] + words[1:])


def _addressee_from_salutation(salutation: Line) -> Optional[Field]:
    """ "Dear Ms Reed," names its addressee; "Dear Sir or Madam," does not."""
    name = re.sub(r"^\W*\w+\s+", "", salutation.text).strip(" ,:!")
    if name and name.lower() not in active().generic_addressees:
        return make_field("addressee", name, 0.5, salutation)
    return None


def read_addressee_email(text: LetterText, addressee_line: Optional[Line], header_end: int) -> Optional[Field]:
    """An e-mail address in the inside address: on the addressee's line or the lines after it,
    before the body ("C/o AssemblyChair@london.gov.uk"); the letterhead's own sits above it."""
    if addressee_line is None:
        return None
    for ln in text.live(addressee_line.index, max(header_end, addressee_line.index + 1)):
        found = EMAIL.search(address_part(ln.text))
        if found:
            return Field("addressee_email", found.group(0).rstrip("."), 0.8, ln)
    return None
