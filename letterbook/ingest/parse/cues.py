"""Fuzzy cue matching: is this line a closing or a greeting, although OCR misread a letter or two?

Cue words are short; OCR swaps digits for letters and misreads single letters in them. The
comparison forgives a few edits, more for longer phrases.
"""
from __future__ import annotations

import re
from functools import lru_cache

from letterbook.ingest.lexicon import without_accents


def cue_form(text: str) -> str:
    """Lower case with OCR's usual digit-for-letter swaps undone; same length as text."""
    lowered = text.lower()
    return re.sub(r"(?<![\d])0(?=[a-z])|(?<=[a-z])0|(?<=[a-z])1(?=[a-z])|\|(?=[a-z])",
                  lambda m: {"0": "o", "1": "l", "|": "l"}[m.group(0)], lowered)


def distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance, giving up past limit (cue phrases are short)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def letters_only(text: str) -> str:
    """The cue form's letters and spaces: what a phrase is compared on."""
    return re.sub(r"[^a-zà-ÿß ]", "", cue_form(text)).strip()


@lru_cache(maxsize=8192)
def plain_letters(word: str) -> str:
    """A word's letters in lower case without accents: how a misread word is compared."""
    return without_accents(re.sub(r"[^a-zà-ÿß]", "", word.lower()))


@lru_cache(maxsize=8192)
def _plain(phrase: str) -> tuple:
    """A phrase as it is compared: its letters and spaces without accents (OCR and typewriters
    drop them: "Agreez" is "Agréez"), and their set."""
    plain = " ".join(without_accents(letters_only(phrase)).split())
    return plain, frozenset(plain)


def matches_phrase(text: str, phrases, whole: bool = True) -> str:
    """The phrase that text is (or starts with, if not whole), forgiving OCR slips: the nearest
    of those within a few edits."""
    norm = " ".join(without_accents(letters_only(text)).split())
    norm_letters = set(norm)
    best, best_distance = "", None
    for phrase in phrases:
        plain, letters = _plain(phrase)
        tolerance = 0 if len(plain) < 5 else 1 if len(plain) < 10 else 2
        probe = norm if whole else norm[:len(plain)]
        # each edit changes at most two letters of the set of letters used: a cheap test
        # that turns away nearly every line before the full comparison
        if abs(len(probe) - len(plain)) > tolerance \
                or len((norm_letters if whole else set(probe)) ^ letters) > 2 * tolerance:
            continue
        found = distance(probe, plain, tolerance)
        if found <= tolerance and (best_distance is None or found < best_distance):
            best, best_distance = phrase, found  # the nearest: "freundlichen Gruss" is "...chem Gruss"
            if found == 0:
                break
    return best
