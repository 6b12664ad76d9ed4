"""Fuzzy cue matching: is this line a closing or a greeting, although OCR misread a letter or two?

Cue words are short; OCR swaps digits for letters and misreads single letters in them. The
comparison forgives a few edits, more for longer phrases.
"""
from __future__ import annotations

import re
from functools import lru_cache


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
def _letter_set(phrase: str) -> frozenset:
    return frozenset(phrase)


def matches_phrase(text: str, phrases, whole: bool = True) -> str:
    """The phrase that text is (or starts with, if not whole), forgiving OCR slips."""
    norm = " ".join(letters_only(text).split())
    norm_letters = set(norm)
    for phrase in phrases:
        tolerance = 0 if len(phrase) < 5 else 1 if len(phrase) < 10 else 2
        probe = norm if whole else norm[:len(phrase)]
        # each edit changes at most two letters of the set of letters used: a cheap test
        # that turns away nearly every line before the full comparison
        if abs(len(probe) - len(phrase)) > tolerance \
                or len((norm_letters if whole else set(probe)) ^ _letter_set(phrase)) > 2 * tolerance:
            continue
        if distance(probe, phrase, tolerance) <= tolerance:
            return phrase
    return ""
