"""OCR repairs: the slips Tesseract makes on any page, put right in what it read.

Each repair is a row: a pattern, its replacement, an example (as read from a page -> as it
should be) and why. Rows are kept only for confusions that occur on real pages: I, l and 1;
O and 0; a speck read as punctuation at a word's edge or between words; a dash or rule glued
to a word. The parser applies them to lines and values that OCR read, never to a text layer or
a transcript, which give what was typed. tests/test_repairs.py checks every row's example.

A pattern may name the lexicon's words: {honorific} (Mr, Dr...) and {greeting} (Dear).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Union

from letterbook.ingest.lexicon import Lexicon, active


@dataclass(frozen=True)
class Repair:
    pattern: str
    replacement: Union[str, Callable]   # a template (\1) or a function of the match
    example: tuple                      # (as read, as it should be)
    why: str
    repeat: bool = False                # apply until nothing changes (one speck after another)

    def apply(self, text: str, lexicon: Lexicon = None) -> str:
        compiled = _compile(self.pattern, lexicon or active())
        while True:
            repaired = compiled.sub(self.replacement, text)
            if not self.repeat or repaired == text:
                return repaired
            text = repaired


@lru_cache(maxsize=256)
def _compile(pattern: str, lexicon: Lexicon) -> re.Pattern:
    greeting = "(?:" + "|".join(w.capitalize() for w in lexicon.greeting_words) + ")" \
        if lexicon.greeting_words else "(?!)"
    return re.compile(pattern.replace("{honorific}", lexicon.abbreviated_honorific).replace("{greeting}", greeting))


def apply_all(table, text: str) -> str:
    for row in table:
        text = row.apply(text)
    return text


# ------------------------------------------------------------------ lines: specks at their ends

EDGE_MARKS = "-–—_|.,:;'‘’\"“”©®~•*»«¢§"


def _far_speck(m) -> str:
    """The text past a wide gap goes when it is a few letters and no figures."""
    tail = m[2]
    if sum(ch.isalpha() for ch in tail) <= 3 and not any(ch.isdigit() for ch in tail):
        return m[1]
    return m[0]


def _odd_quote(m) -> str:
    """A closing quote goes when the line holds an odd number of them: nothing opened it."""
    return "" if m.string.count(m[1]) % 2 else m[0]


LINE_REPAIRS = (
    Repair(rf"^[ {re.escape(EDGE_MARKS)}]+", "", ("-Ms Jane Roe", "Ms Jane Roe"),
           "specks before a line's first word read as marks"),
    Repair(r"^(.*\S)\s{3,}(\S.*)$", _far_speck, ("Love PLC   : so", "Love PLC"),
           "specks far to the right of the words, past a wide gap, read as a few letters "
           "(a value past the gap, 'Our ref:      42', has figures and stays)"),
    Repair(r"(?: (?:[^\w ]|_)*)+$", "", ("Ann Reid ~ .", "Ann Reid"),
           "specks after the last word read as marks standing apart"),
    Repair(r"^\s+|\s+$", "", ("Ann Reid\t", "Ann Reid"), "space left around the words"),
    Repair(r"[-_|~•*]+$", "", ("Ann Reid-", "Ann Reid"), "a speck read as a rule after the last word"),
    Repair(r"\s+$", "", ("Ann Reid\t", "Ann Reid"), "space that stood between the last word and that rule"),
    Repair(r"(?<=\w)[—–_~|]+[.,:;]?$", "", ("Robertson-Rees—.", "Robertson-Rees"),
           "a dash or rule glued to the last word: no name or reference ends in one"),
    Repair(r"^[cC][oO](?=\s*:\s*[A-Z])", "cc", ("co: David Curle", "cc: David Curle"),
           "the second c of a copy label read as o (seen on a real US letter of 1990)"),
    Repair(r"\s*(’)$", _odd_quote, ("Anna Hart’", "Anna Hart"), "a speck read as a closing quote"),
    Repair(r"\s*(”)$", _odd_quote, ("Anna Hart”", "Anna Hart"), "a speck read as a closing quote"),
    Repair(r'\s*(")$', _odd_quote, ('Anna Hart"', "Anna Hart"), "a speck read as a closing quote"),
    Repair(r"\s*(?<!s)(')$", _odd_quote, ("Anna Hart'", "Anna Hart"),
           "a speck read as a closing quote ('The Smiths'' keeps its apostrophe)"),
)


# ------------------------------------------------------------------ values: specks inside them

def _unopened_quote(m) -> str:
    return m[0] if re.search(r"[‘“]", m.string) else ""


VALUE_REPAIRS = (
    Repair(r"(?<=[\w-])[.:;'’](?= [a-z])", "", ("Contract for. parking", "Contract for parking"),
           "a speck read as a point or colon after a word that a lower-case word follows"),
    Repair(r"(?<=[a-z])[.'’:;]+-?(?=[a-z]{2})", " ", ("Notice.of intent", "Notice of intent"),
           "a speck read as punctuation where the space between two words was"),
    Repair(r"(?<=[a-z])\.(?=\d)", " ", ("application.2018", "application 2018"),
           "a speck read as a point where the space between a word and a number was"),
    Repair(r"(?<=[a-z]{2})\.(?=[A-Z][a-z]{2})", " ", ("Maxwell and.Fletcher", "Maxwell and Fletcher"),
           "a speck read as a point where the space before a capitalised word was"),
    Repair(r"(?<=[A-Za-z])- -?(?=[A-Z])", "-", ("Steele- -Kennedy", "Steele-Kennedy"),
           "OCR parts a hyphen from the second half of a double name, or reads it twice"),
    Repair(r" [-–](?: ?[-–])+ ?(?=\w)", " - ", ("2004 - - Request", "2004 - Request"),
           "a dash between words read twice"),
    Repair(r"(?<=[A-Za-z]{3})\. (?=\d)", " ", ("Regulations. 2004", "Regulations 2004"),
           "a speck read as a point between a word and its number"),
    Repair(r"(?<=\w) [.,](?=[a-z])", " ", ("complaint .regarding", "complaint regarding"),
           "a speck read as a point or comma before a lower-case word"),
    Repair(r"(?<=\w)\.(?= [-–] )", "", ("2023/90367/FUL. - 65 High Street", "2023/90367/FUL - 65 High Street"),
           "a speck read as a point before a spaced dash"),
    Repair(r"(?<=\S) [»«•·*~^°¬](?= \S)", "", ("Outstanding invoice » 2018/27683",
                                              "Outstanding invoice 2018/27683"),
           "a speck standing alone between words read as a mark"),
    Repair(r"(?<=[a-z]{2})\.(?=[A-Z]{2,}\b)", " ", ("Ben French.OBE", "Ben French OBE"),
           "a speck read as a point between a name and its letters"),
    Repair(r"(?<=[a-z])[.:;](?= [a-z]+$)", "", ("Notice. of", "Notice of"),
           "a speck read as a point before a last lower-case word (one left when a mark between them went)"),
    Repair(r"[’”\"]+[.,]?$", _unopened_quote, ("Ann Reid”.", "Ann Reid"),
           "a speck read as a closing quote that nothing opened"),
)


# ------------------------------------------------------------------ personal names

def _speck_word(m) -> str:
    """The last word goes when it is a figure or a few small letters: no name ends so."""
    last = m[2]
    return m[1] if last.isdigit() or re.fullmatch(r"[a-z]{1,3}\W*", last) else m[0]


NAME_REPAIRS = (
    Repair(r"(?<=[a-z]{4})\.(?= [A-Z])", "", ("Melanie. Hopkins", "Melanie Hopkins"),
           "a speck read as a point after a first name ('Dr. Roe' keeps its point: a title is short)"),
    Repair(r"(?<=[a-z]{2})\.(?=[A-Z][a-z])", " ", ("Ryan.Edwards", "Ryan Edwards"),
           "a speck read as a point where the space between first name and surname was"),
    Repair(r"(?<= )[-–](?=[A-Z])", "", ("Jeffrey -Ryan", "Jeffrey Ryan"), "a speck read as a dash before a name"),
    Repair(r"\b({honorific})[,:;](?= [A-Z])", r"\1.", ("Ms: Laura Gross", "Ms. Laura Gross"),
           "the point after a title read as a comma or colon"),
    Repair(r"(?<![\w.])([A-Z]),(?= [A-Z])", r"\1.", ("Michael L, Hendershot", "Michael L. Hendershot"),
           "the point after an initial read as a comma (seen on real 75 dpi scans: 'J. F. G, Murphy')"),
    Repair(r"\b({honorific})[-–](?=[A-Z])", r"\1 ", ("Mr-Gareth Campbell", "Mr Gareth Campbell"),
           "a speck read as a dash between a title and the name"),
    Repair(r"\b({honorific})\.(?=[A-Z][a-z])", r"\1 ", ("Mr.Owen Price", "Mr Owen Price"),
           "a point glued between title and name is a speck: a printed 'Mr. Owen' keeps its space"),
    Repair(r"^({greeting})[.,:;](?= )", r"\1", ("Dear: Mr Hodgson", "Dear Mr Hodgson"),
           "a speck read as punctuation after the salutation's first word"),
    Repair(r"^\s+|\s+$", "", (" Ann Reid ", "Ann Reid"), "space around a name is none of it"),
    Repair(r"\s+", " ", ("Ann  Reid", "Ann Reid"), "a name's words are set apart by one space"),
    Repair(r"^(\S+(?: \S+)+) (\S+)$", _speck_word, ("Ann Scott an", "Ann Scott"),
           "a speck after a name of two words or more read as a short word or a figure", repeat=True),
    Repair(r"(?<!\S)l(?=[a-z]{2,}[,.:;]?(?!\S))", "I", ("lain Reeves", "Iain Reeves"),
           "a capital I read as l: no name begins with a small letter"),
)

TITLE_REPAIRS = (
    Repair(r"(?<=[a-z]{4})\.(?= [A-Z])", "", ("Information Rights. Manager", "Information Rights Manager"),
           "a speck read as a point inside a job title"),
    Repair(r"[.:;]+$", "", ("Planning Officer.", "Planning Officer"), "a speck read as a point after a job title"),
)

ORGANISATION_REPAIRS = (
    Repair(r"(?<=[a-z]{4})[.:;](?= [A-Z])", "", ("Vasquez: Group", "Vasquez Group"),
           "a speck read as a point or colon inside an organisation's name"),
)

REFERENCE_REPAIRS = (
    Repair(r"\s*([-/])\s*", r"\1", ("PL / 25 - 871", "PL/25-871"),
           "OCR spaces out the dashes and strokes of a reference"),
    Repair(r"\|", "I", ("F|N/12", "FIN/12"), "a capital I read as a bar"),
)


# ------------------------------------------------------------------ dates: same length, figures

_DIGIT_FOR = {"O": "0", "o": "0", "l": "1", "I": "1"}

DATE_REPAIRS = (
    Repair(r"(?<=[A-Za-z])['’‘`](?=\d{4})", " ", ("May'2025", "May 2025"),
           "a speck read as an apostrophe between a month and its year"),
    Repair(r"(?<=\d)[Oo]|[Oo](?=\d)|(?<=\d)[lI]|[lI](?=\d{2})", lambda m: _DIGIT_FOR[m[0]],
           ("5 March 2O26 (l998)", "5 March 2026 (1998)"), "O and l read for 0 and 1 beside figures"),
)

TABLES = {"line": LINE_REPAIRS, "value": VALUE_REPAIRS, "name": NAME_REPAIRS, "title": TITLE_REPAIRS,
          "organisation": ORGANISATION_REPAIRS, "reference": REFERENCE_REPAIRS, "date": DATE_REPAIRS}


def tidy_ocr_line(text: str) -> str:
    """An OCR line without the specks read as marks at its ends ("-Ms Jane Roe _.")."""
    return apply_all(LINE_REPAIRS, text)


def repair_value(text: str) -> str:
    return apply_all(VALUE_REPAIRS, text)


def repair_name(text: str) -> str:
    return apply_all(NAME_REPAIRS, apply_all(VALUE_REPAIRS, text))


def repair_title(text: str) -> str:
    return apply_all(TITLE_REPAIRS, apply_all(VALUE_REPAIRS, text))


def repair_organisation(text: str) -> str:
    return apply_all(ORGANISATION_REPAIRS, apply_all(VALUE_REPAIRS, text))


def repair_reference(text: str) -> str:
    return apply_all(REFERENCE_REPAIRS, text)


def repair_date_digits(text: str) -> str:
    """Figures put right in a date line, its length kept: matches map back to the text as written."""
    return apply_all(DATE_REPAIRS, text)
