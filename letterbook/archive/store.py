"""Files on disk, written so that a crash never leaves a half-written one in place.

Originals live under their sha256, byte for byte as they came in, and read-only.
"""
from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from pathlib import Path


def durable_write(path: Path, data: bytes, read_only: bool = False) -> None:
    """Write to a temporary file, fsync it, rename it into place, fsync the folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=".part-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
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


def fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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

    def put(self, sha256: str, data: bytes) -> Path:
        target = self.path(sha256)
        if target.exists() and sha256_file(target) == sha256:
            return target  # already here and intact
        if hashlib.sha256(data).hexdigest() != sha256:
            raise ValueError("the bytes do not match their hash")
        if target.exists():  # damaged copy: replace it with the good bytes
            os.chmod(target, stat.S_IWUSR | stat.S_IRUSR)
        durable_write(target, data, read_only=True)
        return target

    def remove(self, sha256: str) -> None:
        target = self.path(sha256)
        if target.exists():
            os.chmod(target, stat.S_IWUSR | stat.S_IRUSR)
            target.unlink()
