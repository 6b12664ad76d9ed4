"""Ranking and counting a query straight from the index's posting blocks.

Whoosh scores one match at a time through a tree of matcher objects and counts the hits
with a second pass, a Python call or several per matching letter. At 100,000 letters a
word found in a fifth of them took 60-85 ms to rank and count. The queries researchers
type are mostly words, fields, ranges, fuzzy words and phrases joined by AND, OR and NOT:
for those, this module reads each term's postings a block at a time, scores with
Whoosh's own BM25F formula (same parameters, same field lengths, so the same order), and
has the exact count for nothing: it is the size of the set of matches.

Anything else (wildcard-free queries with spans, DisjunctionMax, coordination bonuses, a
weighting other than BM25F) raises Unsupported, and the caller searches with Whoosh.

It reads Whoosh's on-disk structures (whoosh-reloaded 2.7.5, codec whoosh3) where they
are plain: a posting block is a pickled tuple (ids, weights, values); a field's lengths
are one byte a letter. Where a reader is not of that kind it goes through Whoosh's
public matcher interface, slower but the same answer.
"""
from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from array import array
from pickle import loads
from itertools import accumulate, repeat

from whoosh import formats, query
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.columns import NumericColumn
from whoosh.matching.wrappers import FilterMatcher
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

from letterbook.index.cache import SizedCache


class Unsupported(Exception):
    """This query needs Whoosh's own matchers."""


# A length byte of 0 means "no length stored", which Whoosh's BM25F reads as 1.
_LENGTH_OF_BYTE = [1] + [byte_to_length(b) for b in range(1, 256)]

# Field lengths of a segment never change: one byte a letter, kept by segment and field
# (up to 64 MB: 14 fields of a million letters).
_LENGTHS = SizedCache(64 * 2**20)


def _length_bytes(leaf, fieldname: str) -> bytes:
    key = (leaf.segment().segment_id(), fieldname)
    found = _LENGTHS.get(key)
    if found is not None:
        return found
    count = leaf.doc_count_all()
    column = leaf._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN) \
        if hasattr(leaf, "_perdoc") else None
    if column is None:
        raw = bytes(count)
    elif isinstance(column, NumericColumn.Reader) and column._fixedlen == 1:
        stored = min(column._count, count)
        raw = bytes(column._dbfile.get(column._basepos, stored)) + bytes(count - stored)
    else:
        raise Unsupported("field lengths in an unknown column")
    return _LENGTHS.put(key, raw, len(raw))


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


class Ranker:
    """Evaluates one query over a searcher's segments as {docnum: score}."""

    def __init__(self, searcher):
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
        self.touched = {}     # (fieldname, text) -> docs with that term, for the snippets

    # -- the whole search
    def rank(self, q, wanted: int, only=None) -> Ranked:
        scores = self.evaluate(q)
        if only is not None:
            scores = {d: s for d, s in scores.items() if d in only} if len(scores) > len(only) \
                else {d: scores[d] for d in only if d in scores}
        # Whoosh breaks ties by document number, lowest first; so does this.
        best = heapq.nsmallest(wanted, scores.items(), key=lambda kv: (-kv[1], kv[0]))
        return Ranked(len(scores), best, self.searcher, self.terms_of)

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
                               for leaf, offset in self.leaves for w in _range_terms(leaf, q) if w])
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
            ids, weights, _ = self._postings(leaf, fieldname, btext, values=False)
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
            lengths = _length_bytes(leaf, fieldname)
            table = _LENGTH_OF_BYTE
            return {offset + d: top * tf / (tf + flat + per_length * table[lengths[d]])
                    for d, tf in zip(ids, weights)}
        return score

    @staticmethod
    def _postings(leaf, fieldname, btext, values: bool = False):
        """(ids, weights, values) of a term in one segment, deleted letters left out.

        values (the raw positions) come only when asked for and the postings had to be
        read anyway; kept postings have none (None), and the caller reads the few blocks
        it needs."""
        # A segment's postings change only by deletions, which only lower its live count.
        key = (leaf.segment().segment_id(), leaf.doc_count(), fieldname, btext)
        found = _POSTINGS.get(key)
        if found is not None:
            return found[0], found[1], None
        ids, weights, vals = _read_postings(leaf, fieldname, btext, values)
        if len(ids) >= _CACHE_FROM:
            _POSTINGS.put(key, (array("I", ids), array("d", weights)), len(ids))
        return ids, weights, vals

    def _whole(self, leaf, fieldname, btext) -> dict:
        """{letter: (weight, raw positions or None)} for every letter of one segment with the
        word; positions are None when the word's position numbers are kept (see
        _position_keys), and then nothing is read from the index."""
        kept = _kept_whole(leaf, fieldname, btext)
        if kept is not None:
            return kept
        ids, weights, values = self._postings(leaf, fieldname, btext, values=True)
        if values is None:  # postings kept without positions
            return _entries(leaf, fieldname, btext, ids)
        return dict(zip(ids, zip(weights, values)))

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
        decode, slop = _position_decoder(field.format), q.slop
        found, per_word = {}, [{} for _ in bwords]
        for leaf, offset in self.leaves:
            counts = [leaf.doc_frequency(fieldname, w) for w in bwords]
            if not all(counts):
                continue
            # The rarest word's letters are the candidates; each other word is read only in
            # the blocks that hold a candidate (a common word's postings with positions took
            # 30-50 ms to read whole), or whole when most of its letters are candidates.
            order = sorted(range(len(bwords)), key=counts.__getitem__)
            entries = self._whole(leaf, fieldname, bwords[order[0]])
            candidates = sorted(entries)
            held, whole = [None] * len(bwords), [False] * len(bwords)
            held[order[0]], whole[order[0]] = entries, True
            for i in order[1:]:
                if len(candidates) * 2 >= counts[i]:  # most of its letters: read it whole
                    held[i], whole[i] = self._whole(leaf, fieldname, bwords[i]), True
                else:
                    held[i] = _entries(leaf, fieldname, bwords[i], candidates)
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
                at = _position_keys(leaf, fieldname, w, by_doc, complete, candidates, decode)
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


# Common words are where the time goes (reading a posting costs about 0.7 us: Whoosh
# pickles each block as tuples) and, in any stream of queries, the words that come back.
# Their decoded postings are kept, 12 bytes a posting, up to about 48 MB.
_POSTINGS = SizedCache(4_000_000)  # postings
_CACHE_FROM = 2000


# A segment's sorted terms of a field, for ranges (a date field holds a few thousand).
_LEXICONS = SizedCache(2_000_000)  # terms


def _range_terms(leaf, q) -> list:
    """The terms of one segment inside a TermRange, as Whoosh's own expansion finds them."""
    field = leaf.schema[q.fieldname]
    try:
        start = b"" if q.start is None else field.to_bytes(q.start)
        end = None if q.end is None else field.to_bytes(q.end)
    except ValueError:
        return []
    key = (leaf.segment().segment_id(), q.fieldname)
    terms = _LEXICONS.get(key)
    if terms is None:
        terms = list(leaf.lexicon(q.fieldname))
        _LEXICONS.put(key, terms, len(terms) + 1)
    low = bisect_right(terms, start) if q.startexcl else bisect_left(terms, start)
    high = len(terms) if end is None else bisect_left(terms, end) if q.endexcl else bisect_right(terms, end)
    return terms[low:high]


# A common word's (letter << 32 | position) numbers, kept by segment: phrases of common
# words come back in any stream of queries, and building these is most of their cost.
_POSITION_KEYS = SizedCache(1_500_000)  # numbers: about 90 MB at most


def _kept_whole(leaf, fieldname, btext):
    """{letter: (weight, None)} of a word whose postings and position numbers are both kept:
    a phrase with it then reads nothing from the index. None otherwise."""
    key = (leaf.segment().segment_id(), leaf.doc_count(), fieldname, btext)
    postings = _POSTINGS.get(key)
    if postings is None or _POSITION_KEYS.get(key) is None:
        return None
    ids, weights = postings
    return dict(zip(ids, zip(weights, repeat(None))))


def _position_keys(leaf, fieldname, btext, by_doc, whole, candidates, decode) -> set:
    """The word's positions in the candidate letters, each as letter << 32 | position.

    A common word read whole (by_doc holds every letter that has it) is turned into these
    numbers for all its letters and kept: the next phrase with it is then a set
    intersection and nothing more."""
    key = (leaf.segment().segment_id(), leaf.doc_count(), fieldname, btext)
    found = _POSITION_KEYS.get(key)
    if found is not None:
        return found
    keep = whole and len(by_doc) >= _CACHE_FROM
    docs = list(by_doc) if keep else candidates
    numbers = {(d << 32) | p for d, gaps in zip(docs, decode([by_doc[d][1] for d in docs]))
               for p in accumulate(gaps)}
    if keep:
        _POSITION_KEYS.put(key, numbers, len(numbers))
    return numbers


def _read_postings(leaf, fieldname, btext, values: bool):
    """A term's postings in one segment, deleted letters left out."""
    if (fieldname, btext) not in leaf:
        return [], [], None
    matcher = leaf.postings(fieldname, btext)
    deleted = None
    if isinstance(matcher, FilterMatcher):
        if not matcher._exclude:
            raise Unsupported("a filtered matcher that is not a deletion filter")
        # the child may have stepped past deleted letters; its whole block is read below
        deleted, matcher = matcher._ids, matcher.child
    ids, weights, vals = [], [], [] if values else None
    if type(matcher) is W3LeafMatcher:
        # a block at a time: one unpickle and C-level extends instead of a call a posting
        while matcher.is_active():
            matcher._read_data()
            block_ids, block_weights, block_values = matcher._data
            before = len(ids)
            ids.extend(block_ids if matcher._byteids else accumulate(block_ids))
            added = len(ids) - before
            if block_weights is None:
                weights.extend(repeat(1.0, added))
            elif isinstance(block_weights, float):
                weights.extend(repeat(block_weights, added))
            else:
                weights.extend(block_weights)
            if values:
                vals.extend(block_values if block_values is not None else repeat(None, added))
            matcher._next_block()
    else:
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            if values:
                vals.append(matcher.value())
            matcher.next()
    if deleted:
        keep = [i for i, d in enumerate(ids) if d not in deleted]
        ids = [ids[i] for i in keep]
        weights = [weights[i] for i in keep]
        if values:
            vals = [vals[i] for i in keep]
    return ids, weights, vals


def _entries(leaf, fieldname, btext, docs: list) -> dict:
    """{letter: (weight, raw positions value)} of a term in each of these letters that holds it
    (sorted docnums).

    A block is unpickled only if it holds one of the letters: its header says the
    highest letter it holds, so the others are passed over unread."""
    matcher, found = leaf.postings(fieldname, btext), {}
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child  # deleted letters are never among the docs asked for
    if type(matcher) is not W3LeafMatcher:
        wanted = set(docs)
        while matcher.is_active():
            if matcher.id() in wanted:
                found[matcher.id()] = (matcher.weight(), matcher.value())
            matcher.next()
        return found
    i, count = 0, len(docs)
    while i < count and matcher.is_active():
        if matcher.block_max_id() < docs[i]:
            matcher._next_block()
            continue
        matcher._read_data()
        block_ids, block_weights, block_values = matcher._data
        ids = block_ids if matcher._byteids else list(accumulate(block_ids))
        if block_weights is None or isinstance(block_weights, float):
            block_weights = repeat(block_weights or 1.0, len(ids))
        in_block = dict(zip(ids, zip(block_weights, block_values)))
        last = ids[-1]
        while i < count and docs[i] <= last:
            entry = in_block.get(docs[i])
            if entry is not None:
                found[docs[i]] = entry
            i += 1
        matcher._next_block()
    return found


def _position_decoder(format_):
    """Decodes a list of postings' position values into lists of gaps between positions.

    Whoosh's Positions format stores a count and the pickled gaps. Unpickling each value
    costs a call per letter; the pickles are instead laid end to end between a mark and a
    list opcode and read by one call (each value is one pickled list: protocol 2, then
    the list, then the stop mark, which is dropped). Anything else is decoded one by one."""
    if type(format_) is not formats.Positions:
        def one_by_one(values):
            positions = [sorted(format_.decode_positions(v)) for v in values]
            return [[p - q for p, q in zip(ps, [0] + ps)] for ps in positions]
        return one_by_one

    def together(values):
        # whoosh-reloaded 2.7.5 writes every value alike; the first is checked, and the count
        if values and values[0][4:7] == b"\x80\x02]" and values[0][-1:] == b".":
            gaps = loads(b"\x80\x02(" + b"".join(v[6:-1] for v in values) + b"l.")
            if len(gaps) == len(values):
                return gaps
        return [loads(v[4:] + b".") for v in values]  # loads ignores bytes after its end mark
    return together


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
