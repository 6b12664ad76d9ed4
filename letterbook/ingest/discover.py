"""Find the files to ingest, tell what they are by their bytes, and group page files.

A file's kind comes from its first bytes, never its name: a PDF called .png is a PDF.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

# Image signatures Pillow can read; checked in order.
_IMAGE_MAGIC = [
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"BM", "image/bmp"),
]

# Containers and binaries we refuse outright, so the reason is clear.
_REFUSED_MAGIC = [
    (b"PK\x03\x04", "a ZIP container (e.g. .docx, .odt, .zip), not a letter format"),
    (b"MZ", "a Windows executable"),
    (b"\x7fELF", "an executable"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"\xd0\xcf\x11\xe0", "an OLE document (e.g. .doc, .xls)"),
]


class UnsupportedFile(Exception):
    """The file is not something letterbook can read; the message says why."""


def sniff(head: bytes) -> str:
    """Media type from the first bytes of a file, or raise UnsupportedFile."""
    if not head:
        raise UnsupportedFile("empty file")
    if head.lstrip()[:5] == b"%PDF-" or b"%PDF-" in head[:1024]:
        return "application/pdf"
    for magic, media in _IMAGE_MAGIC:
        if head.startswith(magic):
            return media
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    for magic, why in _REFUSED_MAGIC:
        if head.startswith(magic):
            raise UnsupportedFile(why)
    if _looks_like_text(head):
        lowered = head[:512].lower()
        if b"<html" in lowered or b"<!doctype html" in lowered:
            raise UnsupportedFile("an HTML page, not a letter format")
        if _is_json(head):
            raise UnsupportedFile("JSON data, not a letter transcript")
        if _is_table(head):
            raise UnsupportedFile("a table of values (CSV), not a letter transcript")
        return "text/plain"
    raise UnsupportedFile("unrecognised binary content")


def _looks_like_text(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return True
    if b"\x00" in head:
        return False
    # Legacy 8-bit text has few control characters besides tab, CR, LF, FF.
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls <= len(head) * 0.01


def _is_json(head: bytes) -> bool:
    """Structured data (JSON, JSON Lines) is text, but no letter."""
    import json
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] not in (b"{", b"["):
        return False
    first = stripped.split(b"\n", 1)[0]
    for candidate in (first, stripped):
        try:
            json.loads(candidate)
            return True
        except ValueError:
            continue
    # a file longer than the head: a JSON document cut short still starts like one
    return bool(__import__("re").match(rb'[\[{]\s*("[^"]*"\s*:|[\[{"\d])', stripped))


def _is_table(head: bytes) -> bool:
    """Comma-, semicolon- or tab-separated values: at least three lines in a row at the top,
    each with the same number (one or more) of the same separator. A letter's lines vary."""
    lines = head.split(b"\n")
    if len(head) >= 2048:
        lines = lines[:-1]  # the last line may be cut short
    lines = [line.rstrip(b"\r") for line in lines[:10]]
    while lines and not lines[-1].strip():
        lines.pop()
    if len(lines) < 3 or not all(line.strip() for line in lines):
        return False
    return any(len({line.count(sep) for line in lines}) == 1 and lines[0].count(sep) >= 1
               for sep in (b",", b";", b"\t"))


# Names that say "a letter" (a scan, a PDF, a transcript): such a file found in a folder is
# read as one, and fails if it cannot be. Any other file in a folder that is not a letter by
# its content (a ZIP, JSON, a spreadsheet, Thumbs.db) is skipped as a stray.
LETTER_SUFFIXES = {".pdf", ".png", ".jpg", ".jpeg", ".jpe", ".tif", ".tiff", ".gif", ".bmp", ".webp", ".txt", ""}


@dataclass
class Candidate:
    """One letter to read: one file, or several page files of one letter."""
    paths: list
    restore: dict = None  # from a bag: original names and corrections to put back
    walked: bool = False  # found in a folder walk, not named by the user

    @property
    def label(self) -> str:
        return str(self.paths[0]) if len(self.paths) == 1 else f"{self.paths[0]} (+{len(self.paths) - 1} pages)"


def walk(paths, problems: list, exclude=None, skipped: list = None, follow_links: bool = False,
         in_folders: set = None) -> list:
    """Every regular file under the given paths, sorted; bad paths, and folders that cannot be
    read, go to problems.

    exclude is a folder never to enter (the archive itself, when it lies among the post);
    in_folders, if given, receives the files found inside folders (not named themselves).
    A symbolic link met on the way is followed only when what it points to lies inside
    one of the given paths (or always, with follow_links); any other goes to skipped as
    (path, reason), so that a link in the post never brings in a file from elsewhere
    (/etc/passwd) unseen. A path given by name is followed wherever it leads.
    """
    found, seen, entered = [], set(), set()
    skipped = [] if skipped is None else skipped
    skip = os.path.realpath(exclude) if exclude else None
    roots = [os.path.realpath(p) for p in paths]

    def allowed(link: Path) -> bool:
        if follow_links:
            return True
        target = os.path.realpath(link)
        return any(target == root or target.startswith(root.rstrip(os.sep) + os.sep) for root in roots)

    def enter(folder: Path):
        real = os.path.realpath(folder)
        if real in entered or (skip and real == skip):
            return  # a link back to a folder already walked (a loop), or the archive
        entered.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as err:
            problems.append((str(folder), f"folder cannot be read ({(err.strerror or str(err)).lower()}); "
                                          "its letters were not looked for"))
            return
        folders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(folder) / entry.name
            if entry.is_symlink():
                if not os.path.exists(path):
                    _add(path, found, seen, problems)  # says dangling, or a loop
                    continue
                if not allowed(path):
                    skipped.append((str(path), f"symbolic link to {os.path.realpath(path)}, outside the "
                                               "files and folders given (--follow-links follows it)"))
                    continue
            if entry.is_dir():
                folders.append(path)  # a folder's own files first, then its folders
            else:
                before = len(found)
                _add(path, found, seen, problems)
                if in_folders is not None and len(found) > before:
                    in_folders.add(found[-1])
        for path in folders:
            enter(path)

    for given in paths:
        root = Path(given)
        if root.is_symlink() and not root.exists():
            problems.append((str(root), "dangling symbolic link"))
            continue
        if not root.exists():
            problems.append((str(root), "no such file or directory"))
            continue
        if root.is_dir():
            enter(root)
        else:
            _add(root, found, seen, problems)
    return found


def _add(path: Path, found: list, seen: set, problems: list) -> None:
    try:
        if path.is_symlink():
            target = path.resolve(strict=True)  # raises on loops and dangling links
            if not target.is_file():
                problems.append((str(path), "symbolic link to something that is not a file"))
                return
        elif not path.is_file():
            problems.append((str(path), "not a regular file"))
            return
    except FileNotFoundError:
        problems.append((str(path), "dangling symbolic link"))
        return
    except (RuntimeError, OSError) as err:
        reason = "symbolic link loop" if "loop" in str(err).lower() or isinstance(err, RuntimeError) else str(err)
        problems.append((str(path), reason))
        return
    key = os.path.realpath(path)
    if key not in seen:
        seen.add(key)
        found.append(path)


# name-p1.png, name_p2.jpg, name-page3.tif, name_001.tif, name 2.png
_PAGE_NAME = re.compile(r"^(?P<stem>.+?)[-_ ](?:p|pg|page)?(?P<num>\d{1,4})$", re.IGNORECASE)
_IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".gif", ".bmp", ".webp"}


def group_pages(files: list, one_letter: bool = False) -> list:
    """Turn files into letters: page images named as a numbered series become one letter."""
    if one_letter and files:
        return [Candidate(paths=list(files))]
    series: dict = {}
    order: list = []
    for path in files:
        match = _PAGE_NAME.match(path.stem)
        if match and path.suffix.lower() in _IMAGE_SUFFIXES:
            key = (str(path.parent), match["stem"].lower())
            if key not in series:
                series[key] = []
                order.append(("series", key))
            series[key].append((int(match["num"]), path))
        else:
            order.append(("single", path))
    letters = []
    for kind, item in order:
        if kind == "single":
            letters.append(Candidate(paths=[item]))
        else:
            pages = sorted(series[item], key=lambda pair: (pair[0], str(pair[1])))
            letters.append(Candidate(paths=[p for _, p in pages]))
    return letters
