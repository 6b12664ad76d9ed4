"""What a letter says about the letter it answers, and whether two letters are between the same
correspondents. Both come from the lexicon's words, never from particular letters.

A reply names what it answers in two ways: the earlier letter's reference set as its own
"Your ref", or a phrase citing the earlier letter's date ("your letter of 12 January",
"Ihr Schreiben vom 16. Februar", "votre lettre du 5 mars"; the lexicon key reply_phrases).
The date is often written without its year; it is then the last such day on or before the
reply's own date.

Correspondents match loosely: a person by surname (the last word of a name once forms of
address, particles, initials and post-nominals are set aside), an organisation by the words
of its name that are not a company's form or an organisation's common word ("Acme Trading
Ltd" and "Acme Ltd" share "acme"; two banks do not match by "bank").
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from letterbook.ingest.dates import find_dates, month_number
from letterbook.ingest.lexicon import SPACES, Lexicon, active, alternation, without_accents

# how far after a reply phrase its date may start (" the ", " den "), and how long it may run
DATE_START_WITHIN = 8
DATE_WINDOW = 40
# post-nominals are set in capitals and short ("MA", "OBE", "FRS"); a surname in capitals
# ("SMITH") is longer, or the name's only word
POST_NOMINAL_MAX = 4


def normal_ref(ref) -> str:
    """A reference as compared between letters: letters and figures only, lower case
    ("ACM/2026/17" and "acm 2026-17" are one)."""
    if not ref:
        return ""
    return re.sub(r"[\W_]+", "", without_accents(str(ref)).lower())


@lru_cache(maxsize=4)
def _patterns(lexicon: Lexicon) -> tuple:
    i = re.IGNORECASE
    phrases = alternation(lexicon.words["reply_phrases"], gap=SPACES)
    phrase = re.compile(rf"(?<!\w){phrases}(?!\w)", i)
    month = lexicon.month
    day_first = re.compile(rf"^\W{{0,3}}(?P<day>\d{{1,2}})(?:{lexicon.ordinal_suffix}|\.)?\s*"
                           rf"(?:{lexicon.day_month_link}\s+)?(?P<month>{month})(?!\w)", i)
    month_first = re.compile(rf"^\W{{0,3}}(?P<month>{month})\.?\s+(?P<day>\d{{1,2}})(?:{lexicon.ordinal_suffix})?"
                             rf"(?!\d)", i)
    figures = re.compile(r"^\W{0,3}(?P<day>\d{1,2})\.\s?(?P<month>\d{1,2})\.(?!\s?\d)")
    return phrase, day_first, month_first, figures


def cited_dates(text: str, own_date: str = None) -> list:
    """The dates (ISO) of the letters text answers by a reply phrase. A date without its year
    is placed by own_date (the reply's date), and skipped when the reply is undated."""
    lexicon = active()
    phrase, day_first, month_first, figures = _patterns(lexicon)
    found = []
    for m in phrase.finditer(text):
        window = " ".join(text[m.end():m.end() + DATE_WINDOW * 2].split())[:DATE_WINDOW]
        iso = _dated(window, own_date, lexicon, day_first, month_first, figures)
        if iso and iso not in found:
            found.append(iso)
    return found


def _dated(window: str, own_date, lexicon, day_first, month_first, figures):
    full = [d for d in find_dates(window, short_years=True) if d.start <= DATE_START_WITHIN]
    if full:
        return full[0].iso
    words = window.split(" ", 1)
    # "your letter of the 12th January": the article the phrase list does not hold
    for start in (window, words[1] if len(words) > 1 and len(words[0]) <= 3 else None):
        if start is None:
            continue
        for pattern in (day_first, month_first, figures):
            m = pattern.match(" " + start)
            if m:
                month = int(m["month"]) if m["month"].isdigit() else month_number(m["month"], lexicon)
                return _year_before(int(m["day"]), month, own_date)
    return None


def _year_before(day: int, month: int, own_date):
    """The last day/month on or before own_date (ISO), or None."""
    if not own_date or not month:
        return None
    try:
        own = dt.date.fromisoformat(own_date)
        for year in (own.year, own.year - 1):
            cited = dt.date(year, month, day) if (month, day) != (2, 29) or year % 4 == 0 else None
            if cited and cited <= own:
                return cited.isoformat()
    except ValueError:
        return None
    return None


# -- correspondents

def _words(text: str) -> list:
    return [w for w in re.split(r"[^\w]+|_", without_accents(text or "")) if w]


@lru_cache(maxsize=4)
def _set_aside(lexicon: Lexicon) -> tuple:
    """(words that are no part of a person's name, words that do not tell organisations apart)."""
    person = {without_accents(w).lower().rstrip(".") for w in list(lexicon.honorifics) + list(lexicon.name_particles)}
    org = {without_accents(w).lower().rstrip(".") for key in ("company_forms", "org_words", "run_on_words")
           for phrase in lexicon.words[key] for w in phrase.split()}
    return person, org


def name_words(name: str) -> list:
    """The words of a person's name without forms of address, particles, initials and
    post-nominals, lower case: "Herrn Dr. Max Vischer-von Planta" -> max, vischer, planta."""
    not_names = _set_aside(active())[0]
    words = [w for w in _words(name) if len(w) > 1 and not w.isdigit() and w.lower() not in not_names]
    if any(not w.isupper() for w in words):
        words = [w for w in words if not (w.isupper() and len(w) <= POST_NOMINAL_MAX)]
    return [w.lower() for w in words]


def org_words(org: str) -> set:
    """The distinctive words of an organisation's name, lower case: no company form, no
    common word of organisations' names, no article or preposition."""
    common = _set_aside(active())[1]
    return {w.lower() for w in _words(org) if len(w) > 2 and w.lower() not in common}


def same_person(one: str, other: str) -> bool:
    a, b = name_words(one), name_words(other)
    return bool(a and b) and (a[-1] in b or b[-1] in a)


def same_organisation(one: str, other: str) -> bool:
    return bool(org_words(one) & org_words(other))


def writes_to(sender: dict, receiver: dict) -> bool:
    """Whether the letter with fields sender is from the person or organisation the letter with
    fields receiver is addressed to."""
    signers = [s for s in [sender.get("signatory")] + list(sender.get("signatories") or []) if s]
    addressee, addressee_org = receiver.get("addressee"), receiver.get("addressee_org")
    if addressee and any(same_person(signer, addressee) for signer in signers):
        return True
    orgs = [o for o in (sender.get("sender_org"),) if o]
    return any(same_organisation(org, to) for org in orgs for to in (addressee_org, addressee) if to)
