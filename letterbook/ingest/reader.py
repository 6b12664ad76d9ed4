"""The work unit of ingest: read one letter (one or more files) into pages and fields.

The same function runs in a local worker process or on a Dask worker; it touches no
archive state, so its result is plain data the writer commits.
"""
from __future__ import annotations

import hashlib
import io
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from letterbook.ingest.extract import ExtractError, Options, page_lines, read_pages
from letterbook.ingest.letter import parse_letter


@dataclass
class SourceFile:
    path: str
    name: str
    size: int
    sha256: str
    data: bytes = None   # the original's bytes, carried to the writer to store


@dataclass
class LetterReading:
    sources: list                                   # list[SourceFile]
    pages: list = field(default_factory=list)       # list[Page], numbered across the letter
    fields: dict = field(default_factory=dict)      # name -> FieldValue
    signature_png: bytes = None
    error: str = None                               # the reason, when the letter could not be read
    error_path: str = None
    timings: dict = field(default_factory=dict)     # stage -> seconds

    @property
    def content_hash(self) -> str:
        return letter_hash([s.sha256 for s in self.sources])


def letter_hash(sha256s: list) -> str:
    if len(sha256s) == 1:
        return sha256s[0]
    return hashlib.sha256("\n".join(sha256s).encode()).hexdigest()


def load_source(path) -> SourceFile:
    """The file's bytes and hash, read once (OSError for a vanished or unreadable file)."""
    path = Path(path)
    with open(path, "rb") as handle:
        data = handle.read()
    return SourceFile(path=os.path.abspath(path), name=path.name, size=len(data),
                      sha256=hashlib.sha256(data).hexdigest(), data=data)


def read_letter(sources: list, options: Options, date_order: str = None) -> LetterReading:
    """Extract every page of the letter's files, lay them out and parse the letter."""
    reading = LetterReading(sources=sources)
    started = time.perf_counter()
    number = 0
    for seq, source in enumerate(sources):
        try:
            pages = read_pages(Path(source.path), source.data, options)
        except ExtractError as err:
            reading.error, reading.error_path = str(err), source.path
            return reading
        except MemoryError:
            reading.error, reading.error_path = "not enough memory to read this file", source.path
            return reading
        for page in pages:
            number += 1
            page.number, page.source = number, seq
            reading.pages.append(page)
    reading.timings["extract"] = time.perf_counter() - started
    started = time.perf_counter()
    lines = []
    for page in reading.pages:
        lines.extend(page_lines(page))
    parsed = parse_letter(lines, reading.pages, date_order)
    reading.fields = parsed.fields
    if parsed.signature_mark and parsed.signature_mark.get("crop") is not None:
        buffer = io.BytesIO()
        parsed.signature_mark["crop"].save(buffer, format="PNG", optimize=True)
        reading.signature_png = buffer.getvalue()
    for page in reading.pages:  # the writer stores boxes, not pixels
        page.marks = [{k: v for k, v in m.items() if k != "crop"} for m in page.marks]
    reading.timings["parse"] = time.perf_counter() - started
    return reading
