"""Writing the index: adding and replacing letters, building a fresh index aside and
swapping it in, folding small segments together, clearing what a killed writer left,
and the marker that says which catalog change the index reflects.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from whoosh import index
from whoosh.reading import SegmentReader

from letterbook.index.schema import SCHEMA_VERSION, document, letter_schema

# Every writer: wait up to two minutes for another process's writer to finish, and write
# each segment as separate files, not one compound file. Whoosh copies each part of a
# compound file it opens into memory (BytesIO over the mapped file), so one search process
# held the whole index: 1 GB and 0.5-0.8 s at 100,000 letters, against about 35 MB read
# from plain files on demand.
WRITER = {"timeout": 120, "compound": False}

_SYNCED = "synced.json"


# -- which catalog change the index reflects

def synced_seq(folder: Path) -> int:
    """The catalog change the index reflects; -1 if unknown or built by another schema."""
    try:
        state = json.loads((folder / _SYNCED).read_text())
        return int(state["seq"]) if state.get("schema") == SCHEMA_VERSION else -1
    except (OSError, ValueError, KeyError, AttributeError):
        return -1


def mark_synced(folder: Path, seq: int) -> None:
    marker = folder / _SYNCED
    temp = marker.with_suffix(".tmp")
    temp.write_text(json.dumps({"seq": seq, "schema": SCHEMA_VERSION}))
    os.replace(temp, marker)


# -- writing letters

def update(ix, records, removed_ids=(), merge=True, procs: int = 1, count: int = None, new_ids=frozenset()):
    """Add or replace documents for these records and delete removed ones, in one commit.

    merge=False leaves the new segment as it is (see merge_smallest): a long ingest commits
    many batches, and merging at each would cost more the larger the index grows. procs > 1
    analyses the documents in that many processes, each writing its own segment
    (Whoosh's analysis is pure Python: one process indexes about 500 letters a second).
    Letters in new_ids are known not to be in the index yet: they are added without
    looking for an older document to replace.
    """
    count = len(records) if count is None else count
    if procs > 1 and count >= 100 * procs:
        # Whoosh's writer processes print their own tracebacks and, when one fails, commit
        # without its letters: what they say is kept aside and their failure raised here, so
        # that the catalog change is not marked as indexed and the next sync adds them again.
        with tempfile.TemporaryFile() as said, _stderr_to(said):
            # multisegment: each process's segment is kept as it is, not merged here
            writer = ix.writer(procs=procs, multisegment=True, limitmb=64, batchsize=100, **WRITER)
            _write(writer, records, removed_ids, merge, new_ids)
            failed = [task for task in writer.tasks if task.exitcode]
            if failed:
                said.seek(0)
                last = [line for line in said.read().decode("utf-8", "replace").splitlines() if line.strip()]
                raise OSError(f"an indexing process failed: {last[-1] if last else f'exit {failed[0].exitcode}'}")
    else:
        _write(ix.writer(limitmb=128, **WRITER), records, removed_ids, merge, new_ids)


def _write(writer, records, removed_ids, merge, new_ids):
    try:
        for letter_id in removed_ids:
            writer.delete_by_term("id", letter_id)
        for record in records:
            doc = document(record)
            if doc["id"] in new_ids:
                writer.add_document(**doc)
            else:
                writer.update_document(**doc)
        writer.commit(merge=merge)
    except BaseException:
        writer.cancel()
        raise


@contextmanager
def _stderr_to(file):
    """File descriptor 2 (and so the stderr of processes started meanwhile) into file."""
    sys.stderr.flush()
    saved = os.dup(2)
    os.dup2(file.fileno(), 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def build_aside(folder: Path, records, seq: int, on_progress=None) -> tuple:
    """A fresh index of records in a folder beside this one; (that folder, letters written).

    One writer: Whoosh's multi-process writer analyses faster but leaves segments whose
    merge costs more than it saves (20,000 letters: 103 s against 91 s)."""
    fresh = folder.with_name(folder.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(parents=True)
    ix = index.create_in(str(fresh), letter_schema())
    writer = ix.writer(limitmb=256, **WRITER)
    count = 0
    try:
        for record in records:
            writer.add_document(**document(record))
            count += 1
            if on_progress:
                on_progress(count)
        writer.commit(optimize=True)
    except BaseException:
        writer.cancel()
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    (fresh / _SYNCED).write_text(json.dumps({"seq": seq, "schema": SCHEMA_VERSION}))
    return fresh, count


def swap_in(folder: Path, fresh: Path) -> None:
    """Put the index built aside in place of this one (which nothing may hold open)."""
    old = folder.with_name(folder.name + ".old")
    _remove(old)
    if folder.exists() or folder.is_symlink():
        os.replace(folder, old)
    os.replace(fresh, folder)
    _remove(old)


def _remove(path: Path) -> None:
    """A folder with what it holds, or a file where the index folder should be."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists() or path.is_symlink():
        path.unlink()


# -- upkeep

def remove_leftovers(folder: Path) -> None:
    """Work folders a killed writer left in the index: Whoosh's posting pools, which it
    removes only when a writer ends (2.6 GB after an ingest killed while merging
    100,000 letters). Call only while holding the archive's write lock: no writer runs."""
    for path in folder.glob("*.tmp"):
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)


def segment_count(ix) -> int:
    with ix.reader() as reader:
        return len(reader.leaf_readers())


def merge_smallest(ix, most: int) -> int:
    """With more than `most` segments, merge the smallest into one until half that many
    are left; returns how many were merged.

    Merging rewrites every posting in Python (about 4 ms a letter), so the big segments
    an ingest leaves stay as they are and only the small ones are folded together:
    searching costs a little more for each segment, and a few big ones are cheap.
    """
    merged = []

    def smallest(writer, segments):
        if len(segments) <= most:
            return segments
        ordered = sorted(segments, key=lambda seg: seg.doc_count_all())
        count = len(segments) - most // 2 + 1
        for seg in ordered[:count]:
            reader = SegmentReader(writer.storage, writer.schema, seg)
            writer.add_reader(reader)
            reader.close()
            merged.append(seg)
        return ordered[count:]

    writer = ix.writer(limitmb=128, **WRITER)
    try:
        writer.commit(mergetype=smallest)
    except BaseException:
        writer.cancel()
        raise
    return len(merged)
