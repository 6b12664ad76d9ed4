"""Showing where a query matched: the words of a letter's text that it found, marked
([word], or bold on a terminal), and the snippet of the passages that hold the most of them.
"""
from __future__ import annotations

import re

from letterbook.model import visible


def mark_word(word: str, bold: bool) -> str:
    return f"\x1b[1m{word}\x1b[0m" if bold else f"[{word}]"


def around_marks(text: str, bold: bool) -> str:
    """Text between marks: bold marks are for a terminal, so the letter's own control
    characters there are made visible now (the caller cannot tell them from the marks)."""
    return visible(text, layout=True) if bold else text


def body_terms(terms) -> set:
    """The words of the letter's text among (fieldname, word) pairs, as text."""
    return {t.decode("utf-8") if isinstance(t, bytes) else t for fieldname, t in terms or () if fieldname == "body"}


def matched_spans(text: str, terms: set, analyzer) -> list:
    """(start, end) of each word of text whose indexed form is one of terms.

    Only words that begin like a term are analysed (a stem rarely changes a word's first
    three letters), so a letter is read once with a regular expression, not token by token
    through the analyzer as Whoosh's highlighter does (about 3 ms a hit).
    """
    if not terms:
        return []
    heads = sorted({t[:3] for t in terms}, key=len, reverse=True)
    probe = re.compile(r"\b(?:" + "|".join(re.escape(h) for h in heads) + r")\w*", re.IGNORECASE)
    spans, known = [], {}
    for m in probe.finditer(text):
        word = m[0].lower()
        if word not in known:
            known[word] = any(t.text in terms for t in analyzer(word))
        if known[word]:
            spans.append((m.start(), m.end()))
    return spans


def snippet(text: str, spans: list, bold: bool, width: int = 220, fragments: int = 2) -> tuple:
    """The passages of text with the most distinct matched words, marked; and where the best starts."""
    if not spans:
        return "", None
    # score each window that starts at a match by the distinct words it holds
    windows = []
    for i, (start, _) in enumerate(spans):
        inside = [sp for sp in spans[i:] if sp[1] - start <= width - 60]
        distinct = len({text[a:b].lower() for a, b in inside})
        windows.append((distinct, len(inside), -start, inside))
    windows.sort(reverse=True)
    chosen = []
    for _, _, _, inside in windows:
        first, last = inside[0][0], inside[-1][1]
        if any(not (last + 30 < a or first > b + 30) for a, b, _ in chosen):
            continue
        chosen.append((first, last, inside))
        if len(chosen) == fragments:
            break
    best = chosen[0][0]  # the highest-scoring passage: its page is the hit's page
    chosen.sort()
    out = []
    for first, last, inside in chosen:
        room = max(0, width - (last - first)) // 2
        begin = max(0, first - room)
        end = min(len(text), last + room)
        if begin > 0:  # start and end on whole words
            begin = text.find(" ", begin, first) + 1 or begin
        if end < len(text):
            cut = text.rfind(" ", last, end)
            end = cut if cut > 0 else end
        piece, cursor = [], begin
        for a, b in inside:
            piece += [around_marks(text[cursor:a], bold), mark_word(text[a:b], bold)]
            cursor = b
        piece.append(around_marks(text[cursor:end], bold))
        out.append(" ".join("".join(piece).split()))
    return " ... ".join(out), best


def mark(text: str, parsed, analyzer, bold: bool) -> str:
    """The text with every word the parsed query matches in it marked, as search finds them."""
    terms = body_terms(parsed.iter_all_terms())
    out, cursor = [], 0
    for start, end in matched_spans(text, terms, analyzer):
        out += [around_marks(text[cursor:start], bold), mark_word(text[start:end], bold)]
        cursor = end
    return "".join(out) + around_marks(text[cursor:], bold)
