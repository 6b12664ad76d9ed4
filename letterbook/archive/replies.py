"""The catalog's reply links: which letter answers which, the cues they were found by, and the
archivist's corrections of them.

    reply_cues         per letter: its own reference and date ("ref", "date") and what it
                       says it answers ("answers_ref", "answers_date"), so that the letters a
                       new letter answers, and those answering it, are found by lookup
    reply_links        letter_id answers answers_id; how: "ref", "letter" (a cited date) or "hand"
    reply_corrections  a link added (linked=1) or removed (0) by hand; it outlives re-extraction

The tables are made when first written (CREATE TABLE IF NOT EXISTS), inside the writer's
transaction; an archive that has never had them reads as one without links.
"""
from __future__ import annotations

import json
import time

TABLES = (
    "CREATE TABLE IF NOT EXISTS reply_cues (letter_id TEXT NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL, "
    "PRIMARY KEY (letter_id, kind, value))",
    "CREATE INDEX IF NOT EXISTS reply_cues_value ON reply_cues(kind, value)",
    "CREATE TABLE IF NOT EXISTS reply_links (letter_id TEXT NOT NULL, answers_id TEXT NOT NULL, how TEXT NOT NULL, "
    "PRIMARY KEY (letter_id, answers_id))",
    "CREATE INDEX IF NOT EXISTS reply_links_answers ON reply_links(answers_id)",
    "CREATE TABLE IF NOT EXISTS reply_corrections (letter_id TEXT NOT NULL, answers_id TEXT NOT NULL, "
    "linked INTEGER NOT NULL, who TEXT NOT NULL, at REAL NOT NULL, PRIMARY KEY (letter_id, answers_id))",
)


def has_tables(db) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'reply_links'").fetchone() \
        is not None


def make_tables(db) -> None:
    for statement in TABLES:
        db.execute(statement)


def fields(db, letter_id: str, names: tuple) -> dict:
    """Some of a letter's fields, corrections winning (a lighter Catalog.field_values)."""
    marks = ",".join("?" * len(names))
    out = {r[0]: json.loads(r[1]) for r in db.execute(
        f"SELECT name, value FROM fields WHERE letter_id = ? AND name IN ({marks})", (letter_id, *names))}
    out.update({r[0]: json.loads(r[1]) for r in db.execute(
        f"SELECT name, value FROM corrections WHERE letter_id = ? AND name IN ({marks})", (letter_id, *names))})
    return out


def set_cues(db, letter_id: str, cues: list) -> None:
    """cues: (kind, value) pairs, replacing the letter's earlier ones."""
    db.execute("DELETE FROM reply_cues WHERE letter_id = ?", (letter_id,))
    db.executemany("INSERT OR IGNORE INTO reply_cues(letter_id, kind, value) VALUES (?,?,?)",
                   [(letter_id, kind, value) for kind, value in cues])


def cues(db, letter_id: str) -> list:
    return [(r[0], r[1]) for r in db.execute("SELECT kind, value FROM reply_cues WHERE letter_id = ? "
                                             "ORDER BY kind, value", (letter_id,))]


def letters_with_cue(db, kind: str, value: str) -> list:
    """Live letters holding this cue, by id."""
    return [r[0] for r in db.execute("SELECT c.letter_id FROM reply_cues c JOIN letters l ON l.id = c.letter_id "
                                     "WHERE c.kind = ? AND c.value = ? AND l.removed_at IS NULL "
                                     "ORDER BY c.letter_id", (kind, value))]


def set_links(db, letter_id: str, links: dict) -> None:
    """links: {answers_id: how}, replacing the letter's earlier ones."""
    db.execute("DELETE FROM reply_links WHERE letter_id = ?", (letter_id,))
    db.executemany("INSERT INTO reply_links(letter_id, answers_id, how) VALUES (?,?,?)",
                   [(letter_id, other, how) for other, how in links.items()])


def answers(db, letter_id: str) -> dict:
    """{id: how} of the live letters this one answers."""
    if not has_tables(db):
        return {}
    return {r[0]: r[1] for r in db.execute("SELECT r.answers_id, r.how FROM reply_links r JOIN letters l "
                                           "ON l.id = r.answers_id WHERE r.letter_id = ? AND l.removed_at IS NULL "
                                           "ORDER BY r.answers_id", (letter_id,))}


def answered_by(db, letter_id: str) -> dict:
    """{id: how} of the live letters answering this one."""
    if not has_tables(db):
        return {}
    return {r[0]: r[1] for r in db.execute("SELECT r.letter_id, r.how FROM reply_links r JOIN letters l "
                                           "ON l.id = r.letter_id WHERE r.answers_id = ? AND l.removed_at IS NULL "
                                           "ORDER BY r.letter_id", (letter_id,))}


def set_correction(db, letter_id: str, answers_id: str, linked: bool, who: str) -> None:
    db.execute("INSERT OR REPLACE INTO reply_corrections(letter_id, answers_id, linked, who, at) VALUES (?,?,?,?,?)",
               (letter_id, answers_id, int(linked), who, time.time()))


def corrections(db, letter_id: str) -> dict:
    """{answers_id: linked} as the archivist set them."""
    return {r[0]: bool(r[1]) for r in db.execute(
        "SELECT answers_id, linked FROM reply_corrections WHERE letter_id = ?", (letter_id,))}
