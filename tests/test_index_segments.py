"""An ingest's index segments: the small ones are merged, the big ones left alone."""
from __future__ import annotations

from letterbook.index import engine


def _letter(n: int) -> dict:
    return {"id": f"S{n:04d}", "text": f"letter number {n} about the harbour wall and tide {n % 7}",
            "format": "txt", "sources": [{"name": f"s{n}.txt"}], "pages": [{"number": 1, "confidence": None}],
            "fields": {"signatory": "Ann Lee", "date": "2020-01-02"}}


def test_merge_smallest_folds_small_segments_and_keeps_the_biggest(tmp_path):
    ix = engine.LetterIndex(tmp_path / "index")
    start = 0
    for size in (60, 10, 20, 30, 40, 50):
        ix.update([_letter(n) for n in range(start, start + size)], merge=False)
        start += size
    assert ix.segment_count() == 6
    with ix.open().reader() as reader:
        biggest = max((leaf.doc_count_all(), leaf.segment().segment_id()) for leaf, _ in reader.leaf_readers())

    assert ix.merge_smallest(4) == 5
    with ix.open().reader() as reader:
        segments = {leaf.segment().segment_id(): leaf.doc_count_all() for leaf, _ in reader.leaf_readers()}
    assert len(segments) == 2 and segments[biggest[1]] == 60
    assert ix.search("harbour", count_only=True).total == start
    assert ix.merge_smallest(4) == 0  # within bounds: nothing to do


def test_every_letter_is_found_across_segments_with_phrases_and_ranges(tmp_path):
    ix = engine.LetterIndex(tmp_path / "index")
    for first in range(0, 90, 30):
        ix.update([_letter(n) for n in range(first, first + 30)], merge=False)
    assert ix.segment_count() == 3
    assert ix.search('"harbour wall"', limit=5).total == 90
    assert ix.search('"wall harbour"', limit=5).total == 0
    assert ix.search("date:[2020-01-01 TO 2020-01-31] tide", limit=5).total == 90
    assert ix.search("date:[2021-01-01 TO 2021-01-31] tide", limit=5, auto_fuzzy=False).total == 0


def test_work_folders_a_killed_writer_left_are_cleared_under_the_lock(tmp_path):
    from letterbook.archive import Archive
    from letterbook.app.index_sync import index_for, sync
    archive = Archive(tmp_path / "archive")
    ix = index_for(archive)
    sync(archive, ix)
    left = ix.folder / "MAIN.tmp"
    left.mkdir()
    (left / "pool-run-1").write_bytes(b"x" * 1000)
    archive.lock()
    sync(archive, ix)
    archive.close()
    assert not left.exists() and ix.exists()
