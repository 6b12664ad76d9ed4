"""Words a language knows, from the system's word lists (Debian's wamerican, wbritish,
wngerman, wfrench, witalian): how OCR's guard tells a reading of words from a reading of noise.

The lists are read once per process, and only for the languages a page is read in.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache

WORD_LIST_FOLDER = "/usr/share/dict"
WORD_LISTS = {"eng": ("american-english", "british-english"), "deu": ("ngerman",), "fra": ("french",),
              "ita": ("italian",)}
WORD = re.compile(r"[^\W\d_]{3,}")   # words of three letters or more: the ones OCR can get wrong


@lru_cache(maxsize=4)
def known_words(lang: str) -> frozenset:
    """The lower-case words of the lists of lang's languages ("eng+deu"); empty when none is installed."""
    words = set()
    for code in lang.split("+"):
        for name in WORD_LISTS.get(code, ()):
            path = os.path.join(WORD_LIST_FOLDER, name)
            if os.path.exists(path):
                with open(path, encoding="utf-8", errors="ignore") as handle:
                    words.update(line.strip().lower() for line in handle if "'" not in line)
    return frozenset(words)


def known_weight(words, lang: str):
    """How much of a reading is words the language knows: their confidences summed (so a word
    read doubtfully counts for less), in hundreds. None when no word list is installed."""
    known = known_words(lang)
    if not known:
        return None
    return sum(word.conf for word in words for token in WORD.findall(word.text) if token.lower() in known) / 100
