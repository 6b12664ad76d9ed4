"""The index's old single module, kept only as the names app/index_sync.py imports from it.

Everything moved to the modules beside this one (see letterbook/index/__init__.py). Remove
this file once app/index_sync.py imports from letterbook.index instead.
"""
from letterbook.index import IndexDamaged, IndexError_, LetterIndex, QueryError  # noqa: F401
