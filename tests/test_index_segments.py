"""The index as letterbook writes it: documents from letter records, segments an ingest
leaves (the small ones merged, the big ones left alone), and indexes written before."""
from __future__ import annotations

import sys
import types

from whoosh import index as whoosh_index

from letterbook.index import LetterIndex, schema
from letterbook.index.write import WRITER
from letterbook.model import LetterRecord


def _letter(n: int) -> LetterRecord:
    return LetterRecord(id=f"S{n:04d}", format="txt", fields={"signatory": "Ann Lee", "date": "2020-01-02"},
                        sources=[{"name": f"s{n}.txt"}],
                        pages=[{"number": 1, "confidence": None,
                                "text": f"letter number {n} about the harbour wall and tide {n % 7}"}])


def test_merge_smallest_folds_small_segments_and_keeps_the_biggest(tmp_path):
    ix = LetterIndex(tmp_path / "index")
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
    ix = LetterIndex(tmp_path / "index")
    for first in range(0, 90, 30):
        ix.update([_letter(n) for n in range(first, first + 30)], merge=False)
    assert ix.segment_count() == 3
    assert ix.search('"harbour wall"', limit=5).total == 90
    assert ix.search('"wall harbour"', limit=5).total == 0
    assert ix.search("date:[2020-01-01 TO 2020-01-31] tide", limit=5).total == 90
    assert ix.search("date:[2021-01-01 TO 2021-01-31] tide", limit=5, auto_fuzzy=False).total == 0
    # "*" goes through Whoosh's own matchers, whose top-N count missed letters over several
    # segments (50 of 90), while the same query with a facet counted all
    for options in ({}, {"limit": 50}, {"facets": ("year",)}, {"sort": "date"}, {"count_only": True}):
        assert ix.search("*", **options).total == 90, options


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


def test_a_letter_record_becomes_its_index_document():
    record = LetterRecord(id="A1", format="pdf", sources=[{"name": "a.pdf"}, {"name": "b.pdf"}],
                          fields={"ref": "MG/12-3", "date": "1926-03-04", "signatory": "Ann Lee",
                                  "sender_org": "Harbour Trust", "addressee": "Bo Chan", "has_signature": True},
                          pages=[{"number": 1, "confidence": 91.0, "text": "Dear Bo"},
                                 {"number": 2, "confidence": 40.0, "text": "Yours, Ann"}])
    doc = schema.document(record)
    assert doc["id"] == "A1" and doc["body"] == "Dear Bo\fYours, Ann" and doc["format"] == "pdf"
    assert doc["source"] == "a.pdf b.pdf" and doc["signed"] is True and doc["pages"] == [[1, 91.0], [2, 40.0]]
    assert doc["year"] == 1926 and doc["date"].isoformat() == "1926-03-04T00:00:00"
    assert doc["from"] == "Ann Lee ; Harbour Trust" and doc["from_facet"] == "Ann Lee"
    assert doc["to"] == doc["to_facet"] == "Bo Chan" and doc["org_facet"] == "Harbour Trust"


def test_an_index_whose_schema_names_a_module_that_is_gone_still_opens(tmp_path, monkeypatch):
    # Whoosh pickles the schema into the index, naming the module of RefTokenizer. Indexes
    # written before the schema moved name letterbook.index.engine: here, a module that
    # exists while the index is written and is gone when it is opened.
    gone = types.ModuleType("letterbook_gone")

    class RefTokenizer(schema.RefTokenizer):
        pass
    RefTokenizer.__module__, RefTokenizer.__qualname__ = gone.__name__, "RefTokenizer"
    gone.RefTokenizer = RefTokenizer
    folder = tmp_path / "index"
    folder.mkdir()
    with monkeypatch.context() as patch:
        patch.setitem(sys.modules, gone.__name__, gone)
        patch.setattr(schema, "RefTokenizer", RefTokenizer)
        writer = whoosh_index.create_in(str(folder), schema.letter_schema()).writer(**WRITER)
        for n in range(5):
            writer.add_document(**schema.document(_letter(n)))
        writer.commit()
    assert gone.__name__ not in sys.modules
    ix = LetterIndex(folder)
    assert ix.exists()
    assert ix.search("harbour", count_only=True).total == 5
    assert ix.search("ref:nothing", count_only=True, auto_fuzzy=False).total == 0
    ix.update([_letter(5)])
    assert ix.search("harbour", count_only=True).total == 6
    ix.close()


def test_a_kept_searcher_sees_merged_segments_once(tmp_path):
    ix = LetterIndex(tmp_path / "index")
    for first in (0, 5, 10):
        ix.update([_letter(n) for n in range(first, first + 5)], merge=False)
    assert ix.search("harbour", count_only=True).total == 15  # the searcher is kept from here on
    assert ix.merge_smallest(2) == 3
    assert ix.segment_count() == 1
    assert ix.search("harbour", count_only=True).total == 15
    assert ix.searcher().doc_count() == LetterIndex(tmp_path / "index").searcher().doc_count() == 15
