"""A concordance (keyword in context): every place in the letters a query finds where its words
stand in the text, with the words on either side.

The letters are those search finds, in its order; within a letter the places are found in
its stored page text by the index's own analysis (the body field's tokenizer, stemmer and
accent folding), so "cafe" finds "Café" and "search" finds "searching", as search does. A
phrase is one place, from its first word to its last (stop words between them are skipped
as the index skips them); a word of the query that stands only in a phrase is not a place
of its own.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from whoosh import query

from letterbook.index import highlight
from letterbook.index.query import parse
from letterbook.index.search import run_query

# characters of context on each side, and how many words of it order the lines (--sort left|right)
CONTEXT_CHARS = 36
SORT_WORDS = 4


@dataclass
class Place:
    id: str
    date: str
    page: int
    left: str
    match: str
    right: str
    start: int           # character offset of the match in its page

    def as_json(self) -> dict:
        return {"id": self.id, "date": self.date, "page": self.page, "left": self.left, "match": self.match,
                "right": self.right, "start": self.start}


def concordance(searcher, text: str, *, sort=None, fuzzy=False, since=None, until=None) -> tuple:
    """(places, letters): every place the query matches, in the letters' search order and then
    by position, or by the words before (sort="left") or after ("right") the match; and how
    many letters they come from."""
    parsed = parse(searcher.schema, text, fuzzy)
    if not searcher.doc_count():
        return [], 0
    date_filter = query.DateRange("date", since, until) if since or until else None
    order = sort if sort in ("date", "-date") else None
    found = run_query(searcher, parsed, None, order, date_filter)
    if found.total == 0 and not fuzzy and text.strip() not in ("*", ""):
        found = run_query(searcher, parse(searcher.schema, text, True), None, order, date_filter)
    phrases, single_only = _phrases(parsed)
    analyzer = searcher.schema["body"].analyzer
    places, letters, memo = [], 0, {}
    for docnum, _, terms in found.page:
        stored = searcher.stored_fields(docnum)
        words = highlight.body_terms(terms) - single_only
        date = stored.get("date")
        date = date.date().isoformat() if date else None
        before = len(places)
        for number, page_text in enumerate((stored.get("body") or "").split("\f"), 1):
            for start, end in _spans(page_text, words, phrases, analyzer, memo):
                places.append(_place(stored["id"], date, number, page_text, start, end))
        letters += len(places) > before
    # the sort is stable: lines with the same words keep the letters' search order
    if sort == "left":
        places.sort(key=lambda p: tuple(reversed(_folded_words(p.left)[-SORT_WORDS:])))
    elif sort == "right":
        places.sort(key=lambda p: _folded_words(p.right)[:SORT_WORDS])
    return places, letters


def _phrases(parsed) -> tuple:
    """([(words, slop)] of the query's phrases in the text, and the words that stand only in them)."""
    phrases, in_phrases, alone = [], set(), set()
    for leaf in parsed.leaves():
        if getattr(leaf, "fieldname", None) != "body":
            continue
        if isinstance(leaf, query.Phrase):
            phrases.append((list(leaf.words), max(1, leaf.slop)))
            in_phrases.update(leaf.words)
        elif isinstance(leaf, query.Term):
            alone.add(leaf.text)
    return phrases, in_phrases - alone


def _tokens(text: str, analyzer, memo: dict) -> list:
    """(indexed form, start, end) of the words of text the index keeps (not stop words).

    The analyzer's tokenizer finds the words; each distinct word is analysed once and
    remembered in memo (a letter's words are mostly words already seen), which is many
    times faster than running the whole text through the analyzer's chain letter by letter."""
    pattern = getattr(getattr(analyzer, "items", [None])[0], "expression", None)
    if pattern is None:  # an analyzer of another shape: the slow, sure way
        return [(t.text, t.startchar, t.endchar) for t in analyzer(text, chars=True, removestops=False)
                if not t.stopped]
    out = []
    for m in pattern.finditer(text):
        word = m.group()
        if word not in memo:
            kept = [t.text for t in analyzer(word, removestops=False) if not t.stopped]
            memo[word] = kept[0] if len(kept) == 1 else None
        if memo[word] is not None:
            out.append((memo[word], m.start(), m.end()))
    return out


def _spans(text: str, words: set, phrases: list, analyzer, memo: dict) -> list:
    """(start, end) of each place in text: the phrases' and then the single words', none overlapping."""
    if not words and not phrases:
        return []
    tokens = _tokens(text, analyzer, memo)
    spans = []
    for phrase, slop in phrases:
        for i, (word, _, _) in enumerate(tokens):
            if word != phrase[0]:
                continue
            at, last = i, i
            for following in phrase[1:]:
                nxt = next((j for j in range(at + 1, min(len(tokens), at + slop + 1)) if tokens[j][0] == following),
                           None)
                if nxt is None:
                    break
                at = last = nxt
            else:
                spans.append((tokens[i][1], tokens[last][2]))
    for word, start, end in tokens:
        if word in words and not any(a <= start < b for a, b in spans):
            spans.append((start, end))
    return sorted(set(spans))


def _flat(text: str) -> str:
    return " ".join(text.split())


def _folded_words(text: str) -> tuple:
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(ch))
    return tuple("".join(ch for ch in word if ch.isalnum()) for word in plain.split())


def _tail(left: str) -> str:
    """The last CONTEXT_CHARS of the left context, from the start of a word."""
    if len(left) <= CONTEXT_CHARS:
        return left
    cut = left[-CONTEXT_CHARS:]
    return cut.split(" ", 1)[1] if " " in cut and left[-CONTEXT_CHARS - 1] != " " else cut


def _head(right: str) -> str:
    """The first CONTEXT_CHARS of the right context, to the end of a word."""
    if len(right) <= CONTEXT_CHARS:
        return right
    cut = right[:CONTEXT_CHARS]
    return cut.rsplit(" ", 1)[0] if " " in cut and right[CONTEXT_CHARS] != " " else cut


def _place(letter_id: str, date, page: int, text: str, start: int, end: int) -> Place:
    left = _flat(text[max(0, start - CONTEXT_CHARS * 3):start])
    right = _flat(text[end:end + CONTEXT_CHARS * 3])
    return Place(id=letter_id, date=date, page=page, left=_tail(left), match=_flat(text[start:end]),
                 right=_head(right), start=start)
