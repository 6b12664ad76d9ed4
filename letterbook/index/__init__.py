"""The search index: derived from the catalog, rebuildable from it at any time.

Every Whoosh import in letterbook lives in this package, so the engine could change
without touching anything else. The rest of letterbook uses LetterIndex and the two
errors below; the modules are:

    schema.py        what a letter's index document holds, and how its words are analysed
    write.py         adding, replacing and removing letters; rebuilding; merging segments
    query.py         from the text typed to a Whoosh query; fuzzy words; "did you mean"
    search.py        running a query: total, order, facets and hits, by one ranking path
    ranker.py        ranking and counting from posting blocks, with Whoosh's BM25F
    postings.py      reading Whoosh 2.7.5's posting blocks and field lengths (its private formats)
    highlight.py     the words a query matched in a letter, marked; snippets
    cache.py         a cache bounded by the size of what it holds
    letter_index.py  LetterIndex, which ties these together for one archive
    lean_imports.py  Whoosh imported without what a search never uses (a faster start)
"""
from letterbook.index.lean_imports import import_whoosh

import_whoosh()  # before any other Whoosh import

from letterbook.index.letter_index import IndexDamaged, LetterIndex  # noqa: E402
from letterbook.index.query import QueryError  # noqa: E402

__all__ = ["IndexDamaged", "LetterIndex", "QueryError"]
