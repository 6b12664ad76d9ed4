"""Dates in letters: find the strings that look like dates; dateparser reads them.

Which of a letter's dates is the letter's own is decided in letter.py, not here.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

_MONTHS = (
    # English
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|"
    # German
    "januar|jänner|februar|märz|maerz|mai|juni|juli|oktober|dezember|okt|dez|"
    # French
    "janvier|février|fevrier|mars|avril|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre|"
    "janv|févr|fevr|avr|juil|déc"
)
_WEEKDAY = (r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|"
            r"montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|"
            r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\.?,?\s+")
_YEAR = r"(?P<year>\d{4})"
_TEXT_DATES = [
    # 5 March 2026, 5th March 2026, 16. Februar 1926, le 5 mars 2026, 1er mars 2026, 5 of March 2026
    re.compile(rf"(?:{_WEEKDAY})?(?P<day>\d{{1,2}})(?:st|nd|rd|th|er|\.)?[\s\-.:]*(?:of\s+|de\s+)?"
               rf"(?P<month>{_MONTHS})[.,]?\s*{_YEAR}\b", re.IGNORECASE),
    # March 5, 2026; Mar. 5th 2026
    re.compile(rf"(?:{_WEEKDAY})?(?P<month>{_MONTHS})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}\b",
               re.IGNORECASE),
]
_ISO = re.compile(r"\b(?P<year>\d{4})-(?P<a>\d{1,2})-(?P<b>\d{1,2})\b")
_NUMERIC = re.compile(r"(?<![\d/.-])(?P<a>\d{1,2})(?P<sep>[/.\-])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})(?![\d/])")


@dataclass
class DateMatch:
    text: str       # as written
    iso: str        # yyyy-mm-dd
    start: int
    end: int
    numeric: bool   # written in figures only (order could be ambiguous)


@lru_cache(maxsize=2)
def _parser(order: str):
    from dateparser.date import DateDataParser
    return DateDataParser(languages=["en", "de", "fr"],
                          settings={"DATE_ORDER": order, "REQUIRE_PARTS": ["day", "month", "year"],
                                    "PREFER_LOCALE_DATE_ORDER": False})


def read_date(text: str, order: str = "DMY"):
    """ISO date of one date string, or None. order is DMY or MDY for numeric dates."""
    try:
        found = _parser(order).get_date_data(text)
    except Exception:  # dateparser raises on some odd strings; a non-date is simply None
        return None
    return found.date_obj.date().isoformat() if found and found.date_obj else None


def _figures(year: str, month: str, day: str):
    """A date written in figures needs no language: checked by the calendar alone."""
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _fix_ocr_digits(text: str) -> str:
    """O and l read for 0 and 1 inside numbers ("2O26", "l5 March"), and a speck read as an
    apostrophe between a month and its year ("May'2025"); same length."""
    text = re.sub(r"(?<=[A-Za-z])['’‘`](?=\d{4})", " ", text)
    return re.sub(r"(?<=\d)[Oo]|[Oo](?=\d)|(?<=\d)[lI]|[lI](?=\d{2})",
                  lambda m: "0" if m.group(0) in "Oo" else "1", text)


def find_dates(text: str, order: str = "DMY") -> list:
    """Every date written in a line of text, in order."""
    clean = _fix_ocr_digits(text)
    found, taken = [], []
    for pattern, numeric in [(p, False) for p in _TEXT_DATES] + [(_ISO, True), (_NUMERIC, True)]:
        for m in pattern.finditer(clean):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            written = text[m.start():m.end()]
            if pattern is _ISO:
                iso = _figures(m["year"], m["a"], m["b"])
            elif pattern is _NUMERIC:
                if len(m["year"]) == 2:
                    continue  # two-digit years are too ambiguous to read as a letter's date
                day, month = (m["b"], m["a"]) if order == "MDY" else (m["a"], m["b"])
                # the other order only when this one is no date at all ("03/25/2026")
                iso = _figures(m["year"], month, day) or _figures(m["year"], day, month)
            else:
                iso = read_date(clean[m.start():m.end()], order)
            if iso:
                found.append(DateMatch(written.strip(), iso, m.start(), m.end(), numeric))
                taken.append((m.start(), m.end()))
    found.sort(key=lambda d: d.start)
    return found
