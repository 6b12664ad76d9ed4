"""BagIt export of an archive: originals, text, metadata (JSON and Dublin Core), two manifests.

A bag made here is what `letterbook ingest BAG` restores: the same letters, with their
source names, fields and corrections.
"""
from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path
from xml.sax.saxutils import escape

from letterbook import __version__

LETTERS = "letters"


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


def export_bag(archive, target: Path, organisation: str = None) -> int:
    """Write every live letter of the archive as a BagIt bag in target (new or empty)."""
    import bagit
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise FileExistsError(f"{target} is not empty")
    target.mkdir(parents=True, exist_ok=True)
    count = 0
    for letter_id in archive.catalog.ids():
        record = archive.record(letter_id)
        folder = target / LETTERS / safe_name(letter_id)
        folder.mkdir(parents=True)
        files = []
        for source in record.sources:
            name = f"original-{source['seq']}-{safe_name(source['name'])}"
            (folder / name).write_bytes(archive.original_bytes(source["sha256"]))
            files.append({"file": name, "name": source["name"], "original_path": source["original_path"],
                          "sha256": source["sha256"], "media_type": source["media_type"]})
        (folder / "text.txt").write_text(record.text, encoding="utf-8")
        metadata = {"id": record.id, "format": record.format, "files": files, "fields": record.fields,
                    "extracted": record.extracted, "corrections": record.corrections,
                    "pages": [{k: p[k] for k in ("number", "method", "confidence")} for p in record.pages],
                    "events": [{k: e[k] for k in ("at", "kind", "version", "who", "detail")}
                               for e in archive.catalog.events(letter_id)]}
        (folder / "metadata.json").write_text(json.dumps(metadata, ensure_ascii=False, indent=1), encoding="utf-8")
        (folder / "dc.xml").write_text(dublin_core(record), encoding="utf-8")
        count += 1
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
