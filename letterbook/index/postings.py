"""Reading Whoosh's private on-disk structures where they are plain, for the ranker (ranker.py).

Whoosh reads a posting at a time through matcher objects. This module reads whole blocks:
a posting block is a pickled tuple (ids, weights, values); a field's lengths are one byte a
letter; a Positions value is a count and a pickled list of gaps. It keeps what queries read
again (common words' postings, position numbers, field lengths, date terms) in caches keyed
by segment, which never change but by deletions.

It knows whoosh-reloaded 2.7.5 (codec whoosh3) and nothing else: on another version of
Whoosh AVAILABLE is False and the ranker is not used at all. In a segment, what it does not
recognise (a reader of another kind, a field without per-letter lengths, lengths in another
kind of column, a filter on postings other than deletions) raises Unsupported, and the
caller runs that query with Whoosh's own searcher instead: slower, never wrong. Postings
that are not in whoosh3 blocks are read through Whoosh's public matcher methods.
"""
from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from itertools import accumulate, repeat
from pickle import loads

import whoosh

from letterbook.index.cache import SizedCache

WRITTEN_FOR = (2, 7, 5)  # whoosh-reloaded


def written_for(version) -> bool:
    """Is this the version of Whoosh whose private formats this module reads?"""
    return tuple(version)[:3] == WRITTEN_FOR


try:
    from whoosh import formats
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
    from whoosh.columns import NumericColumn
    from whoosh.matching.wrappers import FilterMatcher
    from whoosh.util.numeric import byte_to_length
    AVAILABLE = written_for(getattr(whoosh, "__version__", ()))
except ImportError:  # another Whoosh, laid out otherwise: Whoosh's own searcher does everything
    AVAILABLE = False


class Unsupported(Exception):
    """This query or segment needs Whoosh's own matchers."""


# -- field lengths

# Field length by length byte. A byte of 0 means "no length stored", which Whoosh's BM25F
# reads as 1.
LENGTH_OF_BYTE = [1] + [byte_to_length(b) for b in range(1, 256)] if AVAILABLE else []

# Field lengths of a segment never change: one byte a letter, kept by segment and field
# (up to 64 MB: 14 fields of a million letters).
_LENGTHS = SizedCache(64 * 2**20)


def length_bytes(leaf, fieldname: str) -> bytes:
    """The field's length byte of each letter of one segment (see LENGTH_OF_BYTE)."""
    key = (leaf.segment().segment_id(), fieldname)
    found = _LENGTHS.get(key)
    if found is not None:
        return found
    if not hasattr(leaf, "_perdoc"):
        raise Unsupported("a segment reader of another kind")
    column = leaf._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    # Asked only for a field with postings in this segment, whose letters therefore have
    # lengths: without the column the segment was written otherwise than this module
    # knows, and Whoosh scores the query.
    if column is None:
        raise Unsupported(f"a segment without lengths of {fieldname}")
    if not (isinstance(column, NumericColumn.Reader) and column._fixedlen == 1):
        raise Unsupported("field lengths in an unknown column")
    count = leaf.doc_count_all()
    stored = min(column._count, count)  # the column ends at its last letter with a length
    raw = bytes(column._dbfile.get(column._basepos, stored)) + bytes(count - stored)
    return _LENGTHS.put(key, raw, len(raw))


# -- a term's postings

# Common words are where the time goes (reading a posting costs about 0.7 us: Whoosh
# pickles each block as tuples) and, in any stream of queries, the words that come back.
# Their decoded postings are kept, 12 bytes a posting, up to about 48 MB.
_POSTINGS = SizedCache(4_000_000)  # postings
_CACHE_FROM = 2000


def term_postings(leaf, fieldname, btext, values: bool = False):
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


def whole_term(leaf, fieldname, btext) -> dict:
    """{letter: (weight, raw positions or None)} for every letter of one segment with the
    word; positions are None when the word's position numbers are kept (see
    position_keys), and then nothing is read from the index."""
    kept = _kept_whole(leaf, fieldname, btext)
    if kept is not None:
        return kept
    ids, weights, values = term_postings(leaf, fieldname, btext, values=True)
    if values is None:  # postings kept without positions
        return entries(leaf, fieldname, btext, ids)
    return dict(zip(ids, zip(weights, values)))


# -- ranges

# A segment's sorted terms of a field, for ranges (a date field holds a few thousand).
_LEXICONS = SizedCache(2_000_000)  # terms


def range_terms(leaf, q) -> list:
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


# -- positions, for phrases

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


def position_keys(leaf, fieldname, btext, by_doc, whole, candidates, decode) -> set:
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


def entries(leaf, fieldname, btext, docs: list) -> dict:
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


def position_decoder(format_):
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
