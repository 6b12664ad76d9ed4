"""From words with boxes to the lines a reader sees, and from lines to page text.

Words come in units (a Tesseract line, or text-layer words sharing a baseline); units
whose vertical extents overlap are one visual line, read left to right.
"""
from __future__ import annotations

import statistics
from collections import OrderedDict

from letterbook.model import Line, Word

# the space under most lines of a page (its lower quartile, in line heights) from which the page
# counts as typed with wide spacing, its gaps then counted from that spacing
WIDE_SPACING = 0.45


def _units(words: list) -> list:
    """Group words into provisional lines: by OCR line key, or by shared top for text layers."""
    keyed = OrderedDict()
    loose = []
    for w in words:
        unit = getattr(w, "unit", None)
        if unit is None:
            loose.append(w)
        else:
            keyed.setdefault(unit, []).append(w)
    units = list(keyed.values())
    loose.sort(key=lambda w: (w.top, w.x0))
    for w in loose:
        height = max(w.bottom - w.top, 1.0)
        for unit in reversed(units[-6:]):
            ref = unit[-1]
            if abs(ref.top - w.top) <= height * 0.35 and abs(ref.bottom - w.bottom) <= height * 0.5:
                unit.append(w)
                break
        else:
            units.append([w])
    return units


def _overlap(a, b) -> float:
    """Vertical overlap of two (top, bottom) ranges as a share of the smaller."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    smaller = min(a[1] - a[0], b[1] - b[0]) or 1.0
    return shared / smaller


_SHORT_WORDS = {"a", "i", "an", "as", "at", "be", "by", "do", "he", "if", "in", "is", "it", "me", "my", "no", "of",
                "on", "or", "so", "to", "up", "us", "we", "mr", "ms", "dr", "rt", "st", "mrs", "pp", "cc", "re"}


def _is_speck(word: Word) -> bool:
    """A stray mark read as a tiny doubtful word ("oo", "ee", "8" beside a letterhead)."""
    return (word.conf is not None and word.conf < 40 and sum(ch.isalnum() for ch in word.text) <= 2
            and word.text.strip(".,:;'’").lower() not in _SHORT_WORDS)


def _without_specks(unit: list) -> list:
    """The unit's words less the specks that stand apart. A doubtful short word close beside
    others is part of the line ("Date: 6 June 2019" with the 6 at 32, "RE:" at 25 before a
    subject); dirt lies in the margins and gaps, away from the words."""
    unit = sorted(unit, key=lambda w: w.x0)
    kept = []
    for n, word in enumerate(unit):
        if word.conf is None:
            kept.append(word)
            continue
        height = max((w.bottom - w.top for w in unit if w is not word), default=0.0)
        neighbours = [w for w in unit[max(0, n - 1):n + 2] if w is not word]
        if _is_speck(word):
            if not any(not _is_speck(w) and max(w.x0 - word.x1, word.x0 - w.x1) <= height * 0.8
                       for w in neighbours):
                continue
        elif not any(ch.isalnum() for ch in word.text):
            # punctuation alone in the margin, however sure Tesseract is of it (";  .  Information
            # Governance Team"): it would move the line's left edge and its alignment with it
            if all(max(w.x0 - word.x1, word.x0 - w.x1) > height * 1.5 for w in neighbours):
                continue
        kept.append(word)
    return kept


def lines_from_words(words: list, page: int, page_width: float) -> list:
    """Visual lines of one page, top to bottom, with gap, alignment, height and boldness."""
    units = [_without_specks(u) for u in _units(words)]
    units = [u for u in units if u]
    units.sort(key=lambda u: min(w.top for w in u))
    rows: list = []
    for unit in units:
        span = (statistics.median(w.top for w in unit), statistics.median(w.bottom for w in unit))
        if rows and _overlap(rows[-1][0], span) > 0.5:
            rows[-1][1].extend(unit)
        else:
            rows.append([span, list(unit)])
    lines = []
    heights = []
    for _, row in rows:
        row.sort(key=lambda w: w.x0)
        heights.append(statistics.median(w.bottom - w.top for w in row))
    typical = statistics.median(heights) if heights else 1.0
    previous_bottom = None
    for (_, row), height in zip(rows, heights):
        x0, top = min(w.x0 for w in row), min(w.top for w in row)
        x1, bottom = max(w.x1 for w in row), max(w.bottom for w in row)
        text = _join(row, typical)
        # medians, not extremes: a speck of dirt must not make a line look taller
        mid_top, mid_bottom = statistics.median(w.top for w in row), statistics.median(w.bottom for w in row)
        gap = 0.0 if previous_bottom is None else max(0.0, (mid_top - previous_bottom) / (typical * 1.2) - 0.25)
        confs = [w.conf for w in row if w.conf is not None]
        lines.append(Line(text=text, page=page, box=(round(x0, 1), round(top, 1), round(x1, 1), round(bottom, 1)),
                          gap=round(gap, 2), align=_align(x0, x1, page_width), height=height,
                          bold=sum(w.bold for w in row) > len(row) / 2,
                          conf=round(sum(confs) / len(confs), 1) if confs else None))
        previous_bottom = mid_bottom
    return _beyond_usual_spacing(lines)


def _beyond_usual_spacing(lines: list) -> list:
    """Gaps counted from the page's own line spacing: a letter typed with a line and a half
    between lines (as many typewritten letters are) has space under every line, and only what
    goes beyond that parts its blocks."""
    gaps = sorted(line.gap for line in lines[1:])
    if len(gaps) < 8:
        return lines
    usual = gaps[len(gaps) // 4]
    if usual < WIDE_SPACING:
        return lines
    for line in lines[1:]:
        line.gap = round(max(0.0, line.gap - usual), 2)
    return lines


def _join(row: list, typical: float) -> str:
    """Words of one visual line; a wide gap between two columns becomes a tab-like run of spaces."""
    parts = [row[0].text]
    for before, word in zip(row, row[1:]):
        parts.append("   " if word.x0 - before.x1 > typical * 4 else " ")
        parts.append(word.text)
    return "".join(parts)


def _align(x0: float, x1: float, width: float) -> str:
    if not width:
        return "left"
    left, right = x0 / width, (width - x1) / width
    if left > 0.35 and right < 0.2:
        return "right"
    if abs(left - right) < 0.06 and left > 0.15:
        return "center"
    return "left"


def page_text(lines: list) -> str:
    """The page as text: one line per visual line, a blank line where a block follows space."""
    out = []
    for line in lines:
        if out and line.gap >= 0.6:
            out.append("")
        out.append(line.text)
    return "\n".join(out)
