"""Ranking and counting a query straight from the index's posting blocks (read by postings.py).

Whoosh scores one match at a time through a tree of matcher objects and counts the hits
with a second pass, a Python call or several per matching letter. At 100,000 letters a
word found in a fifth of them took 60-85 ms to rank and count. The queries researchers
type are mostly words, fields, ranges, fuzzy words and phrases joined by AND, OR and NOT:
for those, the Ranker evaluates the query tree as {letter: score}, scoring each term with
Whoosh's own BM25F formula (same parameters, same field lengths, so the same order), and
has the exact count for nothing: it is the size of the set of matches.

Anything else (spans, DisjunctionMax, coordination bonuses, a weighting other than BM25F,
a segment or a version of Whoosh that postings.py does not know) raises Unsupported, and
the caller searches with Whoosh.
"""
from __future__ import annotations

import heapq

from whoosh import query
from whoosh.scoring import BM25F

from letterbook.index import postings
from letterbook.index.postings import Unsupported


class Ranked:
    """What a search found: the exact count and the best hits, best first."""

    def __init__(self, total: int, best: list, searcher, terms_of):
        self._total = total
        self._best = best            # [(docnum, score)]
        self._searcher = searcher
        self._terms_of = terms_of    # docnum -> [(fieldname, text)] the letter matched

    def __len__(self):
        return self._total

    def scored_length(self):
        return len(self._best)

    def __iter__(self):
        for docnum, score in self._best:
            yield RankedHit(self._searcher, docnum, score, self._terms_of(docnum))


class RankedHit:
    def __init__(self, searcher, docnum, score, terms):
        self.docnum, self.score, self._searcher, self._terms = docnum, score, searcher, terms

    def fields(self):
        return self._searcher.stored_fields(self.docnum)

    def matched_terms(self):
        return self._terms


def _segment_of(reader):
    segment = getattr(reader, "segment", None)
    return segment() if segment else None


class Ranker:
    """Evaluates one query over a searcher's segments as {docnum: score}."""

    def __init__(self, searcher):
        if not postings.AVAILABLE:
            raise Unsupported("a version of Whoosh whose postings this does not read")
        weighting = searcher.weighting
        if type(weighting) is not BM25F:
            raise Unsupported("weighting")
        self.searcher = searcher
        self.schema = searcher.schema
        self.reader = searcher.reader()
        self.weighting = weighting
        if searcher.is_atomic():
            self.leaves = [(self.reader, 0)]
        else:
            self.leaves = [(sub.reader(), offset) for sub, offset in searcher.subsearchers]
        # an index with no letters yet has a reader with no segment: nothing to find in it
        self.leaves = [(leaf, offset) for leaf, offset in self.leaves if _segment_of(leaf) is not None]
        self.touched = {}     # (fieldname, text) -> docs with that term, for the snippets

    # -- the whole search
    def matches(self, q, within=None) -> dict:
        """{docnum: score} of every letter q matches; only those the query `within` matches too
        if given (a filter: its own scores are not counted)."""
        scores = self.evaluate(q)
        if within is not None and scores:
            only = self.docs(within)
            scores = {d: s for d, s in scores.items() if d in only} if len(scores) > len(only) \
                else {d: scores[d] for d in only if d in scores}
        return scores

    def rank(self, q, wanted: int, only=None) -> Ranked:
        """The exact count and the `wanted` best, among the docnums in `only` if given."""
        scores = self.evaluate(q)
        if only is not None:
            scores = {d: s for d, s in scores.items() if d in only}
        return Ranked(len(scores), best_first(scores, wanted), self.searcher, self.terms_of)

    def docs(self, q) -> set:
        return set(self.evaluate(q))

    def terms_of(self, docnum) -> list:
        return [key for key, docs in self.touched.items() if docnum in docs]

    # -- nodes
    def evaluate(self, q) -> dict:
        kind = type(q)
        if kind is query.Term:
            return self._term(q.fieldname, q.text, q.boost)
        if isinstance(q, query.qcore._NullQuery):
            return {}
        if kind is query.Or:
            if q.minmatch or q.scale:
                raise Unsupported("Or with minmatch or coordination")
            return self._boosted(_sum_union([self.evaluate(sub) for sub in q.subqueries]), q.boost)
        if kind is query.And:
            positive = [sub for sub in q.subqueries if type(sub) is not query.Not]
            negative = [sub.query for sub in q.subqueries if type(sub) is query.Not]
            if not positive:
                raise Unsupported("And of negations only")
            found = _sum_intersection([self.evaluate(sub) for sub in positive])
            for sub in negative:
                if found:
                    excluded = self.evaluate(sub)
                    found = {d: s for d, s in found.items() if d not in excluded}
            return self._boosted(found, q.boost)
        if kind is query.AndNot:
            found = self.evaluate(q.a)
            excluded = self.evaluate(q.b) if found else {}
            return self._boosted({d: s for d, s in found.items() if d not in excluded}, q.boost)
        if kind is query.Require:
            scored, required = self.evaluate(q.a), self.evaluate(q.b)
            return self._boosted({d: s for d, s in scored.items() if d in required}, q.boost)
        if kind is query.AndMaybe:
            found, maybe = self.evaluate(q.a), self.evaluate(q.b)
            return self._boosted({d: s + maybe.get(d, 0.0) for d, s in found.items()}, q.boost)
        if kind is query.ConstantScoreQuery:
            return dict.fromkeys(self.evaluate(q.child), q.score)
        if kind is query.Phrase:
            return self._phrase(q)
        if isinstance(q, query.NumericRange):  # DateRange too: ranges of trie terms
            simpler = q.simplify(self.reader)
            if isinstance(simpler, query.NumericRange):
                raise Unsupported("a range that does not simplify")
            return self.evaluate(simpler)
        if isinstance(q, query.TermRange):  # date ranges come here, as ranges of trie terms
            # Each segment's own terms, from a kept copy of its sorted term list: Whoosh walks
            # the on-disk term table in Python, and over a reader of several segments merges
            # every segment's list (30-45 ms a date range with twenty segments).
            return _sum_union([self._term(q.fieldname, w, q.boost, [(leaf, offset)])
                               for leaf, offset in self.leaves for w in postings.range_terms(leaf, q) if w])
        if kind is query.Every and q.fieldname in (None, "*"):  # every letter ("*")
            return dict.fromkeys((offset + d for leaf, offset in self.leaves for d in leaf.all_doc_ids()), q.boost)
        if isinstance(q, query.MultiTerm):  # fuzzy, prefix, wildcard
            # Whoosh scores each word found (its "constant score" only skips a scoring
            # context that its matchers ignore), so a fuzzy or prefix hit ranks by BM25 too.
            words = [w for w in q._btexts(self.reader) if w]
            return _sum_union([self._term(q.fieldname, w, q.boost) for w in words])
        raise Unsupported(kind.__name__)

    @staticmethod
    def _boosted(scores: dict, boost: float) -> dict:
        if boost == 1.0:
            return scores
        return {d: s * boost for d, s in scores.items()}

    # -- leaves
    def _term(self, fieldname, text, boost, leaves=None) -> dict:
        """{docnum: score} of one term, in every segment or in the leaves given."""
        field = self.schema[fieldname] if fieldname in self.schema else None
        if field is None:
            return {}
        try:
            btext = text if isinstance(text, bytes) else field.to_bytes(text)
        except ValueError:
            return {}
        if leaves is None and (fieldname, btext) not in self.reader:
            return {}
        scorer = self._scorer(fieldname, btext, boost)
        found = {}
        for leaf, offset in leaves or self.leaves:
            ids, weights, _ = postings.term_postings(leaf, fieldname, btext)
            if ids:
                found.update(scorer(ids, weights, leaf, offset))
        self.touched.setdefault((fieldname, text), {}).update(found)
        return found

    def _scorer(self, fieldname, btext, boost):
        """BM25F as Whoosh computes it: idf and average length from the whole index."""
        searcher, w = self.searcher, self.weighting
        if not self.schema[fieldname].scorable:  # no lengths (yes/no fields): the weight alone
            return lambda ids, weights, leaf, offset: {offset + d: tf * boost for d, tf in zip(ids, weights)}
        idf = searcher.idf(fieldname, btext)
        average = searcher.avg_field_length(fieldname) or 1
        b = w._field_B.get(fieldname, w.B)
        k1 = w.K1
        top, flat, per_length = idf * (k1 + 1) * boost, k1 * (1 - b), k1 * b / average

        def score(ids, weights, leaf, offset):
            lengths = postings.length_bytes(leaf, fieldname)
            table = postings.LENGTH_OF_BYTE
            return {offset + d: top * tf / (tf + flat + per_length * table[lengths[d]])
                    for d, tf in zip(ids, weights)}
        return score

    def _phrase(self, q) -> dict:
        """Words in order, each within slop positions of the one before (Whoosh's SpanNear2)."""
        fieldname = q.fieldname
        field = self.schema[fieldname] if fieldname in self.schema else None
        if field is None or not q.words:
            return {}
        if not field.format or not field.format.supports("positions"):
            raise Unsupported("phrase on a field without positions")
        try:
            bwords = [field.to_bytes(word) for word in q.words]
        except ValueError:
            return {}
        if any((fieldname, w) not in self.reader for w in bwords):
            return {}
        scorers = [self._scorer(fieldname, w, q.boost) for w in bwords]
        decode, slop = postings.position_decoder(field.format), q.slop
        found, per_word = {}, [{} for _ in bwords]
        for leaf, offset in self.leaves:
            counts = [leaf.doc_frequency(fieldname, w) for w in bwords]
            if not all(counts):
                continue
            # The rarest word's letters are the candidates; each other word is read only in
            # the blocks that hold a candidate (a common word's postings with positions took
            # 30-50 ms to read whole), or whole when most of its letters are candidates.
            order = sorted(range(len(bwords)), key=counts.__getitem__)
            entries = postings.whole_term(leaf, fieldname, bwords[order[0]])
            candidates = sorted(entries)
            held, whole = [None] * len(bwords), [False] * len(bwords)
            held[order[0]], whole[order[0]] = entries, True
            for i in order[1:]:
                if len(candidates) * 2 >= counts[i]:  # most of its letters: read it whole
                    held[i], whole[i] = postings.whole_term(leaf, fieldname, bwords[i]), True
                else:
                    held[i] = postings.entries(leaf, fieldname, bwords[i], candidates)
                candidates = [d for d in candidates if d in held[i]]
                if not candidates:
                    break
            if not candidates:
                continue
            # Every (letter, position) of a word as one number, the letter in the high bits:
            # "the next word within slop places" is then one set intersection for all the
            # letters at once, not a loop over them (a phrase of common words checks 16,000).
            ends = None
            for w, by_doc, complete in zip(bwords, held, whole):
                at = postings.position_keys(leaf, fieldname, w, by_doc, complete, candidates, decode)
                if ends is None:
                    ends = at
                elif slop == 1:
                    ends = at.intersection([e + 1 for e in ends])
                else:
                    ends = at.intersection([e + step for e in ends for step in range(1, slop + 1)])
                if not ends:
                    break
            if not ends:
                continue
            matched = sorted({e >> 32 for e in ends})
            # a phrase scores as its words do in the letters that hold it
            for i, by_doc in enumerate(held):
                part = scorers[i](matched, [by_doc[d][0] for d in matched], leaf, offset)
                per_word[i].update(part)
                for d, value in part.items():
                    found[d] = found.get(d, 0.0) + value
        for word, docs in zip(q.words, per_word):
            self.touched[(fieldname, word)] = docs
        return found


def best_first(scores: dict, wanted=None) -> list:
    """[(docnum, score)] of the `wanted` best letters (all if None), highest score first.
    Whoosh breaks ties by document number, lowest first; so does this."""
    if wanted is None or wanted >= len(scores):
        return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    if wanted <= 0:
        return []
    # The wanted-th best score, found among the bare scores (heapq compares floats in C),
    # then only the letters at or above it ordered: a common word's 90,000 letters took
    # 40 ms through nsmallest with a key function, a call a letter.
    threshold = heapq.nlargest(wanted, scores.values())[-1]
    best = [kv for kv in scores.items() if kv[1] >= threshold]
    best.sort(key=lambda kv: (-kv[1], kv[0]))
    return best[:wanted]


def _sum_union(parts: list) -> dict:
    parts = [p for p in parts if p]
    if not parts:
        return {}
    parts.sort(key=len, reverse=True)
    out = dict(parts[0])
    for part in parts[1:]:
        for d, s in part.items():
            out[d] = out.get(d, 0.0) + s
    return out


def _sum_intersection(parts: list) -> dict:
    if not parts or any(not p for p in parts):
        return {}
    parts = sorted(parts, key=len)
    keys = set(parts[0]).intersection(*parts[1:])
    return {d: sum(p[d] for p in parts) for d in keys}
