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

from letterbook.ingest.discover import sniff
from letterbook.ingest.extract import ExtractError, page_lines, read_pages
from letterbook.ingest.parse import parse_letter
from letterbook.model import Letter, ReadOptions, SourceFile


# Transcripts are read whole, decoded and parsed in memory (a 200 MB one ran for minutes at
# over 1.5 GB); a letter's text is a few kilobytes, and 10 MB is thousands of pages of it.
TRANSCRIPT_MAX_BYTES = 10 * 2**20
# Scans and PDFs: the default of --max-bytes. The bytes of a letter are held in memory and
# sent to a worker; a letter of hundreds of pages at 300 dpi stays well under it.
MAX_BYTES = 512 * 2**20
_CHUNK = 2**20


class TooLarge(Exception):
    """The file is larger than a letter of its kind may be; the message says both sizes."""


def parse_size(text: str) -> int:
    """A size as --max-bytes takes it: 2000000, 500K, 200M, 1G (powers of 1024)."""
    import re
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*", str(text), re.IGNORECASE)
    if not match or float(match[1]) <= 0:
        raise ValueError(f"{text!r} is not a size (e.g. 200M, 1G, 500000)")
    return int(float(match[1]) * 1024 ** "_kmgt".index(match[2].lower() or "_"))


def megabytes(size: int) -> str:
    return f"{size / 2**20:,.1f} MB" if size < 2**30 else f"{size / 2**30:,.1f} GB"


def load_source(path, max_bytes: int = MAX_BYTES) -> tuple:
    """(the file as a SourceFile, its media type). The type is told from the first bytes and
    the size checked against the limit for that type before anything else is read; the hash
    is taken over chunks as they come. UnsupportedFile, TooLarge, or OSError for a vanished
    or unreadable file."""
    path = Path(path)
    with open(path, "rb") as handle:
        head = handle.read(2048)
        media = sniff(head)
        size = os.fstat(handle.fileno()).st_size
        limit = min(max_bytes, TRANSCRIPT_MAX_BYTES) if media == "text/plain" else max_bytes
        if size > limit:
            kind = "a transcript" if media == "text/plain" else "a PDF" if media == "application/pdf" else "an image"
            raise TooLarge(f"file of {megabytes(size)} is too large for {kind} (the limit is {megabytes(limit)}; "
                           "see --max-bytes)")
        digest, chunks = hashlib.sha256(head), [head]
        while True:
            chunk = handle.read(_CHUNK)
            if not chunk:
                break
            digest.update(chunk)
            chunks.append(chunk)
            if sum(map(len, chunks)) > limit:  # it grew while being read
                raise TooLarge(f"file grew past the limit of {megabytes(limit)} while being read")
    data = b"".join(chunks)
    return SourceFile(path=os.path.abspath(path), name=path.name, size=len(data),
                      sha256=digest.hexdigest(), data=data), media


def reads_as_letter(reading: Letter) -> bool:
    """A text found among letters is one when the parser finds a line a letter has: a date, an
    address, a salutation or a closing. Notes, read-me files and lists have none of them (a
    reference alone is not enough: a read-me quotes one)."""
    return any(reading.value(name) for name in ("date", "salutation", "closing", "addressee", "addressee_org"))


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
