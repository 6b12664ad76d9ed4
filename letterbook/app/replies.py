"""Reply threads: which letter answers which, kept in the catalog and recomputed for the letters a
change touches (an ingest, a re-extraction, an edit), with the archivist's corrections on top.

A letter answers another when its "Your ref" is the other's reference, or when it cites the
other's date in a reply phrase ("your letter of 12 January") and the other is from the person
or organisation it writes to (letterbook.ingest.replies). The answered letter is never dated
after its reply. Of several letters under one reference, those from its addressee count first,
and of those the latest.
"""
from __future__ import annotations

from letterbook.archive import replies as store
from letterbook.archive.catalog import user
from letterbook.ingest.replies import cited_dates, normal_ref, writes_to

# a thread is followed through this many letters at most (a file of a firm's whole year
# answering one reference would otherwise be one thread)
THREAD_MAX = 200


def letter_cues(fields: dict, text: str) -> list:
    """(kind, value) cues of a letter: its own reference and date, and what it answers."""
    out = []
    if normal_ref(fields.get("ref")):
        out.append(("ref", normal_ref(fields["ref"])))
    if fields.get("date"):
        out.append(("date", fields["date"]))
    if normal_ref(fields.get("your_ref")):
        out.append(("answers_ref", normal_ref(fields["your_ref"])))
    for iso in cited_dates(text, fields.get("date")):
        out.append(("answers_date", iso))
    return out


def _text(catalog, letter_id: str) -> str:
    return "\f".join(r[0] for r in catalog.db.execute(
        "SELECT text FROM pages WHERE letter_id = ? ORDER BY number", (letter_id,)))


def ready(archive) -> bool:
    """Make the tables when missing, and find the links of every letter already archived (once).
    The caller holds a transaction."""
    db = archive.catalog.db
    if store.has_tables(db):
        return False
    store.make_tables(db)
    live = archive.catalog.ids()
    for letter_id in live:
        store.set_cues(db, letter_id, letter_cues(archive.catalog.field_values(letter_id),
                                                  _text(archive.catalog, letter_id)))
    known = {}
    for letter_id in live:
        _link(archive.catalog, letter_id, known)
    return True


def relink(archive, letter_id: str) -> None:
    """Cues and links of a letter just written, and of the letters that answer it (before and after
    the change). The caller holds a transaction."""
    catalog, db = archive.catalog, archive.catalog.db
    if ready(archive):
        return
    fields = store.fields(db, letter_id, ("ref", "your_ref", "date"))
    cues = letter_cues(fields, _text(catalog, letter_id))
    store.set_cues(db, letter_id, cues)
    touched = {letter_id} | set(store.answered_by(db, letter_id))
    for kind, value in cues:
        if kind in ("ref", "date"):
            touched.update(store.letters_with_cue(db, "answers_" + kind, value))
    known = {}
    for other in sorted(touched):
        _link(catalog, other, known)


# the fields that say who wrote a letter, to whom, and when
PARTIES = ("date", "signatory", "signatories", "sender_org", "addressee", "addressee_org")


def _link(catalog, letter_id: str, known: dict = None) -> None:
    db = catalog.db
    known = {} if known is None else known  # letter id -> its PARTIES, read once per change

    def parties(other):
        if other not in known:
            known[other] = store.fields(db, other, PARTIES)
        return known[other]
    fields = parties(letter_id)
    own_date = fields.get("date")
    found = {}
    # a reference first: of a letter answered both ways, "ref" is the surer way to say
    for kind, value in sorted(store.cues(db, letter_id), key=lambda cue: cue[0] != "answers_ref"):
        if not kind.startswith("answers_"):
            continue
        candidates = []
        for other in store.letters_with_cue(db, kind[len("answers_"):], value):
            if other == letter_id or other in found:
                continue
            theirs = parties(other)
            if own_date and theirs.get("date") and theirs["date"] > own_date:
                continue  # an answer comes after the letter it answers
            candidates.append((other, theirs, writes_to(theirs, fields)))
        if kind == "answers_date":  # a date alone says little: only from whom this letter writes to
            for other, _, theirs_to_us in candidates:
                if theirs_to_us:
                    found[other] = "letter"
        elif candidates:
            best = max(candidates, key=lambda c: (c[2], c[1].get("date") or "", c[0]))
            found[best[0]] = "ref"
    for other, linked in store.corrections(db, letter_id).items():
        if linked:
            found[other] = "hand"
        else:
            found.pop(other, None)
    store.set_links(db, letter_id, found)


def correct_link(archive, letter_id: str, other_id: str, linked: bool) -> tuple:
    """Say by hand that letter_id answers other_id (linked) or does not; logged like a field's
    correction. Returns (old, new) lists of the letters it answers. The caller holds the lock."""
    catalog, db = archive.catalog, archive.catalog.db
    with catalog.transaction():
        ready(archive)
        old = sorted(store.answers(db, letter_id))
        seq = catalog.next_seq()
        store.set_correction(db, letter_id, other_id, linked, user())
        _link(catalog, letter_id)
        new = sorted(store.answers(db, letter_id))
        catalog.log("corrected", letter_id, field="in_reply_to", old=old, new=new)
        catalog.touch(letter_id, seq)
    return old, new


def restore_links(archive, letter_id: str, links: dict) -> None:
    """A bag's hand corrections of a letter's links ({other id: linked}), put back as they were
    (the other letter may come later in the bag). The caller holds a transaction."""
    ready(archive)
    for other, linked in links.items():
        store.set_correction(archive.catalog.db, letter_id, other, linked, user())


def in_reply_to(db, letter_id: str) -> list:
    return sorted(store.answers(db, letter_id))


def thread(db, letter_id: str) -> list:
    """The ids of every letter linked to letter_id by replies, either way, itself included."""
    seen, todo = {letter_id}, [letter_id]
    while todo and len(seen) < THREAD_MAX:
        current = todo.pop()
        for other in list(store.answers(db, current)) + list(store.answered_by(db, current)):
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return sorted(seen)


def summary(catalog, letter_id: str, how: str = None) -> dict:
    """A letter as reply lists show it: id, date, from, to, subject (and how it is linked)."""
    f = catalog.field_values(letter_id)
    out = {"id": letter_id, "date": f.get("date"), "from": f.get("signatory") or f.get("sender_org"),
           "to": f.get("addressee") or f.get("addressee_org"), "subject": f.get("subject")}
    if how:
        out["how"] = how
    return out


def links_of(catalog, letter_id: str) -> dict:
    """{"in_reply_to": [...], "answered_by": [...]} of summaries, for show."""
    db = catalog.db
    return {"in_reply_to": [summary(catalog, other, how) for other, how in store.answers(db, letter_id).items()],
            "answered_by": [summary(catalog, other, how) for other, how in store.answered_by(db, letter_id).items()]}


def exchange(catalog, letter_id: str) -> list:
    """The thread's letters in date order (undated last), each with what it answers."""
    db = catalog.db
    letters = []
    for other in thread(db, letter_id):
        row = summary(catalog, other)
        row["in_reply_to"] = sorted(store.answers(db, other))
        letters.append(row)
    letters.sort(key=lambda r: (r["date"] is None, r["date"] or "", r["id"]))
    return letters



# -- for the commands: a Library (letterbook.app.library) in, plain data out

def link_by_hand(library, letter_id: str, other_id: str, linked: bool, on_wait=None) -> tuple:
    """edit --reply-to / --not-reply-to: (letter id, other id, old list, new list)."""
    from letterbook.app.archive_paths import LibraryError
    record, other = library.record(letter_id), library.record(other_id)
    if record.id == other.id:
        raise LibraryError(f"letter {record.id} cannot answer itself")
    if other.removed and linked:
        raise LibraryError(f"letter {other.id} was removed")
    library._lock("edit", on_wait=on_wait)
    old, new = correct_link(library.archive, record.id, other.id, linked)
    return record.id, other.id, old, new


def linked_catalog(library):
    """The catalog, with reply links found for every letter when this archive has none yet
    (one made before letterbook kept them) and can be written now."""
    archive = library.archive
    held = archive.locked
    if not store.has_tables(archive.catalog.db) and not library.read_only and archive.try_lock():
        try:
            with archive.catalog.transaction():
                ready(archive)
        finally:
            if not held:
                archive.unlock()
    return archive.catalog


def letter_links(library, letter_id: str) -> dict:
    return links_of(linked_catalog(library), library.record(letter_id).id)


def letter_thread(library, letter_id: str) -> list:
    return exchange(linked_catalog(library), library.record(letter_id).id)
