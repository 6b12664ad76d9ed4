"""The dating clause of a medieval letter: "Dated at Ghent, in the year of the Lord 1226, the
Sunday before the Lord's nativity", "Enacted in the 1218th year of the Lord, third ides of January".

Such letters date themselves at the end, by a year of the Lord and a day named by the Roman
calendar (kalends, nones, ides), by a feast ("the morrow of the Epiphany", "the octave of the
nativity of the Virgin") or by day and month. Without the year there is no date to give: a
regnal or pontifical year needs a list of reigns this module does not hold.

Days before 1583 are days of the Julian calendar, as the letters count them. The words are the
lexicon's (feasts, roman_days, era_phrases, feast_offsets), so a language file brings its own.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from dateutil.easter import EASTER_JULIAN, EASTER_WESTERN, easter

from letterbook.ingest.dates import month_number
from letterbook.ingest.lexicon import Lexicon, alternation, active

# Many chanceries began the year at the Annunciation (25 March) or at Easter; editors give the
# modern year, so a January-to-March day of "the year of the Lord 1247" is in 1248.
YEAR_BEGINS = (3, 25)
GREGORIAN_FROM = 1583   # the first whole year of the Gregorian calendar
TAIL_CHARS = 900        # the dating clause stands in the letter's last lines
NEAR_CHARS = 160        # how far from the year its day may be named

_ORDINAL = r"(?P<n>\d{1,2}|[a-z]+)(?:st|nd|rd|th)?"
_WORD_NUMBERS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                 "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
                 "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
                 "nineteenth": 19}


@dataclass
class ClauseDate:
    iso: str
    text: str       # the clause as written, from the year or the day, whichever comes first
    start: int
    end: int


def _number(word: str) -> Optional[int]:
    return int(word) if word.isdigit() else _WORD_NUMBERS.get(word.lower())


@lru_cache(maxsize=4)
def _patterns(lexicon: Lexicon) -> dict:
    words = lexicon.words
    era = alternation(words["era_phrases"], gap=r"\s+")
    month = lexicon.month
    kalends, nones, ides = (alternation(forms) for forms in words["roman_days"])
    feasts = alternation([phrase for phrase, *_ in words["feasts"]], gap=r"\s+")
    offsets = alternation([phrase for phrase, _ in words["feast_offsets"]], gap=r"\s+")
    saint = alternation(words["saint_words"])
    weekday = alternation(words["feast_weekdays"])
    relation = alternation(words["before_words"] + words["after_words"])
    i = re.IGNORECASE
    return {
        "verb": re.compile(rf"\b{alternation(words['dating_verbs'])}\b", i),
        "year": re.compile(rf"{era}\s*,?\s*(?P<year>\d{{3,4}})\b|\b(?P<year2>\d{{3,4}})(?:st|nd|rd|th)?\s+{era}", i),
        "roman": re.compile(rf"\b{_ORDINAL}\s+(?:day\s+(?:of|before)\s+the\s+)?"
                            rf"(?P<kind>{kalends}|{nones}|{ides})\s+of\s+(?P<month>{month})\b", i),
        "roman_day": re.compile(rf"\b(?:on\s+the\s+)?(?P<kind>{kalends}|{nones}|{ides})\s+of\s+(?P<month>{month})\b", i),
        "feast": re.compile(rf"(?:(?P<weekday>{weekday})\s+(?P<relation>{relation})\s+|(?P<offset>{offsets})\s+)?"
                            rf"(?:the\s+)?(?:feast\s+of\s+)?(?:the\s+)?(?:{saint}\s+)*(?P<feast>{feasts})\b", i),
        "day_month": re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:day\s+)?(?:of\s+)?(?P<month>{month})\b", i),
    }


def _julian_day(year: int, month: int, day: int) -> int:
    """The day's number in the Julian calendar (before 1583) or the Gregorian."""
    a = (14 - month) // 12
    y, m = year + 4800 - a, month + 12 * a - 3
    if year < GREGORIAN_FROM:
        return day + (153 * m + 2) // 5 + 365 * y + y // 4 - 32083
    return day + (153 * m + 2) // 5 + 365 * y + y // 4 - y // 100 + y // 400 - 32045


def _from_julian_day(number: int, year_hint: int) -> tuple:
    if year_hint >= GREGORIAN_FROM:
        day = dt.date.fromordinal(number - 1721425)
        return day.year, day.month, day.day
    c = number + 32082
    d = (4 * c + 3) // 1461
    e = c - 1461 * d // 4
    m = (5 * e + 2) // 153
    return d - 4800 + m // 10, m + 3 - 12 * (m // 10), e - (153 * m + 2) // 5 + 1


def _roman(count: int, kind: str, month: int, year: int, lexicon: Lexicon) -> Optional[tuple]:
    """The day counted back, both ends included, to the kalends, nones or ides of month."""
    kalends, nones, _ = (set(forms) for forms in lexicon.words["roman_days"])
    kind = kind.lower()
    if kind in kalends:
        target = (year, month, 1)
    else:
        late = month in (3, 5, 7, 10)  # the nones fall on the 7th and the ides on the 15th
        target = (year, month, (7 if late else 5) if kind in nones else (15 if late else 13))
    return _from_julian_day(_julian_day(*target) - (count - 1), year)


def _feast_day(m, year: int, lexicon: Lexicon) -> Optional[tuple]:
    phrase = " ".join(m["feast"].lower().split())
    entry = next((e for e in lexicon.words["feasts"] if " ".join(e[0].split()) == phrase), None)
    if entry is None:
        return None
    if entry[1] == "easter":
        base = easter(year, EASTER_JULIAN if year < GREGORIAN_FROM else EASTER_WESTERN)
        number = _julian_day(base.year, base.month, base.day) + int(entry[2])
    else:
        number = _julian_day(year, int(entry[1]), int(entry[2]))
    if m["offset"]:
        offset = " ".join(m["offset"].lower().split())
        number += next(int(n) for phrase, n in lexicon.words["feast_offsets"] if phrase == offset)
    elif m["weekday"]:
        before = m["relation"].lower() in lexicon.words["before_words"]
        wanted = lexicon.words["feast_weekdays"].index(m["weekday"].lower()) % 7  # seven a language
        step = -1 if before else 1
        number += step
        while number % 7 != wanted:  # a Julian day number's remainder by 7: 0 is a Monday
            number += step
    return _from_julian_day(number, year)


def read_dating_clause(text: str, lexicon: Lexicon = None) -> Optional[ClauseDate]:
    """The date of the letter's closing dating clause, when it gives a year of the Lord."""
    lexicon = lexicon or active()
    if not lexicon.words.get("era_phrases"):
        return None
    found = _patterns(lexicon)
    offset = max(0, len(text) - TAIL_CHARS)
    tail = text[offset:].replace("\u2019", "'")  # "the Lord’s nativity"; the length is kept
    # the year of a dating clause, not one the letter tells of ("the crusade of St. John's day 1252")
    years = [m for m in found["year"].finditer(tail)
             if found["verb"].search(tail[max(0, m.start() - 2 * NEAR_CHARS):m.start()])]
    if not years:
        return None
    year_match = years[-1]
    year = int(year_match["year"] or year_match["year2"])
    lo, hi = max(0, year_match.start() - NEAR_CHARS), year_match.end() + NEAR_CHARS
    near = tail[lo:hi]
    day = None
    for kind in ("roman", "feast", "day_month", "roman_day"):
        m = found[kind].search(near)
        if not m:
            continue
        if kind in ("roman", "roman_day"):
            count = _number(m["n"]) if kind == "roman" else 1
            if count is None:
                continue
            day = _roman(count, m["kind"], month_number(m["month"], lexicon), year, lexicon)
        elif kind == "feast":
            day = _feast_day(m, year, lexicon)
        else:
            day = (year, month_number(m["month"], lexicon), int(m["day"]))
        if day is not None:
            break
    if day is None:
        return None
    year_of, month, number = day
    if (month, number) < YEAR_BEGINS and year < GREGORIAN_FROM:
        year_of += 1
    try:
        iso = dt.date(year_of, month, number).isoformat()
    except ValueError:
        return None
    start = offset + min(lo + m.start(), year_match.start())
    end = offset + max(lo + m.end(), year_match.end())
    return ClauseDate(iso, text[start:end], start, end)
