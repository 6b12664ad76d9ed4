"""stats --by: how an archive's letters spread over a field's values (years, months), counted
from the catalog with corrections applied.

Each way of counting is one function, catalog -> [(value, letters)] in the order to show,
None standing for the letters without a value; SPREADS names them, and `stats --by` offers
every name it holds. Counting by another field (a person, a place) is one more function and
one more entry.
"""
from __future__ import annotations

import json


def field_by_letter(catalog, name: str) -> dict:
    """{letter id: the field's value} of every live letter, a correction winning over the reading."""
    rows = catalog.db.execute(
        "SELECT l.id, (SELECT value FROM corrections c WHERE c.letter_id = l.id AND c.name = ?) fixed, "
        "(SELECT value FROM fields f WHERE f.letter_id = l.id AND f.name = ?) read "
        "FROM letters l WHERE l.removed_at IS NULL", (name, name))
    return {r[0]: json.loads(r[1] if r[1] is not None else r[2] or "null") for r in rows}


def _dated(catalog, width: int, step) -> list:
    """Counts of the dates' first `width` characters, every value between the first and the last
    listed (a gap is seen), the undated last."""
    counts, undated = {}, 0
    for value in field_by_letter(catalog, "date").values():
        if value:
            counts[value[:width]] = counts.get(value[:width], 0) + 1
        else:
            undated += 1
    out = []
    if counts:
        value, last = min(counts), max(counts)
        while value <= last:
            out.append((value, counts.get(value, 0)))
            value = step(value)
    return out + ([(None, undated)] if undated else [])


def _next_year(year: str) -> str:
    return f"{int(year) + 1:04d}"


def _next_month(month: str) -> str:
    year, number = int(month[:4]), int(month[5:7])
    return f"{year + number // 12:04d}-{number % 12 + 1:02d}"


def by_year(catalog) -> list:
    return _dated(catalog, 4, _next_year)


def by_month(catalog) -> list:
    return _dated(catalog, 7, _next_month)


# name -> (the counting function, what a letter without a value is called in the chart)
SPREADS = {"year": (by_year, "undated"), "month": (by_month, "undated")}


def spread(library, by: str) -> list:
    """[(value, letters)] of the archive counted one way (a key of SPREADS)."""
    return SPREADS[by][0](library.archive.catalog)
