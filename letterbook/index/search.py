"""Running a query: the letters it matches, counted, ordered and faceted, each shown as a Hit.

There is one ranking path whatever the options ask. The ranker (ranker.py) finds every
letter the query matches with its score; the total is how many, the page is the best by
score or the first by date, and facets count the values of the same letters. Only a query
or an index the ranker cannot read goes to Whoosh's own searcher, and then Whoosh finds the
letters for every option alike.
"""
from __future__ import annotations

import heapq
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field

from whoosh import query

from letterbook.index import highlight
from letterbook.index.query import parse, suggest
from letterbook.index.ranker import Ranker, Unsupported, best_first
from letterbook.index.schema import FACET_COLUMNS, LIST_FACETS


@dataclass
class Hit:
    id: str
    score: float
    date: str
    sender: str
    addressee: str
    ref: str
    subject: str
    format: str
    snippet: str
    page: int
    page_confidence: float

    def as_json(self, **more) -> dict:
        """The hit as `search --json` prints it (the names a researcher reads: from, to)."""
        return dict({"id": self.id, "score": self.score, "date": self.date, "from": self.sender,
                     "to": self.addressee, "ref": self.ref, "subject": self.subject, "format": self.format,
                     "page": self.page, "page_confidence": self.page_confidence, "snippet": self.snippet}, **more)


@dataclass
class Results:
    total: int
    hits: list
    fuzzy: bool = False          # the query was retried fuzzily because it found nothing
    suggestion: str = None       # did you mean
    facets: dict = field(default_factory=dict)


@dataclass
class Found:
    """What one run of a query found."""
    total: int
    page: list                   # [(docnum, score or None, matched (fieldname, word))], in order
    facets: dict                 # name -> [(value, letters)], most letters first


def run_search(searcher, text: str, *, limit=10, offset=0, sort=None, fuzzy=False, since=None, until=None,
               facets=(), bold=False, snippets=True, count_only=False, auto_fuzzy=True) -> Results:
    """The letters that match text; sort is None (relevance), "date" or "-date"."""
    parsed = parse(searcher.schema, text, fuzzy)
    if not searcher.doc_count():  # no letters yet (every file of the first ingest failed)
        return Results(total=0, hits=[])
    date_filter = query.DateRange("date", since, until) if since or until else None
    wanted = offset + limit if limit is not None else None
    facets = () if count_only else facets
    found = run_query(searcher, parsed, wanted, sort, date_filter, facets)
    retried = False
    if found.total == 0 and not fuzzy and auto_fuzzy and text.strip() not in ("*", ""):
        fuzzy_query = parse(searcher.schema, text, True)
        found = run_query(searcher, fuzzy_query, wanted, sort, date_filter, facets)
        retried = found.total > 0
    out = Results(total=found.total, hits=[], fuzzy=retried, facets=found.facets)
    if found.total == 0:
        out.suggestion = suggest(searcher, text)
    if count_only:
        return out
    analyzer = searcher.schema["body"].analyzer
    for docnum, score, terms in found.page[offset:offset + limit if limit is not None else None]:
        # sorted by date there is no relevance to give
        out.hits.append(_hit(searcher.stored_fields(docnum), None if sort else score, terms, analyzer,
                             bold, snippets))
    return out


def run_query(searcher, parsed, wanted, sort=None, date_filter=None, facets=()) -> Found:
    """The total, the first `wanted` letters (all if None) in the order asked, and facets."""
    try:
        ranker = Ranker(searcher)
        scores = ranker.matches(parsed, within=date_filter)
        terms_of = ranker.terms_of
    except Unsupported:  # a kind of query, segment or Whoosh that only Whoosh's matchers run
        # Every match is collected, so the total is what is listed: Whoosh's top-N collector
        # counted apart from what it kept ("85 letters found" above 206 listed)
        scores, terms = _whoosh_all(searcher, parsed, date_filter, scored=not sort)
        terms_of = terms.get
    if sort in ("date", "-date"):
        dates = _column_keys(searcher, "date", scores)
        pairs = ((dates[d], d) for d in scores)
        reverse = sort.startswith("-")
        # Whoosh's order for a sort: by the column's key, then document number, both reversed for -date
        if wanted is None:
            ordered = sorted(pairs, reverse=reverse)
        else:
            ordered = (heapq.nlargest if reverse else heapq.nsmallest)(wanted, pairs)
        page = [(d, None, terms_of(d)) for _, d in ordered]
    else:
        page = [(d, score, terms_of(d)) for d, score in best_first(scores, wanted)]
    return Found(len(scores), page, {name: facet_counts(searcher, name, scores) for name in facets})


def facet_counts(searcher, name: str, docnums) -> list:
    """[(value, letters)] of one facet over these letters, most letters first.

    A letter counts under its value in the facet's column, as Whoosh's FieldFacet groups
    it (a letter without one has the column's default); under a list facet (person), under
    each value of its stored list."""
    if name in LIST_FACETS:
        counts = Counter()
        for d in docnums:
            counts.update(set(searcher.stored_fields(d).get(LIST_FACETS[name]) or ()))
        return sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
    column = FACET_COLUMNS[name]
    if not docnums or not searcher.reader().has_column(column):
        return []
    to_value = searcher.schema[column].from_column_value
    counts = Counter()
    for key, letters in Counter(_column_keys(searcher, column, docnums).values()).items():
        counts[to_value(key)] += letters
    return sorted(((k, n) for k, n in counts.items() if k not in (None, "")), key=lambda kv: (-kv[1], str(kv[0])))


def _column_keys(searcher, fieldname: str, docnums) -> dict:
    """{docnum: the field's sort key} read from its column for these letters only."""
    if not docnums:
        return {}
    leaves = searcher.reader().leaf_readers()
    starts = [offset for _, offset in leaves]
    columns = [leaf.column_reader(fieldname, translate=False) for leaf, _ in leaves]
    keys = {}
    for d in docnums:
        i = bisect_right(starts, d) - 1
        keys[d] = columns[i].sort_key(d - starts[i])
    return keys


# -- Whoosh's own searcher, for what the ranker cannot run

def _whoosh_all(searcher, parsed, date_filter, scored: bool) -> tuple:
    """({docnum: score} of every letter Whoosh matches (None unscored), {docnum: matched terms})."""
    results = searcher.search(parsed, limit=None, filter=date_filter, terms=True, scored=scored)
    scores, terms = {}, {}
    for hit in results:
        scores[hit.docnum] = hit.score
        terms[hit.docnum] = hit.matched_terms()
    return scores, terms


# -- hits

def _hit(stored: dict, score, terms, analyzer, bold: bool, snippets: bool) -> Hit:
    snippet_text, page, conf = "", 1, None
    body = stored.get("body") or ""
    if snippets and body:
        spans = highlight.matched_spans(body, highlight.body_terms(terms), analyzer)
        snippet_text, first = highlight.snippet(body, spans, bold)
        if first is not None:
            page = body.count("\f", 0, first) + 1
        else:  # the match was in a field, not the text: the letter's opening lines
            snippet_text = highlight.around_marks(" ".join(body[:200].split()), bold)
    for number, confidence in stored.get("pages") or []:
        if number == page:
            conf = confidence
    return _stored_hit(stored, None if score is None else round(score, 3), snippet_text, page, conf)


def _stored_hit(stored: dict, score, snippet_text="", page=1, page_confidence=None) -> Hit:
    date = stored.get("date")
    return Hit(id=stored["id"], score=score, date=date.date().isoformat() if date else None,
               sender=stored.get("signatory") or stored.get("sender_org"), addressee=stored.get("addressee"),
               ref=stored.get("ref"), subject=stored.get("subject"), format=stored.get("format"),
               snippet=snippet_text, page=page, page_confidence=page_confidence)


def similar_letters(searcher, letter_id: str, limit=10) -> list:
    """Letters like this one, by the words of their text."""
    docnum = searcher.document_number(id=letter_id)
    if docnum is None:
        return []
    return [_stored_hit(h.fields(), round(h.score, 3))
            for h in searcher.more_like(docnum, "body", top=limit, numterms=25)]
