"""stats --by: how an archive's letters spread over a field's values (years, months, places)
or over the persons they name, counted from the catalog with corrections applied.

Each way of counting is one function, catalog -> [(value, letters)] of the values some letter
has, in the order to show, None standing for the letters without a value; SPREADS names them
(with what such letters are called, and for ordered values such as years the value after a
value, so that a chart shows the gaps; unordered values are ranked, the commonest first).
`stats --by` offers every name SPREADS holds: counting another way is one more function and
one more entry.
"""
from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Optional

# a gap of more empty years or months than this is one line of the chart, not one line each
GAP_SHOWN = 3
# a chart of persons or places shows the commonest this many; --json lists them all
TOP_SHOWN = 20


def field_by_letter(catalog, name: str) -> dict:
    """{letter id: the field's value} of every live letter, a correction winning over the reading."""
    rows = catalog.db.execute(
        "SELECT l.id, (SELECT value FROM corrections c WHERE c.letter_id = l.id AND c.name = ?) fixed, "
        "(SELECT value FROM fields f WHERE f.letter_id = l.id AND f.name = ?) read "
        "FROM letters l WHERE l.removed_at IS NULL", (name, name))
    return {r[0]: json.loads(r[1] if r[1] is not None else r[2] or "null") for r in rows}


def _dates_cut(catalog, width: int) -> list:
    """Counts of the letters' dates cut to their first `width` characters, in order; undated last."""
    counts = Counter(value[:width] if value else None for value in field_by_letter(catalog, "date").values())
    undated = counts.pop(None, 0)
    return sorted(counts.items()) + ([(None, undated)] if undated else [])


def by_year(catalog) -> list:
    return _dates_cut(catalog, 4)


def by_month(catalog) -> list:
    return _dates_cut(catalog, 7)


def _ranked(counts: Counter, without: int) -> list:
    """Values by their letters, most first (then by name); the letters without one last."""
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return ranked + ([(None, without)] if without else [])


def by_place(catalog) -> list:
    counts = Counter(field_by_letter(catalog, "place").values())
    return _ranked(counts, counts.pop(None, 0))


def by_person(catalog) -> list:
    """Letters per person (the variants of one together), in any role: a letter counts once for
    each person it names."""
    from letterbook.archive.people import People
    live = catalog.db.execute("SELECT COUNT(*) FROM letters WHERE removed_at IS NULL").fetchone()[0]
    try:
        per_person, named = People(catalog).letters_per_person()
    except sqlite3.OperationalError:  # a catalog from before people, opened read-only
        per_person, named = [], 0
    counts = Counter()
    for name, letters in per_person:
        counts[name] += letters  # two persons of one name (kept apart by their given names) share a row
    return _ranked(counts, live - named)


def _next_year(year: str) -> str:
    return f"{int(year) + 1:04d}"


def _next_month(month: str) -> str:
    year, number = int(month[:4]), int(month[5:7])
    return f"{year + number // 12:04d}-{number % 12 + 1:02d}"


@dataclass
class Spread:
    count: Callable                      # catalog -> [(value, letters)]
    missing: str                         # what the letters without a value are called
    following: Optional[Callable] = None  # value -> the next value, for values in a row
    shared: bool = False                 # a letter may count under several values (the persons it names)


SPREADS = {"year": Spread(by_year, "undated", _next_year), "month": Spread(by_month, "undated", _next_month),
           "person": Spread(by_person, "naming no one", shared=True), "place": Spread(by_place, "no place")}


def spread(library, by: str) -> list:
    """[(value, letters)] of the archive counted one way (a key of SPREADS)."""
    return SPREADS[by].count(library.archive.catalog)


def chart_rows(by: str, counts: list) -> list:
    """[(label, letters)] for a chart: the values without letters between two that have some
    shown as 0, a run of more than GAP_SHOWN of them as one row 'first..last'."""
    way = SPREADS[by]
    if way.following is None:  # ranked values: the commonest, then the letters without a value
        ranked = [(value, letters) for value, letters in counts if value is not None]
        return ranked[:TOP_SHOWN] + [(way.missing, letters) for value, letters in counts if value is None]
    rows = []
    for n, (value, letters) in enumerate(counts):
        if value is None:
            rows.append((way.missing, letters))
            continue
        rows.append((value, letters))
        after = counts[n + 1][0] if n + 1 < len(counts) else None
        if way.following is None or after is None:
            continue
        empty, current = [], way.following(value)
        while current < after:
            empty.append(current)
            current = way.following(current)
        rows += [(gap, 0) for gap in empty] if len(empty) <= GAP_SHOWN else [(f"{empty[0]}..{empty[-1]}", 0)]
    return rows
