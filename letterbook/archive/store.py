"""Files on disk, written so that a crash never leaves a half-written one in place.

Originals live under their sha256, byte for byte as they came in, and read-only.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


@contextlib.contextmanager
def replaced_atomically(path: Path, mode: str = "wb", read_only: bool = False, **open_args):
    """Write `path` through a temporary file beside it, fsync'd and renamed into place only
    when the writing succeeds: a crash or an error never leaves a half-written file there."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=".part-", dir=path.parent)
    try:
        with os.fdopen(handle, mode, **open_args) as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        if read_only:
            os.chmod(temp, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
    fsync_dir(path.parent)


def durable_write(path: Path, data: bytes, read_only: bool = False) -> None:
    """Write bytes to path durably and atomically."""
    with replaced_atomically(path, "wb", read_only) as out:
        out.write(data)


def fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class WriteBehind:
    """Durable writes on background threads; wait() returns once every one is on disk.

    fsync is most of the cost of keeping a small original (about 2.5 ms here) and it
    releases the GIL, so the writer reads on while the disk catches up. Whoever records
    these files in the catalog calls wait() before committing, so a row never points at
    a file that is not yet safe.
    """

    def __init__(self, threads: int = 4):
        self.threads = threads
        self._pool = None
        self._pending = []

    def write(self, path: Path, data: bytes, read_only: bool = False) -> None:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="durable-write")
        self._pending.append(self._pool.submit(durable_write, path, data, read_only))

    def wait(self) -> None:
        pending, self._pending = self._pending, []
        failures = [f.exception() for f in pending]  # waits for every write, failed or not
        for failure in failures:
            if failure is not None:
                raise failure

    def close(self) -> None:
        """Finish what is in flight. A failure here is not raised: only a commit makes a
        file part of the archive, and a commit waits for its files and reports their errors."""
        if self._pool is not None:
            try:
                self.wait()
            except OSError:
                pass
            self._pool.shutdown()
            self._pool = None


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class OriginalStore:
    """originals/ab/abcdef...: one file per distinct content."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put(self, sha256: str, data: bytes, writes: WriteBehind = None) -> Path:
        """Keep these bytes; with writes, durably once writes.wait() returns."""
        target = self.path(sha256)
        if target.exists() and sha256_file(target) == sha256:
            return target  # already here and intact
        if hashlib.sha256(data).hexdigest() != sha256:
            raise ValueError("the bytes do not match their hash")
        if target.exists():  # damaged copy: replace it with the good bytes
            os.chmod(target, stat.S_IWUSR | stat.S_IRUSR)
        if writes is not None:
            writes.write(target, data, read_only=True)
        else:
            durable_write(target, data, read_only=True)
        return target

    def remove(self, sha256: str) -> None:
        target = self.path(sha256)
        if target.exists():
            os.chmod(target, stat.S_IWUSR | stat.S_IRUSR)
            target.unlink()
