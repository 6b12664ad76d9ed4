"""Running a query: the letters it matches, counted, ordered and faceted, each shown as a Hit.

A search by relevance is ranked and counted by the ranker (ranker.py); sorting, facets
and queries the ranker cannot run go to Whoosh's own searcher.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from whoosh import collectors, query, sorting

from letterbook.index import highlight
from letterbook.index.query import narrowing, parse, suggest
from letterbook.index.ranker import Ranker, Unsupported, best_first
from letterbook.index.schema import FACET_COLUMNS


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
    groupedby = {name: sorting.FieldFacet(FACET_COLUMNS[name], allow_overlap=False) for name in facets}
    sortedby, reverse = None, False
    if sort in ("date", "-date"):
        sortedby, reverse = "date", sort.startswith("-")
    if not (sortedby or groupedby or wanted is None):
        try:
            ranker = Ranker(searcher)
            scores = ranker.matches(parsed, within=date_filter)
            return Found(len(scores), [(d, s, ranker.terms_of(d)) for d, s in best_first(scores, wanted)], {})
        except Unsupported:
            pass  # a kind of query only Whoosh's matchers run
    if sortedby or groupedby or wanted is None or not (date_filter is not None or narrowing(parsed)):
        results = searcher.search(parsed, limit=wanted, filter=date_filter, sortedby=sortedby, reverse=reverse,
                                  groupedby=groupedby or None, terms=True)
    else:
        # Whoosh's default top-N collector skips blocks that cannot reach the top N, so it
        # cannot say how many letters matched, and len(results) runs the query again. For
        # words alone that second, unscored pass is cheap; for phrases, AND and date ranges
        # it is not (positions, intersections), so those score every match and count as
        # they go (at 100,000 letters p95 110 ms against 200 ms for phrases).
        collector = collectors.TermsCollector(collectors.TopCollector(wanted, usequality=False, replace=0))
        if date_filter is not None:
            collector = collectors.FilterCollector(collector, date_filter)
        searcher.search_with_collector(parsed, collector)
        results = collector.results()
    # Whoosh puts the sort key where the score goes: there is no relevance
    page = [(hit.docnum, None if sortedby else hit.score, hit.matched_terms()) for hit in results]
    counts = {}
    for name in facets:
        groups = results.groups(name)
        counts[name] = sorted(((k, len(v)) for k, v in groups.items() if k not in (None, "")),
                              key=lambda kv: (-kv[1], str(kv[0])))
    return Found(len(results), page, counts)


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
            snippet_text = " ".join(body[:200].split())
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
