"""Read a letter the way an archivist does: find its blocks, then each field in its block.

Input is the letter's lines (every page, in reading order) with their boxes or spans; output
is a Field per field, with a confidence and the line it came from. A field that is not in the
letter is absent: nothing is invented.

    blocks.py     running lines, a memo's header, salutation, closing, where the header ends
    header.py     references, letterhead, the letter's date, subject
    address.py    the inside address: addressee, addressee_org, the addressee's e-mail
    signoff.py    signatory and title, cc and enclosures
    signature.py  has_signature: described in words, or a mark between closing and typed name
    lines.py      what one line looks like (a name, an address, a closing...)
    cues.py       fuzzy matching of cue words that OCR misread
    fields.py     a Field from a value: OCR repairs for its kind, confidence from the line's
    place.py      the place of writing: before the date, or the town of the sender's address
    protocol.py   sender and addressee in a medieval letter's first sentence ("X to Y, greeting")
The words come from letterbook/ingest/lexicon, the OCR repairs from letterbook/ingest/repairs.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from letterbook.ingest.dating_clause import read_dating_clause
from letterbook.ingest.parse.blocks import find_blocks, letter_text
from letterbook.ingest.parse.fields import collect
from letterbook.ingest.parse.place import read_place
from letterbook.ingest.parse.protocol import read_protocol
from letterbook.ingest.parse.address import read_addressee, read_addressee_email
from letterbook.ingest.parse.header import numeric_date_order, read_letter_date, read_letterhead, \
    read_heading_above, read_references, read_subject
from letterbook.ingest.parse.signature import read_signature
from letterbook.ingest.parse.signoff import SignOff, read_cc_and_enclosures, read_sign_off, sign_off_anchor
from letterbook.model import Field, Mark

__all__ = ["Reading", "parse_letter"]


@dataclass
class Reading:
    fields: dict = field(default_factory=dict)      # name -> Field
    signature_mark: Optional[Mark] = None           # the mark taken as the hand signature

    def value(self, name: str):
        found = self.fields.get(name)
        return found.value if found else None


def parse_letter(lines: list, pages: list, date_order: str = None) -> Reading:
    """The letter's fields. date_order (DMY or MDY) reads numeric dates; None: from the letter's style."""
    text = letter_text(lines, pages)
    if not text.lines:
        return Reading({"has_signature": Field("has_signature", False, 0.5)})
    blocks = find_blocks(text)
    memo, header = blocks.memo, blocks.header
    fields = dict(memo.fields) if memo else {}
    fields.update(collect(blocks.salutation, blocks.closing))
    fields.update(read_references(text, header))

    letterhead = read_letterhead(text, header, memo is not None)
    fields.update(collect(letterhead))

    order = date_order or numeric_date_order(text, blocks.closing and blocks.closing.value,
                                             blocks.salutation and blocks.salutation.value)
    date_scope = text.live(0, blocks.body_start) if memo else header or text.live(0, 15)
    tail = text.live(blocks.closing_line.index) if blocks.closing else []
    fields.update(collect(*read_letter_date(text, date_scope, tail, order)))
    if "date" not in fields:
        fields.update(collect(*read_closing_dating_clause(text)))

    if "addressee" not in fields:  # a memo's To: line gave it
        fields.update(collect(*read_addressee(text, header, letterhead and letterhead.line, blocks.salutation_line,
                                              fields["date"].line if "date" in fields else None)))
    fields.update(collect(read_subject(text, header, blocks.salutation_line, blocks.body_start)))
    if "subject" not in fields:
        used = {f.line.index for f in fields.values() if f.line is not None}
        fields.update(collect(read_heading_above(text, header, blocks.salutation_line, used)))
    if "addressee" in fields:
        header_end = blocks.salutation_line.index if blocks.salutation else blocks.body_start
        fields.update(collect(read_addressee_email(text, fields["addressee"].line, header_end)))

    sign_off, anchor = SignOff(), None
    if blocks.closing and not (memo and "signatory" in fields):
        sign_off = read_sign_off(text, blocks.closing_line)
    elif not blocks.closing and not memo and blocks.salutation:
        anchor = sign_off_anchor(text, blocks.body_start)
        if anchor is not None:
            sign_off = read_sign_off(text, anchor)
            sign_off.fields = [Field(f.name, f.value, f.confidence * 0.7, f.line) for f in sign_off.fields if f]
    fields.update(collect(*sign_off.fields))
    if "sender_org" not in fields and sign_off.firm is not None:
        fields["sender_org"] = sign_off.firm

    start = blocks.closing_line.index if blocks.closing else \
        blocks.salutation_line.index if blocks.salutation else 0
    fields.update(collect(*read_cc_and_enclosures(text, start, header if memo else [])))

    if not blocks.salutation and not blocks.closing:
        fields.update({name: found for name, found in read_opening_protocol(text).items() if name not in fields})

    fields.update(collect(read_place(text, fields, header)))
    signature = read_signature(text, blocks.closing_line or anchor, sign_off.name_line)
    fields["has_signature"] = signature.field
    return Reading(fields, signature.mark)


def read_closing_dating_clause(text) -> list:
    """date and date_text from a medieval dating clause at the letter's end (dating_clause.py)."""
    lines = text.live()
    joined = "\n".join(line.text for line in lines)
    found = read_dating_clause(joined)
    if found is None:
        return []
    line = lines[joined.count("\n", 0, found.start)]
    return [Field("date", found.iso, 0.6, line), Field("date_text", found.text, 0.6, line)]


def read_opening_protocol(text) -> dict:
    """Sender, office and addressee from a first sentence in the medieval form, for a letter
    that has neither salutation nor closing (protocol.py)."""
    first = text.live(0, 3)
    if not first:
        return {}
    found = read_protocol("\n".join(line.text for line in first))
    if found is None:
        return {}
    line = first[0]
    return collect(Field("signatory", found.sender, 0.7, line), Field("addressee", found.addressee, 0.7, line),
                   Field("signatory_title", found.office, 0.6, line) if found.office else None)
