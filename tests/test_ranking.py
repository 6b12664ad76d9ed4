"""The posting-block ranker (index/ranker.py, index/postings.py) finds, counts and ranks as Whoosh does.

A real Whoosh index of a few hundred letters, written in two segments with deletions in
the first, is searched both ways: through the ranker, and through Whoosh's own matchers.
"""
from __future__ import annotations

import datetime as dt
import random
import shutil

import pytest
from whoosh import index as whoosh_index

from letterbook.index import LetterIndex, postings
from letterbook.index.cache import SizedCache
from letterbook.index.ranker import Ranker, Unsupported
from letterbook.index.schema import letter_schema
from letterbook.index.write import WRITER

WORDS = ("council planning parking permit refuse collection authority local housing tenancy repair "
         "school admission appeal library opening hours bridge river flood drainage licence market "
         "grant funding heritage museum archive survey budget consultation resident street lighting").split()
NAMES = "Wilson Okafor Brennan Schmidt Dubois Patel Nakamura".split()


@pytest.fixture(scope="module")
def letter_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ranking")
    ix = whoosh_index.create_in(str(folder), letter_schema())
    rng = random.Random(7)

    def letter(n):
        words = [rng.choice(WORDS[:12]) if rng.random() < 0.6 else rng.choice(WORDS) for _ in range(rng.randint(20, 120))]
        if n % 5 == 0:
            words[10:10] = "the local authority is".split()
        signatory = f"Alex {rng.choice(NAMES)}"
        doc = {"id": f"L{n:04d}", "body": " ".join(words), "subject": " ".join(rng.sample(WORDS, 3)),
               "signatory": signatory, "from_facet": signatory, "signed": n % 3 == 0}
        if n % 50 != 3:  # a few undated letters
            doc.update(date=dt.datetime(2000 + n % 25, 1 + n % 12, 1 + n % 28), year=2000 + n % 25)
        return doc

    for first, last in ((0, 300), (300, 500)):
        writer = ix.writer(**WRITER)
        for n in range(first, last):
            writer.add_document(**letter(n))
        writer.commit(merge=False)
    writer = ix.writer(**WRITER)
    for n in range(0, 300, 7):
        writer.delete_by_term("id", f"L{n:04d}")
    writer.commit(merge=False)
    lx = LetterIndex(folder)
    assert lx.segment_count() == 2
    yield lx
    lx.close()


QUERIES = ["council", "parking permit", "parking OR museum", "parking NOT permit", "subject:heritage",
           '"local authority"', '"authority local"', '"parking permit"~3', "from:Okafor", "signed:yes flood",
           "date:[2005-01-01 TO 2010-12-31] council", "year:2003..2007", "plan*", "council AND (river OR bridge)",
           "nosuchword", '"nosuchword council"']


@pytest.mark.parametrize("text", QUERIES)
def test_ranker_counts_and_ranks_like_whoosh(letter_index, text):
    searcher = letter_index.searcher()
    parsed = letter_index.parse(text)
    ranked = Ranker(searcher).rank(parsed, 10)
    whoosh_hits = searcher.search(parsed, limit=None)
    assert len(ranked) == len(whoosh_hits)
    ours = {h.docnum for h in Ranker(searcher).rank(parsed, 10000)}
    assert ours == {h.docnum for h in whoosh_hits}
    # Whoosh adds a constant for NOT, scores a prefix's words in a context of its own, and a
    # phrase by its spans; the ranker scores those by BM25 of their words, so only the order
    # of the other kinds is compared score for score.
    if not any(mark in text for mark in ("NOT", '"', "*")):
        assert [round(h.score, 6) for h in ranked] == [round(h.score, 6) for h in whoosh_hits[:10]]


def test_fuzzy_words_are_found_as_whoosh_finds_them(letter_index):
    searcher = letter_index.searcher()
    parsed = letter_index.parse("counci parkin", fuzzy=True)
    assert {h.docnum for h in Ranker(searcher).rank(parsed, 10000)} == \
        {h.docnum for h in searcher.search(parsed, limit=None)}


def test_hits_carry_the_words_they_matched(letter_index):
    searcher = letter_index.searcher()
    for hit in Ranker(searcher).rank(letter_index.parse('"local authority" flood'), 5):
        fields, terms = hit.fields(), hit.matched_terms()
        assert ("body" if "local authority" in fields["body"] else "subject", "local") in terms
        assert "local authority" in fields["body"] + " " + fields["subject"]
        assert ("body", "flood") in terms or ("subject", "flood") in terms


def test_deleted_letters_are_never_found(letter_index):
    searcher = letter_index.searcher()
    ranked = Ranker(searcher).rank(letter_index.parse("council OR parking OR museum"), 10000)
    found = {hit.fields()["id"] for hit in ranked}
    assert found and not found & {f"L{n:04d}" for n in range(0, 300, 7)}


def test_a_query_it_cannot_run_says_so(letter_index):
    from whoosh import query
    with pytest.raises(Unsupported):
        Ranker(letter_index.searcher()).rank(query.DisjunctionMax([query.Term("body", "council")]), 10)


@pytest.mark.parametrize("text", ['"local authority"', '"authority local"', '"parking permit"~3', '"council parking"',
                                  '"local authority" council'])
def test_phrases_of_common_words_kept_between_queries(letter_index, monkeypatch, text):
    # Words in at least _CACHE_FROM letters have their positions kept between queries (as
    # numbers per letter and position); lowered here so that this small index takes that path.
    monkeypatch.setattr(postings, "_CACHE_FROM", 1)
    monkeypatch.setattr(postings, "_POSITION_KEYS", SizedCache(10**6))
    monkeypatch.setattr(postings, "_POSTINGS", SizedCache(10**6))
    searcher = letter_index.searcher()
    parsed = letter_index.parse(text)
    expected = {h.docnum for h in searcher.search(parsed, limit=None)}
    for _ in range(2):  # the first query fills the caches, the second reads them
        assert {h.docnum for h in Ranker(searcher).rank(parsed, 10000)} == expected


# -- one ranking path, whatever the options ask

ALL_KINDS = QUERIES + ["*", "counci", "lib?ary", "NOT council"]


def _listing(results):
    return results.total, [(hit.id, hit.score) for hit in results.hits]


@pytest.mark.parametrize("text", ALL_KINDS)
def test_facets_do_not_change_which_letters_are_found_or_their_order(letter_index, text):
    # Facets used to send the query to Whoosh's own matchers, which rank NOT, prefixes and
    # phrases otherwise than the ranker, and count "*" otherwise over several segments.
    plain = letter_index.search(text, limit=15, auto_fuzzy=False)
    faceted = letter_index.search(text, limit=15, auto_fuzzy=False, facets=("year", "from"))
    assert _listing(faceted) == _listing(plain)


@pytest.mark.parametrize("text", ALL_KINDS)
def test_facets_count_every_letter_found(letter_index, text):
    found = letter_index.search(text, limit=10_000, auto_fuzzy=False, facets=("from", "year"), snippets=False)
    signatories = {}
    for hit in found.hits:
        signatories[hit.sender] = signatories.get(hit.sender, 0) + 1
    assert dict(found.facets["from"]) == signatories
    assert sum(n for _, n in found.facets["from"]) == found.total == len(found.hits)


@pytest.mark.parametrize("sort", ["date", "-date"])
@pytest.mark.parametrize("text", ALL_KINDS)
def test_sorting_by_date_orders_the_letters_found_as_whoosh_sorts(letter_index, text, sort):
    searcher = letter_index.searcher()
    whoosh_order = [h["id"] for h in searcher.search(letter_index.parse(text), limit=None, sortedby="date",
                                                      reverse=sort == "-date")]
    listed = letter_index.search(text, limit=12, offset=3, sort=sort, auto_fuzzy=False)
    assert listed.total == letter_index.search(text, count_only=True, auto_fuzzy=False).total == len(whoosh_order)
    assert [hit.id for hit in listed.hits] == whoosh_order[3:15]
    assert all(hit.score is None for hit in listed.hits)


# -- what the ranker does not know goes to Whoosh

def _as_whoosh_finds(letter_index, text, limit=20):
    searcher = letter_index.searcher()
    hits = searcher.search(letter_index.parse(text), limit=None)
    return len(hits), [(h["id"], round(h.score, 3)) for h in hits[:limit]]


def test_it_reads_only_the_whoosh_it_was_written_for():
    assert postings.written_for((2, 7, 5))
    assert not postings.written_for((2, 7, 4)) and not postings.written_for((2, 8, 0))
    assert postings.AVAILABLE  # the Whoosh installed for these tests


@pytest.mark.parametrize("text", ["council", "parking NOT permit", '"local authority"', "plan*", "*"])
def test_on_another_whoosh_every_search_goes_through_whoosh(letter_index, monkeypatch, text):
    monkeypatch.setattr(postings, "AVAILABLE", False)
    with pytest.raises(Unsupported):
        Ranker(letter_index.searcher())
    assert _listing(letter_index.search(text, limit=20, auto_fuzzy=False)) == _as_whoosh_finds(letter_index, text)
    faceted = letter_index.search(text, limit=20, auto_fuzzy=False, facets=("year",))
    assert _listing(faceted) == _as_whoosh_finds(letter_index, text)


def test_a_segment_without_field_lengths_goes_through_whoosh(letter_index, tmp_path, monkeypatch):
    # A copy of the index whose first segment has lost its per-letter lengths of the text.
    copy = tmp_path / "index"
    shutil.copytree(letter_index.folder, copy)
    lengths = sorted(copy.glob("*._body_len.col"))
    assert len(lengths) == 2
    lengths[0].unlink()
    monkeypatch.setattr(postings, "_LENGTHS", SizedCache(10**6))  # the copy's segments have the same ids
    damaged = LetterIndex(copy)
    try:
        with pytest.raises(Unsupported):
            Ranker(damaged.searcher()).rank(damaged.parse("council"), 10)
        for text in ("council", "parking permit", '"local authority"'):
            assert _listing(damaged.search(text, limit=20, auto_fuzzy=False)) == _as_whoosh_finds(damaged, text)
        # a query that reads no lengths of the text is still ranked from the postings
        assert Ranker(damaged.searcher()).rank(damaged.parse("subject:heritage"), 10)
    finally:
        damaged.close()


def test_best_first_keeps_whooshs_order_of_ties_for_any_page_size():
    import random

    from letterbook.index.ranker import best_first
    rng = random.Random(7)
    scores = {d: rng.choice([0.5, 1.25, 2.0, 3.5]) for d in rng.sample(range(10_000), 3000)}
    everything = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    for wanted in (0, 1, 9, 10, 760, 2999, 3000, 5000, None):
        assert best_first(scores, wanted) == everything[:wanted]
