"""Where an archive may not be: among the folders it is given to read, or as the target of
its own exports. And the error every application rule raises, for one line to the user."""
from __future__ import annotations

import os


class LibraryError(Exception):
    """Something the user must hear about, in one line."""


class NotFound(LibraryError):
    pass


def inside(path, folder) -> bool:
    """Whether path is folder or lies inside it (links resolved; path need not exist yet)."""
    path, folder = os.path.realpath(path), os.path.realpath(folder)
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def refuse_archive_among(paths, archive_root) -> None:
    """An archive that is one of the folders to ingest, or a path inside the archive, is a
    mistake (--archive post ingest post would archive nothing and say nothing): refused in
    one line before anything is read. An archive inside a folder given is skipped over."""
    for path in paths:
        if inside(path, archive_root):
            raise LibraryError(f"{path} is the archive ({archive_root}) or inside it: give the folders of "
                               "letters to ingest, and an archive folder apart from them")
