"""Fuzzy words: every word of the field within the edit distance, over every segment, and
only those (the comparison runs in rapidfuzz; this checks it against the definition)."""
from __future__ import annotations

from whoosh.support.levenshtein import levenshtein

from letterbook.index import LetterIndex
from letterbook.index.query import within
from letterbook.model import LetterRecord

WORDS = ("council councils councel counsel cancel coucil kouncil colonel harbour harbor barbour "
         "harbours harbourmaster parking parkin park barking").split()


def _letter(n: int, text: str) -> LetterRecord:
    return LetterRecord(id=f"F{n:04d}", format="txt", fields={}, sources=[{"name": f"f{n}.txt"}],
                        pages=[{"number": 1, "confidence": None, "text": text}])


def test_within_finds_exactly_the_words_in_reach_across_segments(tmp_path):
    ix = LetterIndex(tmp_path / "index")
    for n, word in enumerate(WORDS):  # one segment a letter
        ix.update([_letter(n, f"the {word} met")], merge=False)
    assert ix.segment_count() > 1
    reader = ix.searcher().reader()
    vocabulary = {w.decode() for w in reader.lexicon("body")}
    for text, maxdist, prefix in (("council", 2, 1), ("harbour", 1, 1), ("harbour", 2, 2), ("parkin", 1, 1),
                                  ("counsel", 0, 1), ("zzz", 2, 1)):
        expected = sorted(w for w in vocabulary
                          if w.startswith(text[:prefix]) and levenshtein(w, text) <= maxdist)
        assert within(reader, "body", text, maxdist, prefix) == expected
    # a word a letter away is found by a fuzzy search, and one three away is not
    assert ix.search("harbeur", fuzzy=True, limit=20).total > 0
    assert ix.search("hxxxour", fuzzy=True, limit=20, auto_fuzzy=False).total == 0


def _words_files(folder) -> set:
    return {p.name for p in folder.glob("vocabulary-*.words")}


def test_words_under_a_letter_are_kept_beside_the_index_for_the_next_process(tmp_path):
    from letterbook.index import query
    ix = LetterIndex(tmp_path / "index")
    for first in (0, 8):
        ix.update([_letter(n, f"the {word} met") for n, word in enumerate(WORDS[first:first + 8], start=first)],
                  merge=False)
    segments = [leaf.segment().segment_id() for leaf, _ in ix.searcher().reader().leaf_readers()]
    assert len(segments) == 2 and not _words_files(ix.folder)
    found = ix.search("harbeur", fuzzy=True, limit=20).total
    files = _words_files(ix.folder)
    assert {f"vocabulary-{s}-body-{'h'.encode().hex()}.words" for s in segments} <= files
    # a new process (nothing kept in memory) reads the files, not the index's term table
    query._VOCABULARY._items.clear()
    query._VOCABULARY._held = 0
    first = sorted(files)[0]
    (ix.folder / first).write_bytes((ix.folder / first).read_bytes() + b"\nharbxur")
    assert "harbxur" in within(ix.searcher().reader(), first.split("-")[2], "harbour", 1, 1)
    # folding the segments into one: the old segments' files go when the next one is written
    assert ix.merge_smallest(1) == 2
    query._VOCABULARY._items.clear()
    assert ix.search("harbeur", fuzzy=True, limit=20).total == found
    merged = [leaf.segment().segment_id() for leaf, _ in ix.searcher().reader().leaf_readers()]
    assert len(merged) == 1 and all(name.startswith(f"vocabulary-{merged[0]}-") for name in _words_files(ix.folder))


def test_one_segment_gives_its_words_in_order(tmp_path):
    ix = LetterIndex(tmp_path / "index")
    ix.update([_letter(n, f"the {word} met über ümlaut uber") for n, word in enumerate(WORDS)])
    reader = ix.searcher().reader()
    assert len(reader.leaf_readers()) == 1
    vocabulary = {w.decode() for w in reader.lexicon("body")}
    for text, maxdist in (("council", 2), ("uber", 2), ("ubr", 1)):
        assert within(reader, "body", text, maxdist, 1) == sorted(
            w for w in vocabulary if w[:1] == text[:1] and levenshtein(w, text) <= maxdist)
