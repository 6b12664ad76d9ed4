"""Plain data objects that flow through ingest: pages of words with boxes, then lines.

Coordinates are in the page's own units (PDF points or image pixels), origin top left.
Transcripts have no boxes; their lines carry character spans instead.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Optional

Box = tuple  # (x0, top, x1, bottom)

# The fields read from a letter, with the names of the export contract (../shared/eval/README.md).
FIELD_NAMES = ("ref", "your_ref", "date", "date_text", "addressee", "addressee_org", "salutation", "subject",
               "sender_org", "signatory", "signatory_title", "signatories", "closing", "has_signature", "cc",
               "enclosures")
LIST_FIELDS = ("signatories", "cc")


@dataclass
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    conf: Optional[float] = None  # OCR confidence 0-100; None for a text layer
    bold: bool = False
    size: Optional[float] = None  # font size (text layer) or glyph height (OCR)


@dataclass
class Page:
    number: int                 # 1-based, within the letter
    method: str                 # "text-layer", "ocr" or "transcript"
    text: str
    width: float = 0.0
    height: float = 0.0
    words: list = field(default_factory=list)   # list[Word]
    confidence: Optional[float] = None          # mean OCR word confidence, 0-100
    source: int = 0                             # index of the source file in the letter
    frame: int = 0                              # page or frame within that file
    # what the signature detector needs, kept only while the page is being read
    marks: list = field(default_factory=list)   # boxes of images/drawings (PDF) or ink blobs

    def words_json(self) -> list:
        return [asdict(w) for w in self.words]


@dataclass
class Line:
    """One line of a letter as the parser sees it."""
    text: str
    page: int
    box: Optional[Box] = None          # page coordinates, None for transcripts
    span: Optional[tuple] = None       # (start, end) characters in the page text
    gap: float = 0.0                   # blank space above, in line heights (transcripts: blank lines)
    align: str = "left"                # left, center or right
    height: float = 0.0                # typical glyph height (0 when unknown)
    bold: bool = False
    conf: Optional[float] = None       # mean OCR confidence of its words
    index: int = 0                     # position in the letter's line list


@dataclass
class FieldValue:
    name: str
    value: object
    confidence: float
    line: Optional[Line] = None

    def evidence(self) -> Optional[dict]:
        if self.line is None:
            return None
        return {"page": self.line.page, "box": list(self.line.box) if self.line.box else None,
                "span": list(self.line.span) if self.line.span else None, "line": self.line.text}
