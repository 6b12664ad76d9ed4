"""A least-recently-used cache bounded by the total size of what it holds.

The search caches are keyed by segment, so an index of twenty segments needs twenty times
the entries of one; a bound on the number of entries made them thrash (a cache cleared
and refilled on every fuzzy query), where a bound on their size does not.
"""
from __future__ import annotations

from collections import OrderedDict


class SizedCache:
    def __init__(self, capacity: int):
        self.capacity = capacity      # in whatever unit the caller's sizes are
        self._items: OrderedDict = OrderedDict()
        self._held = 0

    def get(self, key):
        found = self._items.get(key)
        if found is not None:
            self._items.move_to_end(key)
            return found[0]
        return None

    def put(self, key, value, size: int):
        if key in self._items:
            self._held -= self._items.pop(key)[1]
        self._items[key] = (value, size)
        self._held += size
        while self._held > self.capacity and len(self._items) > 1:
            _, (_, old_size) = self._items.popitem(last=False)
            self._held -= old_size
        return value
