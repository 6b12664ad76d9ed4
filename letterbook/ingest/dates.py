"""Dates in letters: find the strings that look like dates; dateparser reads them.

Month and weekday names come from the lexicon (letterbook/ingest/lexicon), so a new language
file brings its dates. Which of a letter's dates is the letter's own is decided by the parser
(parse/header.py), not here.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from letterbook.ingest.lexicon import Lexicon, active, without_accents
from letterbook.ingest.repairs import repair_date_digits

_YEAR = r"(?P<year>\d{4})"
_ISO = re.compile(r"\b(?P<year>\d{4})-(?P<a>\d{1,2})-(?P<b>\d{1,2})\b")
_NUMERIC = re.compile(r"(?<![\d/.-])(?P<a>\d{1,2})(?P<sep>[/.\-])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})(?![\d/])")
# A date whose month name OCR misread ("Septenber 14, 1982", "Jarwary 22, 1981", "16. Februsr
# 1926") or whose figures hold letters ("October i3, 1989", "September 13, L981"): the shape of
# a date, the word only near a month's name. Figures may be read as I, l, L, i, | (1) or O, o (0).
_FIGURE = r"[\dIlLi|Oo]"
_GARBLED_MONTH_FIRST = re.compile(
    rf"(?<![A-Za-z])(?P<month>[A-Za-zÀ-ÿ]{{4,10}})\.?\s+(?P<day>{_FIGURE}{{1,2}})(?:st|nd|rd|th)?,?\s+"
    rf"(?P<year>[12IlL|]{_FIGURE}{{3}})(?![\dA-Za-z])")
_GARBLED_DAY_FIRST = re.compile(
    rf"(?<![\dA-Za-z])(?P<day>{_FIGURE}{{1,2}})(?:st|nd|rd|th|er|\.)?\s*(?:of\s+)?(?P<month>[A-Za-zÀ-ÿ]{{4,10}})"
    rf"[.,]?\s+(?P<year>[12IlL|]{_FIGURE}{{3}})(?![\dA-Za-z])")
_AS_FIGURE = str.maketrans("IlLi|Oo", "1111100")


@dataclass
class DateMatch:
    text: str       # as written
    iso: str        # yyyy-mm-dd
    start: int
    end: int
    numeric: bool   # written in figures only (order could be ambiguous)


@lru_cache(maxsize=4)
def _text_date_patterns(lexicon: Lexicon) -> list:
    """Dates written with a month's name, in the lexicon's languages."""
    weekday = rf"(?:{lexicon.weekday}\.?,?\s+)"
    month = lexicon.month
    return [
        # 5 March 2026, 5th March 2026, 16. Februar 1926, le 5 mars 2026, 1er mars 2026, 5 of March 2026
        # a weekday only as a word of its own ("thur" ends "Winterthur")
        re.compile(rf"(?<!\w){weekday}?(?P<day>\d{{1,2}})(?:{lexicon.ordinal_suffix}|\.)?[\s\-.:]*"
                   rf"(?:{lexicon.day_month_link}\s+)?(?P<month>{month})[.,]?\s*{_YEAR}\b", re.IGNORECASE),
        # March 5, 2026; Mar. 5th 2026
        re.compile(rf"(?<!\w){weekday}?(?P<month>{month})\.?\s+(?P<day>\d{{1,2}})(?:{lexicon.ordinal_suffix})?,?\s+"
                   rf"{_YEAR}\b", re.IGNORECASE),
    ]


@lru_cache(maxsize=8)
def _parser(order: str, languages: tuple):
    from dateparser.data import language_order
    from dateparser.date import DateDataParser
    return DateDataParser(languages=[code for code in languages if code in language_order],
                          settings={"DATE_ORDER": order, "REQUIRE_PARTS": ["day", "month", "year"],
                                    "PREFER_LOCALE_DATE_ORDER": False})


def parse_date_text(text: str, order: str = "DMY"):
    """ISO date of one date string ("5 March 2026"), or None. order is DMY or MDY for numeric dates."""
    try:
        found = _parser(order, active().codes).get_date_data(text)
    except Exception:  # dateparser raises on some odd strings; a non-date is simply None
        return None
    return found.date_obj.date().isoformat() if found and found.date_obj else None


def _figures(year: str, month: str, day: str):
    """A date written in figures needs no language: checked by the calendar alone."""
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def nearest_month(word: str, lexicon: Lexicon):
    """The month (1-12) whose name word is within OCR's slips of, if only one is: an edit in
    three letters ("Jarwary", "Soptarber"), none in names of four letters or fewer."""
    from letterbook.ingest.parse.cues import distance  # the parser's own fuzzy match (and no import cycle)
    word = word.lower()
    near = set()
    for number, forms in enumerate(lexicon.words["months"], 1):
        for name in forms:
            limit = len(name) // 3 if len(name) > 4 else 0
            if limit and abs(len(word) - len(name)) <= limit and distance(word, name, limit) <= limit:
                near.add(number)
    return near.pop() if len(near) == 1 else None


def month_number(name: str, lexicon: Lexicon):
    """1-12 for a month's name or short form in any of the lexicon's languages ("Februar", "mars",
    "Sept."), or None."""
    forms = _month_forms(lexicon)
    return forms.get(name.lower().rstrip(".")) or forms.get(without_accents(name.lower().rstrip(".")))


@lru_cache(maxsize=4)
def _month_forms(lexicon: Lexicon) -> dict:
    forms = {}
    for number, names in enumerate(lexicon.words["months"], 1):
        for name in names:
            forms.setdefault(name, number)
            forms.setdefault(without_accents(name), number)
    return forms


def _garbled_date(m, lexicon: Lexicon):
    known = month_number(m["month"], lexicon)
    if known and (m["day"] + m["year"]).isdigit():
        return None  # a well-read date the proper patterns did not take is no date
    month = known or nearest_month(m["month"], lexicon)
    if month is None:
        return None
    return _figures(m["year"].translate(_AS_FIGURE), str(month), m["day"].translate(_AS_FIGURE))


_PLACE_AND_FIGURES = re.compile(r"^[A-ZÀ-Þ][\w.'\- ]{1,30},\s*(?:\w{1,3}\s+)?\d{1,2}\.\s?\d{1,2}\.\s?\d{2}\.?$")


def is_place_and_figures(line_text: str) -> bool:
    """A dateline of a place and figures with a two-digit year: "St. Gallen, 21.7.30"."""
    return bool(_PLACE_AND_FIGURES.match(line_text.strip()))


def short_year(year: str, today: dt.date = None) -> str:
    """A two-digit year in the century that puts it in the past: "30" is 1930, "15" 2015."""
    today = today or dt.date.today()
    value = int(year)
    return str(2000 + value if value <= today.year % 100 else 1900 + value)


def find_dates(text: str, order: str = "DMY", short_years: bool = False) -> list:
    """Every date written in a line of text, in order. Dates in figures with a two-digit year
    ("21.7.30") only when short_years: alone, such figures are too often something else."""
    clean = repair_date_digits(text)  # same length: a match's span is the span in text
    found, taken = [], []
    lexicon = active()
    patterns = [(p, False) for p in _text_date_patterns(lexicon)] + [(_ISO, True), (_NUMERIC, True),
                                                                      (_GARBLED_MONTH_FIRST, False),
                                                                      (_GARBLED_DAY_FIRST, False)]
    for pattern, numeric in patterns:
        for m in pattern.finditer(clean):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            written = text[m.start():m.end()]
            if pattern is _ISO:
                iso = _figures(m["year"], m["a"], m["b"])
            elif pattern is _NUMERIC:
                if len(m["year"]) == 2 and not short_years:
                    continue  # two-digit years are too ambiguous to read as a letter's date
                year = short_year(m["year"]) if len(m["year"]) == 2 else m["year"]
                day, month = (m["b"], m["a"]) if order == "MDY" else (m["a"], m["b"])
                # the other order only when this one is no date at all ("03/25/2026")
                iso = _figures(year, month, day) or _figures(year, day, month)
            elif pattern is _GARBLED_MONTH_FIRST or pattern is _GARBLED_DAY_FIRST:
                iso = _garbled_date(m, lexicon)
            else:
                # the month's name is the lexicon's, so the calendar reads the date; dateparser
                # (milliseconds a call, and slower with every language) only for what it is not
                month = month_number(m["month"], lexicon)
                iso = _figures(m["year"], str(month), m["day"]) if month else \
                    parse_date_text(clean[m.start():m.end()], order)
            if iso:
                found.append(DateMatch(written.strip(), iso, m.start(), m.end(), numeric))
                taken.append((m.start(), m.end()))
    found.sort(key=lambda d: d.start)
    return found


# A month and its year without a day: "March 1926", "Anfang Februar 1926", "mars 1926", "03/1926",
# "1926-03". And a year standing alone ("1926", "Frühjahr 1926"), four figures not part of others.
_MONTH_YEAR_FIGURES = re.compile(r"(?<![\d/.-])(?:(?P<month>\d{1,2})[/.](?P<year>\d{4})"
                                 r"|(?P<year2>\d{4})-(?P<month2>\d{1,2}))(?![\d/.-])")
_YEAR_ALONE = re.compile(r"(?<![\d/.-])(?P<year>\d{4})(?![\d/.-])")


@lru_cache(maxsize=4)
def _month_year_pattern(lexicon: Lexicon):
    return re.compile(rf"(?<!\w)(?P<month>{lexicon.month})\.?,?\s+(?P<year>\d{{4}})\b", re.IGNORECASE)


def date_extent(text: str, order: str = "DMY"):
    """How far a written date is known: ("day", "1926-02-16"), ("month", "1926-03") or
    ("year", "1926"); None when the text holds no date. A day when find_dates reads one; else
    a month named (in the lexicon's languages) or in figures with its year; else a year alone."""
    if not text:
        return None
    days = find_dates(text, order)
    if days:
        return "day", days[0].iso
    lexicon = active()
    named = _month_year_pattern(lexicon).search(text)
    if named and month_number(named["month"], lexicon):
        return "month", f"{named['year']}-{month_number(named['month'], lexicon):02d}"
    figures = _MONTH_YEAR_FIGURES.search(text)
    if figures:
        month, year = figures["month"] or figures["month2"], figures["year"] or figures["year2"]
        if 1 <= int(month) <= 12:
            return "month", f"{year}-{int(month):02d}"
    alone = _YEAR_ALONE.search(text)
    return ("year", alone["year"]) if alone else None
