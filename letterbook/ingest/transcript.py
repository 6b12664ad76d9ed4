"""Plain-text transcripts: decode them, split pages at form feeds, make lines with spans."""
from __future__ import annotations

import re

from letterbook.model import Line, Page


class TranscriptError(Exception):
    pass


def decode(data: bytes) -> str:
    """UTF-8, UTF-16/32 with a BOM, or a legacy 8-bit encoding (detected)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    for bom, codec in ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
                       (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes
    best = from_bytes(data).best()
    if best is None:
        raise TranscriptError("text in an encoding that could not be detected")
    return str(best)


_CONTROL = re.compile(r"[^\n\t\f\S ]|[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def read_transcript(data: bytes) -> list:
    text = decode(data).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise TranscriptError("text file with no text")
    # control characters other than line, tab and page breaks mean binary data
    unprintable = len(_CONTROL.findall(text))
    if unprintable > len(text) * 0.05:
        raise TranscriptError("binary content, not text")
    return [Page(number=i + 1, method="transcript", text=chunk.strip("\n"))
            for i, chunk in enumerate(text.split("\f"))]


def transcript_lines(page: Page) -> list:
    """Non-blank lines of a transcript page; gap is the number of blank lines above."""
    lines, blanks, offset = [], 0, 0
    for raw in page.text.split("\n"):
        start = offset
        offset += len(raw) + 1
        stripped = raw.strip()
        if not stripped:
            blanks += 1
            continue
        lead = len(raw) - len(raw.lstrip())
        # a wide gap (columns side by side, as two signatories) stays a three-space run
        columns = [" ".join(part.split()) for part in re.split(r"\t+| {3,}", stripped)]
        lines.append(Line(text="   ".join(columns), page=page.number,
                          span=(start + lead, start + lead + len(stripped)), gap=float(blanks)))
        blanks = 0
    return lines
