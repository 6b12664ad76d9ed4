"""The archive: originals, derivatives and the catalog in one directory.

    ARCHIVE/catalog.sqlite        the source of truth
    ARCHIVE/originals/ab/<sha256> every file as it came in, read-only
    ARCHIVE/derivatives/<id>/     word boxes (JSON) and signature crops
    ARCHIVE/index/                the search index (derived; rebuildable)
"""
from __future__ import annotations

import errno
import fcntl
import gzip
import hashlib
import json
import os
import sqlite3
import tempfile
from pathlib import Path

from letterbook.archive import replies
from letterbook.archive.catalog import Catalog
from letterbook.archive.store import OriginalStore, WriteBehind, sha256_file
from letterbook.model import LetterRecord


def default_location() -> Path:
    if os.environ.get("LETTERBOOK_ARCHIVE"):
        return Path(os.environ["LETTERBOOK_ARCHIVE"])
    data_home = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(data_home) / "letterbook"


class ArchiveError(Exception):
    pass


class ArchiveReadOnly(ArchiveError):
    """A change asked of an archive this process cannot write."""


def writable(root: Path) -> bool:
    """Whether this process can write the archive, found by trying: the catalog opened for
    writing and a file made beside it (SQLite's -wal and -shm). Permission bits say nothing
    for root, who is stopped by a read-only mount or an immutable folder all the same."""
    try:
        catalog = root / "catalog.sqlite"
        if catalog.exists():
            os.close(os.open(catalog, os.O_RDWR))
        with tempfile.TemporaryFile(dir=root, prefix=".probe-"):
            pass
    except OSError as err:
        if err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return False
        raise
    return True


def letter_format(methods: set, media_types: set) -> str:
    if media_types == {"text/plain"}:
        return "txt"
    if media_types == {"application/pdf"}:
        return "pdf" if methods == {"text-layer"} else "scan-pdf" if methods <= {"ocr", "none"} else "mixed-pdf"
    if all(m.startswith("image/") for m in media_types):
        return "image"
    return "mixed"


class Archive:
    def __init__(self, root: Path, create: bool = True):
        self.root = Path(root)
        if not self.root.exists():
            if not create:
                raise ArchiveError(f"no archive at {self.root} (ingest something first, or give --archive)")
            self.root.mkdir(parents=True)
        elif not (self.root / "catalog.sqlite").exists() and any(self.root.iterdir()) and not create:
            raise ArchiveError(f"{self.root} is not a letterbook archive")
        self.read_only = not writable(self.root)
        self.originals = OriginalStore(self.root / "originals")
        self.catalog = Catalog(self.root / "catalog.sqlite", read_only=self.read_only)
        self.writes = WriteBehind()
        self.catalog.before_commit = self.writes.wait  # no row commits before its files are on disk
        self._lock_handle = None

    def close(self):
        self.writes.close()
        self.unlock()
        self.catalog.close()

    # -- one writer at a time; the OS drops the lock when its process dies, so none is left stale
    def refuse_if_read_only(self, doing: str = "this") -> None:
        if self.read_only:
            raise ArchiveReadOnly(f"the archive at {self.root} is read-only here: {doing} needs to write to it "
                                  "(searching, showing, exporting and checking it work)")

    def lock(self, on_wait=None):
        if self._lock_handle:
            return
        self.refuse_if_read_only()
        handle = open(self.root / "write.lock", "a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as err:
            if err.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            if on_wait:
                handle.seek(0)
                on_wait(handle.read().strip() or "another process")
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        self._lock_handle = handle

    @property
    def locked(self) -> bool:
        return self._lock_handle is not None

    def try_lock(self) -> bool:
        """Take the writer's lock if it is free; False while another process writes."""
        if self._lock_handle:
            return True
        if self.read_only:
            return False
        handle = open(self.root / "write.lock", "a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        self._lock_handle = handle
        return True

    def lock_fd(self):
        """The lock file's descriptor while this process holds the lock (workers forked
        from it close their copy, or the lock would outlive this process)."""
        return self._lock_handle.fileno() if self._lock_handle else None

    def unlock(self):
        if self._lock_handle:
            fcntl.flock(self._lock_handle, fcntl.LOCK_UN)
            self._lock_handle.close()
            self._lock_handle = None

    # -- writing letters
    def add(self, reading, media_types: list, params: dict) -> str:
        """Store a newly read letter: its rows commit only once its originals are durably on disk."""
        letter_id = self.new_id(reading.content_hash)
        for source, media in zip(reading.sources, media_types):
            self.originals.put(source.sha256, source.data, self.writes)
        derivatives, pages, fields = self._derivatives(letter_id, reading)
        fmt = letter_format({p.method for p in reading.pages}, set(media_types))
        with self.catalog.transaction():
            seq = self.catalog.next_seq()
            for source, media in zip(reading.sources, media_types):
                stored = str(self.originals.path(source.sha256).relative_to(self.root))
                self.catalog.insert_file(source.sha256, source.size, media, stored)
            self.catalog.insert_letter(letter_id, reading.content_hash, fmt, len(reading.pages), seq)
            for n, source in enumerate(reading.sources):
                self.catalog.insert_source(letter_id, n, source.sha256, source.name, source.path)
            self.catalog.replace_extraction(letter_id, pages, fields, derivatives)
            self.catalog.log("ingested", letter_id, params=params, sources=[s.path for s in reading.sources])
        return letter_id

    def replace(self, letter_id: str, reading, params: dict) -> None:
        """Store a fresh read of a letter already archived (corrections are kept)."""
        derivatives, pages, fields = self._derivatives(letter_id, reading)
        with self.catalog.transaction():
            seq = self.catalog.next_seq()
            self.catalog.replace_extraction(letter_id, pages, fields, derivatives)
            self.catalog.touch(letter_id, seq, extracted=True)
            self.catalog.log("re-extracted", letter_id, params=params)

    def new_id(self, content_hash: str) -> str:
        for length in range(12, 65, 4):
            candidate = content_hash[:length]
            row = self.catalog.db.execute("SELECT content_hash FROM letters WHERE id = ?", (candidate,)).fetchone()
            if row is None or row["content_hash"] == content_hash:
                return candidate
        raise ArchiveError("could not find a free letter id")

    def _derivatives(self, letter_id: str, reading):
        """Write word boxes and the signature crop; return catalog rows for them."""
        folder = self.root / "derivatives" / letter_id
        derivatives, pages = [], []
        for page in reading.pages:
            words_path = None
            if page.words:
                data = gzip.compress(json.dumps(page.words_json()).encode(), mtime=0)
                target = folder / f"page-{page.number:04d}.words.json.gz"
                self.writes.write(target, data)
                words_path = str(target.relative_to(self.root))
                derivatives.append({"kind": "words", "path": words_path, "sha256": hashlib.sha256(data).hexdigest()})
            pages.append({"number": page.number, "source": page.source, "frame": page.frame, "method": page.method,
                          "text": page.text, "confidence": page.confidence, "width": page.width,
                          "height": page.height, "words": words_path})
        if reading.signature_png:
            target = folder / "signature.png"
            self.writes.write(target, reading.signature_png)
            derivatives.append({"kind": "signature", "path": str(target.relative_to(self.root)),
                                "sha256": hashlib.sha256(reading.signature_png).hexdigest()})
        fields = {name: {"value": fv.value, "confidence": fv.confidence, "evidence": fv.evidence()}
                  for name, fv in reading.fields.items()}
        return derivatives, pages, fields

    # -- corrections, removal
    def correct(self, letter_id: str, changes: dict) -> dict:
        """Set (or, with None, unset) fields by hand; returns {name: (old, new)}."""
        done = {}
        with self.catalog.transaction():
            before = self.catalog.field_values(letter_id)
            seq = self.catalog.next_seq()
            for name, value in changes.items():
                self.catalog.set_correction(letter_id, name, value)
                done[name] = (before.get(name), value)
                self.catalog.log("corrected", letter_id, field=name, old=before.get(name), new=value)
            self.catalog.touch(letter_id, seq)
        return done

    def remove(self, letter_id: str, purge: bool = False) -> None:
        with self.catalog.transaction():
            seq = self.catalog.next_seq()
            self.catalog.mark_removed(letter_id, seq)
            self.catalog.log("removed", letter_id, purge=purge)
            doomed = []
            if purge:
                doomed = [d["path"] for d in self.catalog.derivatives(letter_id)]
                self.catalog.purge(letter_id)
                orphans = self.catalog.unreferenced_files()
                for sha in orphans:
                    self.catalog.delete_file(sha)
                self.catalog.log("purged", letter_id, originals=orphans)
        if purge:  # files go only after the catalog no longer points at them
            for sha in orphans:
                self.originals.remove(sha)
            for path in doomed:
                (self.root / path).unlink(missing_ok=True)

    # -- reading
    def record(self, letter_id: str):
        """Everything about one letter (a LetterRecord), by its id or an unambiguous prefix; None if unknown."""
        row = self.catalog.resolve(letter_id)
        if row is None:
            return None
        letter_id = row["id"]
        return LetterRecord(
            id=letter_id, format=row["format"], fields=self.catalog.field_values(letter_id),
            extracted=self.catalog.extracted_fields(letter_id), corrections=self.catalog.corrections(letter_id),
            sources=self.catalog.sources(letter_id), pages=self.catalog.pages(letter_id),
            derivatives=self.catalog.derivatives(letter_id), removed=row["removed_at"] is not None,
            ingested_at=row["ingested_at"], in_reply_to=sorted(replies.answers(self.catalog.db, letter_id)),
            persons=self.people_of(letter_id))

    def people_of(self, letter_id: str) -> list:
        """The letter's persons (archive/people.py); none from an older catalog opened read-only."""
        from letterbook.archive.people import People
        try:
            return People(self.catalog).of_letter(letter_id)
        except sqlite3.OperationalError:  # no such table: made by a letterbook before people
            return []

    def original_bytes(self, sha256: str) -> bytes:
        return self.originals.path(sha256).read_bytes()

    def restore_original(self, sha256: str, data: bytes, letter_id: str, source_path: str) -> bool:
        """Put back an archived file that is missing or altered, from bytes with its hash;
        False when the archived copy is sound (or the file is not the archive's)."""
        self.writes.wait()  # a letter of this same run may still have its original in flight
        target = self.originals.path(sha256)
        if target.exists() and sha256_file(target) == sha256:
            return False
        if self.catalog.db.execute("SELECT 1 FROM files WHERE sha256 = ?", (sha256,)).fetchone() is None:
            return False
        self.originals.put(sha256, data)  # checks the hash; durable before the event below
        with self.catalog.transaction():
            self.catalog.log("restored", letter_id, sha256=sha256, source=source_path)
        return True

    def catalog_problem(self):
        """The catalog's damage in one line naming its file, or None when it reads as sound."""
        try:
            rows = [r[0] for r in self.catalog.db.execute("PRAGMA integrity_check")]
        except sqlite3.DatabaseError as err:
            return f"{self.catalog.path}: damaged ({err})"
        if rows != ["ok"]:
            more = f" (and {len(rows) - 1} more problems)" if len(rows) > 1 else ""
            return f"{self.catalog.path}: damaged ({rows[0]}){more}"
        return None

    def check(self) -> list:
        """Quick soundness problems: the catalog's integrity and originals that are not in place."""
        damage = self.catalog_problem()
        if damage:
            return [damage]  # nothing read from a damaged catalog can be trusted
        problems = []
        for row in self.catalog.db.execute("SELECT stored FROM files"):
            if not (self.root / row["stored"]).exists():
                problems.append(f"{self.root / row['stored']}: original missing")
        return problems

    def verify(self):
        """Re-hash every original and derivative; yield (path, problem) for each bad one."""
        originals = [(r["stored"], r["sha256"]) for r in self.catalog.db.execute("SELECT sha256, stored FROM files")]
        derivatives = [(r["path"], r["sha256"]) for r in self.catalog.derivatives()]
        for relative, digest in originals + derivatives:
            path = self.root / relative
            if not path.exists():
                yield str(path), "missing"
            elif sha256_file(path) != digest:
                yield str(path), "altered (hash differs)"
