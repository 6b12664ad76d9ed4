"""Was the letter signed by hand? A transcript says so in words ("[Handwritten signature]"); a
scan or PDF shows ink strokes or a pasted image between the closing and the typed name.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from letterbook.ingest.lexicon import active
from letterbook.ingest.parse.blocks import LetterText
from letterbook.model import Field, Line, Mark

_MARK_KINDS = {"ink": "ink strokes that are not print", "image": "an image", "drawing": "a drawing"}


@dataclass
class Signature:
    field: Field                    # has_signature, with its evidence
    mark: Optional[Mark] = None     # the mark taken as the hand signature


def read_signature(text: LetterText, closing: Optional[Line], name: Optional[Line]) -> Signature:
    """has_signature: described in the lines between closing and name, else a mark between them."""
    if closing is None:
        return Signature(Field("has_signature", False, 0.6, None))
    lexicon = active()
    between = text.live(closing.index + 1, name.index if name else closing.index + 4)
    described = [ln for ln in between + ([name] if name else [])
                 if lexicon.signature_words.search(ln.text) and not lexicon.unsigned.search(ln.text)]
    if described:
        return Signature(Field("has_signature", True, 0.9, described[0]))
    if any(lexicon.unsigned.search(ln.text) for ln in between):
        return Signature(Field("has_signature", False, 0.9, between[0]))
    mark = mark_between(text, closing, name)
    if mark is None:
        return Signature(Field("has_signature", False, 0.6, None))
    what = _MARK_KINDS.get(mark.kind, "a mark") + (" (blue ink)" if mark.blue else "")
    evidence = Line(text=f"{what} between the closing and the typed name", page=(name or closing).page,
                    box=tuple(float(v) for v in mark.box))
    return Signature(Field("has_signature", True, 0.85 if mark.blue else 0.75, evidence), mark)


def mark_between(text: LetterText, closing: Line, name: Optional[Line]) -> Optional[Mark]:
    """A mark whose middle lies below the closing and above the typed name (or within eight
    lines of the closing when no name was read)."""
    if closing.box is None:
        return None
    page_number = name.page if name else closing.page
    page = text.pages.get(page_number)
    if page is None:
        return None
    line_height = closing.box[3] - closing.box[1] or 10
    top = closing.box[1] + line_height * 0.5 if closing.page == page_number else 0
    bottom = name.box[3] if name is not None else closing.box[3] + line_height * 8
    for mark in page.marks:
        middle = (mark.box[1] + mark.box[3]) / 2
        if top <= middle <= bottom + line_height * 0.5:
            return mark
    return None
