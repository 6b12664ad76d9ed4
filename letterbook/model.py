"""Plain data that every part of letterbook shares: a letter as read, and as archived.

This module imports nothing of letterbook. Ingest produces a `Letter` (its files, pages of
words, lines and fields, each field with the evidence it was read from); the archive keeps it
and gives back a `LetterRecord`, the one shape in which the catalog, the index, exports, bags
and `show --json` see an archived letter. The export contract (../shared/eval/README.md) is
`LetterRecord.export_row`.

Coordinates are in the page's own units (PDF points or image pixels), origin top left.
Transcripts have no boxes; their lines carry character spans instead.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Optional

Box = tuple  # (x0, top, x1, bottom)

# The fields read from a letter, with the names of the export contract, and their kinds.
FIELD_KINDS = {
    "ref": "text", "your_ref": "text", "date": "date", "date_text": "text", "addressee": "text",
    "addressee_org": "text", "addressee_email": "text", "salutation": "text", "subject": "text",
    "sender_org": "text", "signatory": "text", "signatory_title": "text", "signatories": "list",
    "closing": "text", "has_signature": "bool", "cc": "list", "enclosures": "text", "place": "text",
}
FIELD_NAMES = tuple(FIELD_KINDS)
LIST_FIELDS = tuple(name for name, kind in FIELD_KINDS.items() if kind == "list")


def empty_value(name: str):
    """What a field holds when the letter does not give it."""
    kind = FIELD_KINDS[name]
    return [] if kind == "list" else False if kind == "bool" else None


def field_value_problem(name: str, value) -> Optional[str]:
    """Why value cannot be the field's value (as JSON holds it: a bag's corrections), or None.

    The same rules as `edit --set`: a known field; a date as YYYY-MM-DD; yes/no as a boolean;
    a list of texts; otherwise a text. None unsets any field.
    """
    import datetime as dt
    if name not in FIELD_KINDS:
        return f"unknown field {name!r}"
    if value is None:
        return None
    kind = FIELD_KINDS[name]
    if kind == "bool":
        return None if isinstance(value, bool) else f"{name} must be true or false, not {value!r}"
    if kind == "list":
        ok = isinstance(value, list) and all(isinstance(item, str) for item in value)
        return None if ok else f"{name} must be a list of texts, not {value!r}"
    if not isinstance(value, str):
        return f"{name} must be a text, not {value!r}"
    if kind == "date":
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return f"{name} must be YYYY-MM-DD, not {value!r}"
    return None


# Characters a terminal may act on rather than show: C0 controls, DEL, C1 controls (0x9b is
# CSI, 0x9d OSC) and the bidirectional overrides and isolates, which reorder what follows.
_UNSHOWABLE = [c for c in range(0x20)] + [0x7f] + list(range(0x80, 0xa0)) \
    + list(range(0x202a, 0x202f)) + list(range(0x2066, 0x206a))
_SHOWN_AS = {c: (f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}") for c in _UNSHOWABLE}
_SHOWN_IN_LAYOUT = {**_SHOWN_AS, ord("\n"): "\n", ord("\t"): "\t", ord("\f"): "\f"}


def visible(text, layout: bool = False) -> str:
    """Text from a letter or a file name, safe to print to a terminal: every character that
    could act as a control sequence (ESC, BEL, CSI, a bidi override...) is shown as an
    escape (\\x1b, \\u202e) instead. layout=True keeps newlines, tabs and form feeds (a
    letter's lines and pages), which the caller lays out."""
    if not isinstance(text, str):
        return text
    return text.translate(_SHOWN_IN_LAYOUT if layout else _SHOWN_AS)


@dataclass
class ReadOptions:
    """How to read letters: the choices a user makes at ingest."""
    lang: str = "eng"           # Tesseract languages, e.g. eng+deu
    ocr: str = "auto"           # auto: OCR pages without real text; always; never
    password: Optional[str] = None
    max_pages: int = 500
    ocr_timeout: float = 180.0  # seconds a page may take before Tesseract is stopped
    date_order: Optional[str] = None  # DMY or MDY for numeric dates; None: from the letter's style
    max_bytes: int = 512 * 2**20  # larger files are refused (transcripts: 10 MB at most)

    def as_params(self) -> dict:
        return {"lang": self.lang, "ocr": self.ocr, "date_order": self.date_order, "max_pages": self.max_pages}


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
class Mark:
    """Something on a page that is not print: ink strokes, an embedded image, a drawing."""
    box: Box
    kind: str                   # "ink", "image" or "drawing"
    blue: bool = False          # ink of a blue hue (a pen, not the typewriter)
    cells: int = 0              # its size in ink cells (ink marks), to rank them
    crop: Any = None            # the mark's pixels (a PIL image) while the page is read; never stored


@dataclass
class Page:
    number: int                 # 1-based, within the letter
    method: str                 # "text-layer", "ocr", "transcript" or "none"
    text: str
    width: float = 0.0
    height: float = 0.0
    words: list = field(default_factory=list)   # list[Word]
    confidence: Optional[float] = None          # mean OCR word confidence, 0-100
    source: int = 0                             # index of the source file in the letter
    frame: int = 0                              # page or frame within that file
    marks: list = field(default_factory=list)   # list[Mark]

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
class Field:
    """A field's value as read, how sure the reading is, and the line it came from."""
    name: str
    value: object
    confidence: float
    line: Optional[Line] = None
    box: Optional[Box] = None          # where on the page, when narrower than the line (a mark)

    def evidence(self) -> Optional[dict]:
        if self.line is None:
            return None
        box = self.box or self.line.box
        return {"page": self.line.page, "box": list(box) if box else None,
                "span": list(self.line.span) if self.line.span else None, "line": self.line.text}


@dataclass
class SourceFile:
    """One file of a letter, as it came in."""
    path: str
    name: str
    size: int
    sha256: str
    data: bytes = None   # the original's bytes, carried to the writer to store
    media_type: str = ""


def letter_hash(sha256s: list) -> str:
    """A letter's identity: its one file's hash, or the hash of its files' hashes in order."""
    if len(sha256s) == 1:
        return sha256s[0]
    return hashlib.sha256("\n".join(sha256s).encode()).hexdigest()


@dataclass
class Letter:
    """A letter as ingest read it: its files, pages and fields (with evidence)."""
    sources: list                                   # list[SourceFile]
    pages: list = field(default_factory=list)       # list[Page], numbered across the letter
    fields: dict = field(default_factory=dict)      # name -> Field
    signature: Optional[Mark] = None                # the mark taken as the hand signature
    signature_png: bytes = None                     # its pixels, to keep beside the original
    error: str = None                               # the reason, when the letter could not be read
    error_path: str = None
    timings: dict = field(default_factory=dict)     # stage -> seconds

    @property
    def content_hash(self) -> str:
        return letter_hash([s.sha256 for s in self.sources])

    def value(self, name: str):
        found = self.fields.get(name)
        return found.value if found else empty_value(name)


@dataclass
class LetterRecord:
    """An archived letter as the catalog holds it: the one shape every reader of the archive uses."""
    id: str
    format: str                                     # pdf, scan-pdf, image, txt, mixed...
    fields: dict                                    # name -> value, corrections applied
    extracted: dict = field(default_factory=dict)   # name -> {"value", "confidence", "evidence"} as read
    corrections: dict = field(default_factory=dict) # name -> {"value", "who", "at"}
    sources: list = field(default_factory=list)     # dicts: seq, name, original_path, sha256, size, media_type, stored
    pages: list = field(default_factory=list)       # dicts: number, method, text, confidence, width, height, words
    derivatives: list = field(default_factory=list) # dicts: kind, path, sha256
    removed: bool = False
    ingested_at: float = 0.0
    in_reply_to: list = field(default_factory=list) # ids of the letters it answers (reply links)
    persons: list = field(default_factory=list)     # dicts: person, name, role, printed, variants, ref, is_org

    @property
    def text(self) -> str:
        """The letter's text, pages separated by form feeds."""
        return "\f".join(p["text"] for p in self.pages)

    def value(self, name: str):
        value = self.fields.get(name)
        return empty_value(name) if value is None else value

    def export_row(self) -> dict:
        """The letter as the export contract has it (jsonl and csv)."""
        names = [s["name"] for s in self.sources]
        row = {"id": self.id, "source": names[0] if len(names) == 1 else names, "format": self.format}
        for name in FIELD_NAMES:
            row[name] = self.value(name)
        row["has_signature"] = bool(row["has_signature"])
        row["persons"] = [dict({"name": p["name"], "role": p["role"]},
                               **({"variants": p["variants"]} if len(p["variants"]) > 1 else {}), ref=p["ref"])
                          for p in self.persons]
        row["in_reply_to"] = list(self.in_reply_to)
        row["text"] = self.text
        return row


def csv_cell(value):
    """An export value in one CSV cell: lists joined by '; ', a person as 'name (role) <ref>'."""
    if isinstance(value, list):
        return "; ".join(csv_cell(v) for v in value)
    if isinstance(value, dict):
        return f"{value['name']} ({value['role']})" + (f" <{value['ref']}>" if value.get("ref") else "")
    return value
