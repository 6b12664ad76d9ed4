"""People and places across the archive: the names a letter's fields hold, taken apart
(ingest/persons.py), stored and grouped into persons (archive/people.py), and the archivist's
merges, splits and authority file.

`refresh_letter` runs wherever a letter's fields change (ingest, re-extraction, edit, removal)
inside the catalog's transaction; the letters whose persons changed are touched, so the index
(which searches every variant of a letter's persons) follows.
"""
from __future__ import annotations

import csv

from letterbook.app.archive_paths import LibraryError, NotFound


def _people(archive):
    from letterbook.archive.people import People
    return People(archive.catalog)


def refresh_letter(archive, letter_id: str) -> set:
    """Store the names in the letter's fields (corrections win) and regroup their surnames;
    returns the other letters whose persons changed (touched: the index must follow)."""
    from letterbook.ingest.persons import names_in_fields
    catalog = archive.catalog
    with catalog.transaction():
        row = catalog.db.execute("SELECT removed_at FROM letters WHERE id = ?", (letter_id,)).fetchone()
        found = [] if row is None or row["removed_at"] is not None else names_in_fields(catalog.field_values(letter_id))
        people = _people(archive)
        keys = people.set_mentions(letter_id, [(role, field, n.printed, n.name, n.given, n.key, n.is_org, n.sex)
                                               for role, field, n in found])
        touched = people.regroup(keys) - {letter_id}
        _touch(catalog, touched)
    return touched


def _touch(catalog, letter_ids):
    if letter_ids:
        seq = catalog.next_seq()
        for letter_id in sorted(letter_ids):
            catalog.touch(letter_id, seq)


def fill_if_empty(archive) -> int:
    """An archive made before people were read: read the names of all its letters once."""
    catalog = archive.catalog
    done = catalog.db.execute("SELECT value FROM meta WHERE key = 'people_read'").fetchone()
    if done:
        return 0
    from letterbook.ingest.persons import names_in_fields
    ids = catalog.ids()
    with catalog.transaction():
        people = _people(archive)
        for letter_id in ids:
            found = names_in_fields(catalog.field_values(letter_id))
            people.set_mentions(letter_id, [(role, field, n.printed, n.name, n.given, n.key, n.is_org, n.sex)
                                            for role, field, n in found])
        _touch(catalog, people.regroup())
        catalog.db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('people_read', '1')")
    return len(ids)



def restore_people(archive, carried: dict) -> set:
    """A bag's people rules and authority entries (ingest/bags.py people_in_bag) added to the
    archive's (a rule it has already is not added twice); returns the letters to index again."""
    from letterbook.ingest.persons import natural_order, split_name
    table = _people(archive)
    have = {(r["kind"], r["first"], r["second"]) for r in table.rules()}
    with archive.catalog.transaction():
        for rule in carried["rules"]:
            if (rule["kind"], rule["first"], rule["second"]) not in have:
                table.add_rule(rule["kind"], rule["first"], rule["second"])
        table.add_authority([(e["ref"], e["name"], e["variants"],
                              [split_name(natural_order(text)).name for text in [e["name"]] + e["variants"]])
                             for e in carried["authority"]])
        touched = table.regroup()
        _touch(archive.catalog, touched)
    return touched


# ------------------------------------------------------------------ what other parts call

def persons_of(library, letter_id: str) -> list:
    """[(name, role, ref, is_org)] of one letter: its senders, addressees and those copied,
    each under its person's name (the authority's, when linked). For CMIF and networks."""
    record = library.record(letter_id)
    return [(p["name"], p["role"], p["ref"], p["is_org"]) for p in record.persons]


def people(library) -> list:
    """Every person of the archive (archive/people.py People.persons), most letters first."""
    if not library.read_only:
        try:  # reads the people of an older archive once, when no other process is writing it
            library.index()
        except LibraryError:
            pass  # being written, with no index yet: list what the catalog holds
    found = _people(library.archive).persons()
    return sorted(found, key=lambda p: (-p["letters"], p["name"].lower(), p["id"]))


def _person(people_table, token: str) -> int:
    found = people_table.find(token)
    if found is None:
        raise NotFound(f"no person {token!r} in the archive (give its number from 'letterbook people' or a variant)")
    return found


def merge(library, first: str, second: str, on_wait=None) -> tuple:
    """Make two persons one; the rule is kept by their variants and logged. Returns (id, variants)."""
    library._lock("people --merge", on_wait=on_wait)
    archive = library.archive
    fill_if_empty(archive)
    table = _people(archive)
    a, b = _person(table, first), _person(table, second)
    if a == b:
        raise LibraryError(f"{first!r} and {second!r} are one person already ({a})")
    one, other = table.variants(a)[0], table.variants(b)[0]
    with archive.catalog.transaction():
        table.add_rule("merge", one, other)
        _touch(archive.catalog, table.regroup({table.key_of(one), table.key_of(other)} - {None}))
        archive.catalog.log("people-merged", None, first=one, second=other, persons=[a, b])
    library.index()
    merged = table.find(one)
    return merged, table.variants(merged)


def split(library, person: str, variant: str, on_wait=None) -> tuple:
    """Take one variant out of a person, to stand alone; logged. Returns (its new id, the variant)."""
    library._lock("people --split", on_wait=on_wait)
    archive = library.archive
    fill_if_empty(archive)
    table = _people(archive)
    pid = _person(table, person)
    variants = table.variants(pid)
    if variant not in variants:
        raise NotFound(f"person {pid} has no variant {variant!r}; its variants are: " + "; ".join(variants))
    if len(variants) == 1:
        raise LibraryError(f"person {pid} has only the variant {variant!r}: nothing to split")
    with archive.catalog.transaction():
        table.add_rule("split", variant)
        _touch(archive.catalog, table.regroup({table.key_of(variant)} - {None}))
        archive.catalog.log("people-split", None, person=pid, variant=variant)
    library.index()
    return table.find(variant), variant


def import_authority(library, path, on_wait=None) -> tuple:
    """Read an authority file (CSV: name, variants separated by |, identifier) and link the
    archive's persons to it; returns (entries, persons linked). One-line errors for a bad file."""
    from letterbook.ingest.persons import natural_order, split_name
    entries = _read_authority(path)
    library._lock("people --import", on_wait=on_wait)
    archive = library.archive
    fill_if_empty(archive)
    table = _people(archive)
    rows = []
    for ref, name, variants in entries:
        folded = [split_name(natural_order(text)).name for text in [name] + variants]
        rows.append((ref, name, variants, folded))
    with archive.catalog.transaction():
        table.set_authority(rows)
        _touch(archive.catalog, table.regroup())
        archive.catalog.log("people-authority", None, file=str(path), entries=len(rows))
    library.index()
    linked = archive.catalog.db.execute("SELECT COUNT(*) FROM persons WHERE ref IS NOT NULL").fetchone()[0]
    return len(rows), linked


AUTHORITY_COLUMNS = ("name", "variants", "identifier")


def _read_authority(path) -> list:
    """[(identifier, name, variants)] from the CSV file, or a LibraryError naming the file and line."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = [h.strip().lower() for h in next(reader, [])]
            if not header:
                raise LibraryError(f"{path}: empty file; the columns are: {', '.join(AUTHORITY_COLUMNS)}")
            missing = [c for c in ("name", "identifier") if c not in header]
            if missing:
                raise LibraryError(f"{path}: no column {', '.join(missing)} in the header line "
                                   f"(the columns are: {', '.join(AUTHORITY_COLUMNS)})")
            entries, seen = [], set()
            for row in reader:
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) != len(header):
                    raise LibraryError(f"{path}: line {reader.line_num} has {len(row)} columns, "
                                       f"the header {len(header)}")
                cells = dict(zip(header, (cell.strip() for cell in row)))
                if not cells["name"] or not cells["identifier"]:
                    raise LibraryError(f"{path}: line {reader.line_num} has no name or no identifier")
                if cells["identifier"] in seen:
                    raise LibraryError(f"{path}: line {reader.line_num}: identifier {cells['identifier']!r} "
                                       "is given twice")
                seen.add(cells["identifier"])
                variants = [v.strip() for v in cells.get("variants", "").split("|") if v.strip()]
                entries.append((cells["identifier"], cells["name"], variants))
    except OSError as err:
        raise LibraryError(f"{path}: cannot read it ({err.strerror or err})")
    except UnicodeDecodeError:
        raise LibraryError(f"{path}: not UTF-8 text")
    except csv.Error as err:
        raise LibraryError(f"{path}: not a CSV file ({err})")
    return entries
