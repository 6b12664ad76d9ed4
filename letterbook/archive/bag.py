"""BagIt export of an archive: originals, text, metadata (JSON and Dublin Core), two manifests.

A bag made here is what `letterbook ingest BAG` restores: the same letters, with their
source names, fields and corrections.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

from letterbook import __version__
from letterbook.archive import replies

LETTERS = "letters"
PEOPLE_FILE = "people.json"  # the archivist's merges, splits and authority file (app/people.py)


def safe_name(name: str) -> str:
    """A file name that stays inside its folder whatever the original was called."""
    base = os.path.basename(name.replace("\\", "/"))
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", base).strip("._") or "file"
    return base[:120]


def dublin_core(record: dict) -> str:
    f = record.fields
    title = f.get("subject") or (f"Letter from {f['signatory'] or f['sender_org']}"
                                 if f.get("signatory") or f.get("sender_org") else f"Letter {record.id}")
    items = [("title", title), ("creator", f.get("signatory")), ("creator", f.get("sender_org")),
             ("contributor", f.get("addressee")), ("date", f.get("date")), ("identifier", record.id),
             ("identifier", f.get("ref")), ("type", "Text"), ("format", record.format),
             ("description", f"Letter archived by letterbook {__version__}")]
    body = "\n".join(f"  <dc:{k}>{escape(str(v))}</dc:{k}>" for k, v in items if v)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n' + body + "\n</metadata>\n")


class BagRefused(Exception):
    """Letters whose originals fail their hash: a bag of them would carry the damage, valid."""

    def __init__(self, problems: list):
        super().__init__("; ".join(problems))
        self.problems = problems


def export_bag(archive, target: Path, organisation: str = None) -> int:
    """Write every live letter of the archive as a BagIt bag in target (new or empty).

    The bag is made in a folder beside target and renamed into place whole, so an error
    leaves no partial bag; every original is checked against its hash as it is copied."""
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise FileExistsError(f"{target} is not empty")
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.part-", dir=target.parent))
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(work, 0o777 & ~umask)  # as a folder made by mkdir would be, not mkdtemp's 0700
    try:
        count = _write_bag(archive, work, organisation)
        if target.exists():
            target.rmdir()  # empty, checked above
        os.replace(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return count


def _write_bag(archive, target: Path, organisation: str = None) -> int:
    import bagit
    count, damaged = 0, []
    for letter_id in archive.catalog.ids():
        record = archive.record(letter_id)
        folder = target / LETTERS / safe_name(letter_id)
        folder.mkdir(parents=True)
        files, bad = [], []
        for source in record.sources:
            name = f"original-{source['seq']}-{safe_name(source['name'])}"
            try:
                data = archive.original_bytes(source["sha256"])
            except FileNotFoundError:
                bad.append(f"{source['name']} is missing")
                continue
            if hashlib.sha256(data).hexdigest() != source["sha256"]:
                bad.append(f"{source['name']} is altered (its hash differs)")
                continue
            (folder / name).write_bytes(data)
            files.append({"file": name, "name": source["name"], "original_path": source["original_path"],
                          "sha256": source["sha256"], "media_type": source["media_type"]})
        if bad:
            damaged.append(f"letter {letter_id}: original {', '.join(bad)}; ingest the good file again to "
                           "restore it ('letterbook verify' lists every damaged file)")
            continue
        (folder / "text.txt").write_text(record.text, encoding="utf-8")
        metadata = {"id": record.id, "format": record.format, "files": files, "fields": record.fields,
                    "extracted": record.extracted, "corrections": record.corrections,
                    "reply_corrections": replies.corrections(archive.catalog.db, letter_id)
                    if replies.has_tables(archive.catalog.db) else {},
                    "pages": [{k: p[k] for k in ("number", "method", "confidence")} for p in record.pages],
                    "events": [{k: e[k] for k in ("at", "kind", "version", "who", "detail")}
                               for e in archive.catalog.events(letter_id)]}
        (folder / "metadata.json").write_text(json.dumps(metadata, ensure_ascii=False, indent=1), encoding="utf-8")
        (folder / "dc.xml").write_text(dublin_core(record), encoding="utf-8")
        count += 1
    if damaged:
        raise BagRefused(damaged)
    from letterbook.archive.people import People
    people = People(archive.catalog)
    carried = {"rules": people.rules(), "authority": people.authority()}
    if carried["rules"] or carried["authority"]:  # the archivist's merges, splits and authority file
        (target / PEOPLE_FILE).write_text(json.dumps(carried, ensure_ascii=False, indent=1), encoding="utf-8")
    bagit.make_bag(str(target), {
        "Source-Organization": organisation or "letterbook archive",
        "External-Description": f"Letters exported from the letterbook archive at {archive.root}",
        "External-Identifier": str(archive.root),
        "Bag-Group-Identifier": "letterbook",
        "Letterbook-Version": __version__,
        "Letterbook-Letters": str(count),
        "Bagging-Time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }, checksums=["sha256", "sha512"])
    return count
