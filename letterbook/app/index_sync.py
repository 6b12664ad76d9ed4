"""Keep the index in line with the catalog: it is a cache of it, and heals itself."""
from __future__ import annotations

from letterbook.index import LetterIndex


def records(archive, ids):
    for letter_id in ids:
        record = archive.record(letter_id)
        if record is not None and not record.removed:
            yield record


def index_for(archive) -> LetterIndex:
    return LetterIndex(archive.root / "index")


def sync(archive, ix: LetterIndex = None, batch: int = 500) -> int:
    """Bring the index up to the catalog's latest change; returns how many letters it touched.

    Runs only under the archive's write lock (ingest, edit, remove, and readers that can
    take it), so it also clears what a killed writer left behind."""
    ix = ix or index_for(archive)
    if ix.folder.exists():
        ix.remove_leftovers()
    target = archive.catalog.seq()
    synced = ix.synced_seq() if ix.exists() else -1
    if synced == target:
        return 0
    if synced < 0 or synced > target:  # no index, or one from another catalog: build it afresh
        return rebuild(archive, ix)
    changed = archive.catalog.changed_since(synced)
    live = [letter_id for letter_id, removed in changed if not removed]
    gone = [letter_id for letter_id, removed in changed if removed]
    for start in range(0, max(len(live), 1), batch):
        chunk = live[start:start + batch]
        last = start + batch >= len(live)
        ix.update(list(records(archive, chunk)), removed_ids=gone if start == 0 else (),
                  seq=target if last else None)
    return len(changed)


def compare(archive, ix: LetterIndex = None):
    """How the index stands against the catalog: None when in line, else a sentence saying how not."""
    from letterbook.index import IndexDamaged
    ix = ix or index_for(archive)
    catalog_ids = set(archive.catalog.ids())
    try:
        index_ids = ix.ids() if ix.exists() else set()
        lagging = ix.synced_seq() != archive.catalog.seq()
        if index_ids:
            ix.read_through()  # a garbled posting list shows only when it is read
    except IndexDamaged as err:
        return str(err)
    if index_ids == catalog_ids and not lagging:
        return None
    return (f"out of line with the catalog ({len(catalog_ids - index_ids)} letters missing, "
            f"{len(index_ids - catalog_ids)} extra{', changes not yet applied' if lagging else ''})")


def rebuild(archive, ix: LetterIndex = None, on_progress=None) -> int:
    ix = ix or index_for(archive)
    seq = archive.catalog.seq()
    return ix.rebuild(records(archive, archive.catalog.ids()), seq, on_progress)
