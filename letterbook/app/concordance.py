"""search --kwic: the places a query matches, from the archive's index kept in line."""
from __future__ import annotations


def concordance(library, text: str, **options) -> tuple:
    """(places, letters) as letterbook.index.concordance gives them; the index healed if damaged."""
    return library._healed(lambda ix: ix.concordance(text, **options))
