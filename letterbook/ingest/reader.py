"""The work unit of ingest: read one letter (one or more files) into pages and fields.

The same function runs in a local worker process or on a Dask worker; it touches no
archive state, so its result is plain data the writer commits.
"""
from __future__ import annotations

import hashlib
import io
import os
import time
from pathlib import Path

from letterbook.ingest.extract import ExtractError, page_lines, read_pages
from letterbook.ingest.parse import parse_letter
from letterbook.model import Letter, ReadOptions, SourceFile


def load_source(path) -> SourceFile:
    """The file's bytes and hash, read once (OSError for a vanished or unreadable file)."""
    path = Path(path)
    with open(path, "rb") as handle:
        data = handle.read()
    return SourceFile(path=os.path.abspath(path), name=path.name, size=len(data),
                      sha256=hashlib.sha256(data).hexdigest(), data=data)


def read_letter(sources: list, options: ReadOptions) -> Letter:
    """Extract every page of the letter's files, lay them out and parse the letter."""
    reading = Letter(sources=sources)
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
    parsed = parse_letter(lines, reading.pages, options.date_order)
    reading.fields = parsed.fields
    reading.signature = parsed.signature_mark
    if parsed.signature_mark is not None and parsed.signature_mark.crop is not None:
        buffer = io.BytesIO()
        parsed.signature_mark.crop.save(buffer, format="PNG", optimize=True)
        reading.signature_png = buffer.getvalue()
    for page in reading.pages:  # the writer stores boxes, not pixels
        for mark in page.marks:
            mark.crop = None
    reading.timings["parse"] = time.perf_counter() - started
    return reading
