"""The search index: derived from the catalog, rebuildable from it at any time.

Every Whoosh import in letterbook lives in this package, so the engine could change
without touching anything else.
"""
from letterbook.index.engine import IndexError_, LetterIndex, QueryError  # noqa: F401
