"""LetterIndex: the search index of one archive, as the rest of letterbook uses it.

It holds the open Whoosh index and one searcher for the life of the object; the work is
done by the modules beside it: schema (what a letter's document holds), write (adding,
rebuilding, merging), query (reading the query text), search (running it) and highlight
(marking what it matched).
"""
from __future__ import annotations

import functools
from pathlib import Path

from whoosh import index

from letterbook.index import highlight, write
from letterbook.index.query import QueryError, parse
from letterbook.index.schema import letter_schema
from letterbook.index.search import Results, run_search, similar_letters


class IndexDamaged(Exception):
    """The index cannot be opened, read or written; rebuilding it from the catalog mends it."""


def _reads_index(method):
    """Any failure of Whoosh reading the index is damage (a garbled table of contents raises
    TypeError or AssertionError, a garbled posting block a bare Exception): the index is a
    cache, and whoever hears IndexDamaged rebuilds it. A query the user got wrong is not."""
    @functools.wraps(method)
    def guarded(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except (IndexDamaged, QueryError):
            raise
        except Exception as err:
            self.close()
            self._ix = self._schema = None
            why = f"{type(err).__name__}: {err}" if str(err) else type(err).__name__
            raise IndexDamaged(f"the search index at {self.folder} is damaged ({why})")
    return guarded


class LetterIndex:
    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self._ix = None
        self._searcher = None
        self._schema = None

    @_reads_index
    def searcher(self):
        """One searcher kept for the life of this object, refreshed when the index changes.

        Opening one reads the segment's term table (about 40 ms at 20,000 letters), so a
        process that searches many times should not pay it each time.
        """
        if self._searcher is not None and not self._searcher.up_to_date():
            # a new one, not Whoosh's refresh(): reusing the old readers, it keeps the segments
            # a merge folded away beside the merged one, and every letter of them counted twice
            self._searcher.close()
            self._searcher = None
        if self._searcher is None:
            self._searcher = self.open().searcher()
        return self._searcher

    @property
    @_reads_index
    def schema(self):
        """The index's schema, read once (Whoosh's own property reads the table of contents
        from disk at every use: several times a search)."""
        if self._schema is None:
            self._schema = self.open().schema
        return self._schema

    def close(self):
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    # -- opening and state
    @_reads_index
    def exists(self) -> bool:
        if not self.folder.exists():
            return False
        try:
            return _open_dir(self.folder).latest_generation() > -1
        except index.EmptyIndexError:
            return False
        except OSError as err:  # not a folder any more, or one that cannot be read
            raise IndexDamaged(f"the search index at {self.folder} cannot be read ({err.strerror or err})")

    def open(self):
        if self._ix is None:
            try:
                if not self.exists():
                    self.folder.mkdir(parents=True, exist_ok=True)
                    self._ix = index.create_in(str(self.folder), letter_schema())
                else:
                    self._ix = _open_dir(self.folder)
            except Exception as err:
                raise IndexDamaged(f"the search index at {self.folder} cannot be opened ({err}); "
                                   "run 'letterbook reindex' to rebuild it")
        return self._ix

    def synced_seq(self) -> int:
        """The catalog change the index reflects; -1 if unknown or built by another schema."""
        return write.synced_seq(self.folder)

    # -- writing
    @_reads_index
    def update(self, records, removed_ids=(), seq: int = None, merge=True, procs: int = 1,
               count: int = None, new_ids=frozenset()):
        """Add or replace documents for these records (LetterRecord), delete removed ones,
        then record seq as the catalog change the index reflects (see write.update)."""
        write.update(self.open(), records, removed_ids, merge=merge, procs=procs, count=count, new_ids=new_ids)
        if seq is not None:
            write.mark_synced(self.folder, seq)

    def rebuild(self, records, seq: int, on_progress=None) -> int:
        """A fresh index from records, built aside and swapped in whole; returns how many."""
        fresh, count = write.build_aside(self.folder, records, seq, on_progress)
        self.close()  # nothing of the old index may stay open while it is swapped out
        self._ix = self._schema = None
        write.swap_in(self.folder, fresh)
        return count

    def remove_leftovers(self) -> None:
        write.remove_leftovers(self.folder)

    @_reads_index
    def segment_count(self) -> int:
        return write.segment_count(self.open())

    @_reads_index
    def merge_smallest(self, most: int) -> int:
        return write.merge_smallest(self.open(), most)

    @_reads_index
    def ids(self) -> set:
        with self.open().searcher() as searcher:
            return {fields["id"] for fields in searcher.all_stored_fields()}

    @_reads_index
    def read_through(self) -> int:
        """Read every stored document and every block of every posting list once, as a search
        might: damage anywhere raises IndexDamaged. Returns how many blocks were read."""
        read = 0
        with self.open().searcher() as searcher:
            for reader, _ in searcher.reader().leaf_readers():
                for _ in reader.all_stored_fields():
                    pass
                for fieldname, text in reader.all_terms():
                    postings = reader.postings(fieldname, text)
                    blocks = hasattr(postings, "block_max_id")
                    while postings.is_active():
                        # one posting's id, weight and value decode its whole block (one pickle)
                        postings.id(), postings.weight(), postings.value()
                        read += 1
                        if blocks:
                            postings.skip_to(postings.block_max_id() + 1)
                        else:
                            postings.next()
        return read

    # -- searching
    def parse(self, text: str, fuzzy: bool = False):
        return parse(self.schema, text, fuzzy)

    @_reads_index
    def search(self, text: str, *, limit=10, offset=0, sort=None, fuzzy=False, since=None, until=None,
               facets=(), bold=False, snippets=True, count_only=False, auto_fuzzy=True) -> Results:
        return run_search(self.searcher(), text, limit=limit, offset=offset, sort=sort, fuzzy=fuzzy,
                          since=since, until=until, facets=facets, bold=bold, snippets=snippets,
                          count_only=count_only, auto_fuzzy=auto_fuzzy)

    @_reads_index
    def concordance(self, text: str, **options) -> tuple:
        """(places, letters): search --kwic (concordance.py)."""
        from letterbook.index.concordance import concordance
        return concordance(self.searcher(), text, **options)

    @_reads_index
    def mark(self, text: str, query_text: str, bold: bool) -> str:
        """The text with every word the query matches in it marked, as search finds them."""
        return highlight.mark(text, self.parse(query_text), self.schema["body"].analyzer, bold)

    @_reads_index
    def similar(self, letter_id: str, limit=10) -> list:
        with self.open().searcher() as searcher:
            return similar_letters(searcher, letter_id, limit)


def _open_dir(folder: Path):
    # With letterbook's own schema, not the one Whoosh pickled into the index: that pickle
    # names the module of RefTokenizer, and an index written before the schema moved to
    # schema.py names letterbook.index.engine. The schema's shape is checked by
    # SCHEMA_VERSION (write.synced_seq) instead, and an index of another version is rebuilt.
    return index.open_dir(str(folder), schema=letter_schema())
