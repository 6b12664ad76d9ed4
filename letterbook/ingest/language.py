"""Which language a page is in, from the common words of its first reading (`--lang auto`).

Tesseract reads a page best with the language's own data: English data reads "Grüssen" as
"Griissen" and drops accents. With `--lang auto` a page is read in English first; when its
words are plainly those of another installed language (articles, pronouns, prepositions: the
lexicon's common_words), the page is read again in that language (with English beside it,
for the names and addresses that letters mix in).
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Optional

from letterbook.ingest.lexicon import Lexicon, active

AUTO = "auto"
FIRST_READING = "eng"
MIN_COMMON_WORDS = 6     # a page with fewer common words of any language keeps its first reading
LEAD = 1.5               # the language must count this many times the next one's common words


def guess_language(words, lexicon: Lexicon = None) -> Optional[str]:
    """The Tesseract code ("deu") of the language whose common words the text holds most, if it
    holds clearly more of one language's than of any other's; None when it cannot tell."""
    lexicon = lexicon or active()
    counts = Counter()
    for word in words:
        token = re.sub(r"[^\w']", "", str(word).lower())
        for code in lexicon.common_words.get(token, ()):
            counts[code] += 1
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < MIN_COMMON_WORDS:
        return None
    if len(ranked) > 1 and ranked[0][1] < ranked[1][1] * LEAD:
        return None
    return lexicon.tesseract_codes.get(ranked[0][0])
