"""The catalog: a SQLite database of letters, their files, pages, fields and history.

It is the archive's source of truth; the search index is built from it. Each letter's
rows are written in one transaction, after its original is safely on disk.
"""
from __future__ import annotations

import getpass
import json
import sqlite3
import time
from pathlib import Path

from letterbook import __version__
from letterbook.archive.people import SCHEMA as PEOPLE_SCHEMA
from letterbook.model import FIELD_NAMES, empty_value

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS letters (
    id TEXT PRIMARY KEY,           -- short id, from the content hash
    content_hash TEXT NOT NULL UNIQUE,
    format TEXT NOT NULL,          -- pdf, scan-pdf, image, txt, mixed
    page_count INTEGER NOT NULL,
    ingested_at REAL NOT NULL,
    extracted_at REAL NOT NULL,
    removed_at REAL,               -- a tombstone: removed letters stay in the log
    seq INTEGER NOT NULL DEFAULT 0 -- the catalog change that last touched this letter
);
CREATE TABLE IF NOT EXISTS files (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    media_type TEXT NOT NULL,
    stored TEXT NOT NULL           -- path inside the archive
);
CREATE TABLE IF NOT EXISTS sources (
    letter_id TEXT NOT NULL REFERENCES letters(id),
    seq INTEGER NOT NULL,
    sha256 TEXT NOT NULL REFERENCES files(sha256),
    name TEXT NOT NULL,
    original_path TEXT NOT NULL,
    PRIMARY KEY (letter_id, seq)
);
CREATE INDEX IF NOT EXISTS sources_sha ON sources(sha256);
CREATE TABLE IF NOT EXISTS pages (
    letter_id TEXT NOT NULL REFERENCES letters(id),
    number INTEGER NOT NULL,
    source_seq INTEGER NOT NULL,
    frame INTEGER NOT NULL,
    method TEXT NOT NULL,          -- text-layer, ocr, transcript
    text TEXT NOT NULL,
    confidence REAL,               -- mean OCR word confidence, 0-100
    width REAL, height REAL,
    words TEXT,                    -- derivative file with the word boxes (JSON)
    PRIMARY KEY (letter_id, number)
);
CREATE TABLE IF NOT EXISTS fields (
    letter_id TEXT NOT NULL REFERENCES letters(id),
    name TEXT NOT NULL,
    value TEXT,                    -- JSON
    confidence REAL,
    evidence TEXT,                 -- JSON: page, box or span, line
    PRIMARY KEY (letter_id, name)
);
CREATE TABLE IF NOT EXISTS corrections (
    letter_id TEXT NOT NULL REFERENCES letters(id),
    name TEXT NOT NULL,
    value TEXT,                    -- JSON; null means the field was unset
    who TEXT NOT NULL,
    at REAL NOT NULL,
    PRIMARY KEY (letter_id, name)
);
CREATE TABLE IF NOT EXISTS derivatives (
    letter_id TEXT NOT NULL REFERENCES letters(id),
    kind TEXT NOT NULL,            -- words, signature
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    PRIMARY KEY (letter_id, path)
);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at REAL NOT NULL,
    letter_id TEXT,
    kind TEXT NOT NULL,            -- ingested, re-extracted, corrected, removed, purged, fixity
    version TEXT NOT NULL,
    who TEXT NOT NULL,
    detail TEXT                    -- JSON: parameters, old and new values
);
"""



def user() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"


def open_read_only(path: Path) -> sqlite3.Connection:
    """The catalog of an archive this process cannot write. mode=ro still needs the -wal and
    -shm files of WAL mode, and creates them when they are missing; where even that is
    impossible, immutable=1 reads the file as it stands (no one can be writing it then
    but its owner, whose changes in flight this reader would not see)."""
    from urllib.parse import quote
    uri = f"file:{quote(str(Path(path).resolve()))}?mode=ro"
    for suffix in ("", "&immutable=1"):
        db = sqlite3.connect(uri + suffix, uri=True, timeout=60, isolation_level=None)
        try:
            db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
            return db
        except sqlite3.OperationalError:
            db.close()
            if suffix:
                raise


class Catalog:
    def __init__(self, path: Path, read_only: bool = False):
        self.path = Path(path)
        self.read_only = read_only
        if read_only:
            self.db = open_read_only(self.path)
        else:
            self.db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        if not read_only:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.executescript(SCHEMA + PEOPLE_SCHEMA)
        self.before_commit = None  # called before each outermost COMMIT (files must be on disk first)

    def close(self):
        self.db.close()

    # -- transactions and change numbers
    def transaction(self):
        return _Transaction(self)

    def next_seq(self) -> int:
        row = self.db.execute("SELECT value FROM meta WHERE key='seq'").fetchone()
        seq = int(row["value"]) + 1 if row else 1
        self.db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('seq', ?)", (str(seq),))
        return seq

    def seq(self) -> int:
        row = self.db.execute("SELECT value FROM meta WHERE key='seq'").fetchone()
        return int(row["value"]) if row else 0

    def log(self, kind: str, letter_id=None, **detail):
        self.db.execute("INSERT INTO events(at, letter_id, kind, version, who, detail) VALUES (?,?,?,?,?,?)",
                        (time.time(), letter_id, kind, __version__, user(), json.dumps(detail, default=str)))

    # -- lookups
    def letter_for_file(self, sha256: str):
        row = self.db.execute("SELECT s.letter_id FROM sources s JOIN letters l ON l.id = s.letter_id "
                              "WHERE s.sha256 = ? AND l.removed_at IS NULL", (sha256,)).fetchone()
        return row["letter_id"] if row else None

    def letter_by_hash(self, content_hash: str):
        return self.db.execute("SELECT * FROM letters WHERE content_hash = ?", (content_hash,)).fetchone()

    def resolve(self, letter_id: str):
        """A letter row by its id or an unambiguous prefix of it (at least 4 characters)."""
        row = self.db.execute("SELECT * FROM letters WHERE id = ?", (letter_id,)).fetchone()
        if row or len(letter_id) < 4:
            return row
        rows = self.db.execute("SELECT * FROM letters WHERE id LIKE ? LIMIT 2",
                               (letter_id.replace("%", "").replace("_", "") + "%",)).fetchall()
        return rows[0] if len(rows) == 1 else None

    def ids(self, include_removed=False) -> list:
        query = "SELECT id FROM letters" + ("" if include_removed else " WHERE removed_at IS NULL") + " ORDER BY id"
        return [r["id"] for r in self.db.execute(query)]

    def changed_since(self, seq: int) -> list:
        return [(r["id"], r["removed_at"] is not None)
                for r in self.db.execute("SELECT id, removed_at FROM letters WHERE seq > ?", (seq,))]

    def sources(self, letter_id: str) -> list:
        return [dict(r) for r in self.db.execute(
            "SELECT s.*, f.size, f.media_type, f.stored FROM sources s JOIN files f ON f.sha256 = s.sha256 "
            "WHERE letter_id = ? ORDER BY seq", (letter_id,))]

    def pages(self, letter_id: str) -> list:
        return [dict(r) for r in self.db.execute("SELECT * FROM pages WHERE letter_id = ? ORDER BY number",
                                                 (letter_id,))]

    def derivatives(self, letter_id: str = None) -> list:
        if letter_id is None:
            return [dict(r) for r in self.db.execute("SELECT * FROM derivatives")]
        return [dict(r) for r in self.db.execute("SELECT * FROM derivatives WHERE letter_id = ?", (letter_id,))]

    def extracted_fields(self, letter_id: str) -> dict:
        out = {}
        for r in self.db.execute("SELECT * FROM fields WHERE letter_id = ?", (letter_id,)):
            out[r["name"]] = {"value": json.loads(r["value"]), "confidence": r["confidence"],
                              "evidence": json.loads(r["evidence"]) if r["evidence"] else None}
        return out

    def corrections(self, letter_id: str) -> dict:
        return {r["name"]: {"value": json.loads(r["value"]), "who": r["who"], "at": r["at"]}
                for r in self.db.execute("SELECT * FROM corrections WHERE letter_id = ?", (letter_id,))}

    def field_values(self, letter_id: str) -> dict:
        """The letter's fields as search and export see them: corrections win."""
        values = {name: empty_value(name) for name in FIELD_NAMES}
        for name, found in self.extracted_fields(letter_id).items():
            values[name] = found["value"]
        for name, fixed in self.corrections(letter_id).items():
            values[name] = fixed["value"]
        return values

    def events(self, letter_id: str = None, limit: int = 50) -> list:
        if letter_id:
            rows = self.db.execute("SELECT * FROM events WHERE letter_id = ? ORDER BY id", (letter_id,))
        else:
            rows = self.db.execute("SELECT * FROM events ORDER BY id DESC LIMIT ?", (limit,))
        return [dict(r) for r in rows]

    # -- writes (callers wrap them in a transaction)
    def insert_file(self, sha256, size, media_type, stored):
        self.db.execute("INSERT OR IGNORE INTO files(sha256, size, media_type, stored) VALUES (?,?,?,?)",
                        (sha256, size, media_type, stored))

    def insert_letter(self, letter_id, content_hash, fmt, page_count, seq):
        now = time.time()
        self.db.execute("INSERT INTO letters(id, content_hash, format, page_count, ingested_at, extracted_at, seq) "
                        "VALUES (?,?,?,?,?,?,?)", (letter_id, content_hash, fmt, page_count, now, now, seq))

    def insert_source(self, letter_id, seq, sha256, name, path):
        self.db.execute("INSERT INTO sources(letter_id, seq, sha256, name, original_path) VALUES (?,?,?,?,?)",
                        (letter_id, seq, sha256, name, path))

    def replace_extraction(self, letter_id, pages: list, fields: dict, derivatives: list):
        """Pages, fields and derivatives of a letter, replacing what an earlier read left."""
        for table in ("pages", "fields", "derivatives"):
            self.db.execute(f"DELETE FROM {table} WHERE letter_id = ?", (letter_id,))
        self.db.executemany(
            "INSERT INTO pages(letter_id, number, source_seq, frame, method, text, confidence, width, height, words) "
            "VALUES (?,?,?,?,?,?,?,?,?,?)",
            [(letter_id, p["number"], p["source"], p["frame"], p["method"], p["text"], p["confidence"],
              p["width"], p["height"], p["words"]) for p in pages])
        self.db.executemany(
            "INSERT INTO fields(letter_id, name, value, confidence, evidence) VALUES (?,?,?,?,?)",
            [(letter_id, name, json.dumps(f["value"]), f["confidence"],
              json.dumps(f["evidence"]) if f["evidence"] else None) for name, f in fields.items()])
        self.db.executemany("INSERT INTO derivatives(letter_id, kind, path, sha256) VALUES (?,?,?,?)",
                            [(letter_id, d["kind"], d["path"], d["sha256"]) for d in derivatives])

    def touch(self, letter_id, seq, extracted=False):
        if extracted:
            self.db.execute("UPDATE letters SET seq = ?, extracted_at = ? WHERE id = ?", (seq, time.time(), letter_id))
        else:
            self.db.execute("UPDATE letters SET seq = ? WHERE id = ?", (seq, letter_id))

    def set_correction(self, letter_id, name, value):
        self.db.execute("INSERT OR REPLACE INTO corrections(letter_id, name, value, who, at) VALUES (?,?,?,?,?)",
                        (letter_id, name, json.dumps(value), user(), time.time()))

    def mark_removed(self, letter_id, seq):
        self.db.execute("UPDATE letters SET removed_at = ?, seq = ? WHERE id = ?", (time.time(), seq, letter_id))

    def purge(self, letter_id):
        for table in ("pages", "fields", "corrections", "derivatives", "sources"):
            self.db.execute(f"DELETE FROM {table} WHERE letter_id = ?", (letter_id,))

    def unreferenced_files(self) -> list:
        return [r["sha256"] for r in self.db.execute(
            "SELECT sha256 FROM files WHERE sha256 NOT IN (SELECT sha256 FROM sources)")]

    def delete_file(self, sha256):
        self.db.execute("DELETE FROM files WHERE sha256 = ?", (sha256,))

    def stats(self) -> dict:
        one = lambda q: self.db.execute(q).fetchone()[0]
        formats = {r["format"]: r["n"] for r in self.db.execute(
            "SELECT format, COUNT(*) n FROM letters WHERE removed_at IS NULL GROUP BY format ORDER BY n DESC")}
        methods = {r["method"]: r["n"] for r in self.db.execute(
            "SELECT method, COUNT(*) n FROM pages p JOIN letters l ON l.id = p.letter_id "
            "WHERE l.removed_at IS NULL GROUP BY method ORDER BY n DESC")}
        return {
            "letters": one("SELECT COUNT(*) FROM letters WHERE removed_at IS NULL"),
            "removed": one("SELECT COUNT(*) FROM letters WHERE removed_at IS NOT NULL"),
            "pages": one("SELECT COUNT(*) FROM pages p JOIN letters l ON l.id = p.letter_id WHERE l.removed_at IS NULL"),
            "originals": one("SELECT COUNT(*) FROM files"),
            "original_bytes": one("SELECT COALESCE(SUM(size), 0) FROM files"),
            "formats": formats,
            "page_methods": methods,
            "mean_ocr_confidence": one("SELECT ROUND(AVG(confidence), 1) FROM pages WHERE method = 'ocr'"),
            "corrections": one("SELECT COUNT(*) FROM corrections"),
            "dated": one("SELECT COUNT(*) FROM fields f JOIN letters l ON l.id = f.letter_id "
                         "WHERE f.name = 'date' AND l.removed_at IS NULL"),
            "events": one("SELECT COUNT(*) FROM events"),
        }


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT; inside an open transaction it joins that one (a batch)."""

    def __init__(self, catalog):
        self.catalog, self.db = catalog, catalog.db
        self.outer = False

    def __enter__(self):
        self.outer = not self.db.in_transaction
        if self.outer:
            self.db.execute("BEGIN IMMEDIATE")
        return self

    def __exit__(self, kind, value, tb):
        if self.outer:
            if kind is None and self.catalog.before_commit is not None:
                try:
                    self.catalog.before_commit()
                except BaseException:
                    self.db.execute("ROLLBACK")
                    raise
            self.db.execute("COMMIT" if kind is None else "ROLLBACK")
        elif kind is not None:
            raise value  # let the batch's owner roll back the whole batch
        return False
