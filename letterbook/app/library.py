"""An archive opened with its search index kept in line: what every command but ingest works on.

The catalog is the truth and the index a cache of it. Before a search, an edit or a removal
the index is brought up to the catalog's latest change under the archive's write lock, and
rebuilt from the catalog when it is found damaged. While another process writes the archive
(an ingest), that process keeps the index in step; readers then search what is there rather
than wait.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import sqlite3
from pathlib import Path

from letterbook.app.index_sync import compare, index_for, rebuild, sync
from letterbook.app.replies import linked_catalog, relink
from letterbook.app.people import fill_if_empty, refresh_letter
from letterbook.ingest.persons import ROLE_OF_FIELD
from letterbook.index import QueryError
from letterbook.app.archive_paths import LibraryError, NotFound, inside, refuse_archive_among  # noqa: F401
from letterbook.model import FIELD_KINDS, FIELD_NAMES, LetterRecord, csv_cell, empty_value

def catalog_failure(path, err: sqlite3.DatabaseError) -> LibraryError:
    """A SQLite error from the catalog as the user hears it: one line naming the file."""
    if isinstance(err, sqlite3.OperationalError):  # locked, read-only, cannot open: not damage
        return LibraryError(f"{path}: {err}")
    return LibraryError(f"{path}: the catalog is damaged ({err}); restore it from a backup "
                        "(a bag from 'letterbook export --format bagit' restores with 'letterbook ingest')")


class BadSetting(LibraryError):
    """A correction that does not fit its field (a usage error)."""


def parse_setting(name: str, raw: str):
    """The value of FIELD=RAW as the field's kind has it (edit --set, and a bag's corrections)."""
    if name not in FIELD_KINDS:
        raise BadSetting(f"unknown field {name!r}; fields are: {', '.join(FIELD_NAMES)}")
    kind = FIELD_KINDS[name]
    if kind == "bool":
        if raw.lower() not in ("yes", "no", "true", "false"):
            raise BadSetting(f"{name} takes yes or no")
        return raw.lower() in ("yes", "true")
    if kind == "date":
        try:
            return dt.date.fromisoformat(raw).isoformat()
        except ValueError:
            raise BadSetting(f"{name} must be YYYY-MM-DD, not {raw!r}")
    if kind == "list":
        return [part.strip() for part in raw.split(";") if part.strip()]
    return raw


def day_bound(value: str, upper: bool = False):
    """--since/--until: YYYY, YYYY-MM or YYYY-MM-DD as the first (or, upper, the last) minute it covers."""
    if value is None:
        return None
    for fmt, size in (("%Y-%m-%d", "day"), ("%Y-%m", "month"), ("%Y", "year")):
        try:
            day = dt.datetime.strptime(value, fmt)
        except ValueError:
            continue
        if upper:
            if size == "year":
                return day.replace(month=12, day=31, hour=23, minute=59)
            if size == "month":
                next_month = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
                return next_month - dt.timedelta(minutes=1)
            return day.replace(hour=23, minute=59)
        return day
    raise BadSetting(f"{value!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")


def describe(record: LetterRecord, events: list) -> dict:
    """A letter for `show --json`: fields, evidence, files, pages, derivatives and history."""
    return {
        "id": record.id, "format": record.format, "removed": record.removed, "fields": record.fields,
        "corrections": record.corrections, "persons": record.persons, "text": record.text,
        "evidence": {name: {"confidence": f["confidence"], "evidence": f["evidence"]}
                     for name, f in record.extracted.items()},
        "sources": [{k: s[k] for k in ("name", "original_path", "sha256", "size", "media_type", "stored")}
                    for s in record.sources],
        "pages": [{k: p[k] for k in ("number", "method", "confidence", "words")} for p in record.pages],
        "derivatives": [d["path"] for d in record.derivatives],
        "events": [{"at": e["at"], "kind": e["kind"], "version": e["version"], "who": e["who"],
                    "detail": json.loads(e["detail"] or "null")} for e in events],
    }


class Library:
    """An archive and its index. `notify` hears what the user should know (a rebuilt index)."""

    def __init__(self, root=None, create: bool = False, notify=None, ingesting=()):
        """ingesting: the paths an ingest is given, checked before the archive is made."""
        from letterbook.archive import Archive, ArchiveError, default_location
        self.notify = notify or (lambda text: None)
        root = Path(root) if root else default_location()
        refuse_archive_among(ingesting, root)
        try:
            self.archive = Archive(root, create=create)
        except ArchiveError as err:
            raise LibraryError(str(err))
        except sqlite3.DatabaseError as err:
            raise catalog_failure(root / "catalog.sqlite", err)
        self._index = None
        self._said_lagging = False

    def close(self):
        self.archive.close()

    def __enter__(self):
        return self

    def __exit__(self, kind, err, tb):
        self.close()
        if isinstance(err, sqlite3.DatabaseError):  # whatever the command read, one line naming the file
            raise catalog_failure(self.archive.catalog.path, err) from err
        return False

    @property
    def read_only(self) -> bool:
        return self.archive.read_only

    def _lock(self, doing: str, on_wait=None):
        """The writer's lock, or one line saying why this archive cannot be written."""
        from letterbook.archive import ArchiveReadOnly
        try:
            self.archive.refuse_if_read_only(doing)
            self.archive.lock(on_wait=on_wait)
        except ArchiveReadOnly as err:
            raise LibraryError(str(err))

    @property
    def root(self) -> Path:
        return self.archive.root

    # -- the index, in line with the catalog
    def index(self):
        """The archive's index, brought up to the catalog's latest change first when it lags."""
        from letterbook.index import IndexDamaged
        ix = self._index or index_for(self.archive)
        self._index = ix
        if self.read_only:
            return self._index_as_it_is(ix)
        held = self.archive.locked  # edit and remove hold the lock already
        if not self.archive.try_lock():
            if not ix.exists():
                raise LibraryError("the archive is being written and has no search index yet; "
                                   "try again when it is done")
            return ix
        try:
            fill_if_empty(self.archive)  # an archive from before people were read gets them once
            sync(self.archive, ix)
        except IndexDamaged:
            self.notify("the search index was damaged; rebuilding it from the catalog")
            rebuild(self.archive, ix)
        except OSError as err:
            raise LibraryError(f"the search index could not be updated ({err}); run 'letterbook reindex'")
        finally:
            if not held:
                self.archive.unlock()
        return ix

    def _index_as_it_is(self, ix):
        """A read-only archive's index, not brought up to the catalog: nothing here can write it."""
        if not ix.exists():
            raise LibraryError(f"the archive at {self.root} is read-only here and has no search index; "
                               "its owner can build one with 'letterbook reindex'")
        if ix.synced_seq() != self.archive.catalog.seq() and not self._said_lagging:
            self.notify("the archive is read-only here: searching its index as it is, "
                        "which may lag the catalog")
            self._said_lagging = True
        return ix

    def _healed(self, read):
        """read(index), and when the index proves damaged while read, rebuilt once and read again."""
        from letterbook.index import IndexDamaged
        try:
            return read(self.index())
        except IndexDamaged as err:
            if self.read_only:
                raise LibraryError(f"{err}; the archive is read-only here, so it cannot be rebuilt: "
                                   "its owner can run 'letterbook check --repair'")
            if not self.archive.try_lock():
                raise LibraryError(f"{err}; another process is writing the archive: try again when it is done")
            try:
                self.notify("the search index was damaged; rebuilding it from the catalog")
                rebuild(self.archive, self._index)
            finally:
                self.archive.unlock()
        try:
            return read(self.index())
        except IndexDamaged as err:  # rebuilt and still unreadable: not the index's bytes
            raise LibraryError(f"{err}; rebuilding it did not help (run with --debug for details)")

    def ingest_run(self, options, **settings):
        """An ingest run into this archive (letterbook.app.ingest_run.Ingest); .run(paths) starts it."""
        from letterbook.app.ingest_run import Ingest
        if self.read_only:
            self._lock("ingest")  # says why, in one line
        return Ingest(self.archive, index_for(self.archive), options, **settings)

    def search(self, text: str, **options):
        return self._healed(lambda ix: ix.search(text, **options))

    def similar(self, letter_id: str, limit: int = 10) -> list:
        letter = self.record(letter_id).id
        return self._healed(lambda ix: ix.similar(letter, limit))

    def mark(self, text: str, query_text: str, bold: bool) -> str:
        """The text with the query's matches marked (the index's own matching, not a guess)."""
        return self._healed(lambda ix: ix.mark(text, query_text, bold))

    # -- letters
    def record(self, letter_id: str) -> LetterRecord:
        record = self.archive.record(letter_id)
        if record is None:
            raise NotFound(f"no letter {letter_id!r} in the archive")
        return record

    def events(self, letter_id: str) -> list:
        return self.archive.catalog.events(letter_id)

    def correct(self, letter_id: str, changes: dict, on_wait=None) -> tuple:
        """Set fields by hand ({name: value}, None or an empty value unsets); returns (id, {name: (old, new)})."""
        for name in changes:
            if name not in FIELD_KINDS:
                raise BadSetting(f"unknown field {name!r}; fields are: {', '.join(FIELD_NAMES)}")
        record = self.record(letter_id)
        self._lock("edit", on_wait=on_wait)
        done = self.archive.correct(record.id, {name: empty_value(name) if value is None else value
                                                for name, value in changes.items()})
        with self.archive.catalog.transaction():  # a reference, date or name changed: its replies may too
            relink(self.archive, record.id)
        if set(changes) & set(ROLE_OF_FIELD):
            refresh_letter(self.archive, record.id)
        self.index()
        return record.id, done

    def remove(self, letter_id: str, purge: bool = False, on_wait=None) -> str:
        record = self.record(letter_id)
        if record.removed and not purge:
            raise LibraryError(f"letter {record.id} was already removed")
        self._lock("remove", on_wait=on_wait)
        self.archive.remove(record.id, purge=purge)
        with self.archive.catalog.transaction():  # its answers may answer another letter now
            relink(self.archive, record.id)
        refresh_letter(self.archive, record.id)
        self.index()
        return record.id

    # -- export
    def records(self):
        linked_catalog(self)  # an archive made before reply links gets them now
        for letter_id in self.archive.catalog.ids():
            yield self.archive.record(letter_id)

    def export(self, fmt: str, out) -> int:
        """Every live letter as the export contract has it, to an open text stream; returns the count."""
        writer, count = None, 0
        for record in self.records():
            row = record.export_row()
            if fmt == "jsonl":
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
            else:
                if writer is None:
                    writer = csv.DictWriter(out, fieldnames=list(row))
                    writer.writeheader()
                writer.writerow({k: csv_cell(v) for k, v in row.items()})
            count += 1
        return count

    def _refuse_target_inside(self, target: Path):
        # the archive's own folders are rewritten (the index is swapped whole at a rebuild):
        # an export there would be deleted without a word
        if inside(target, self.root):
            raise LibraryError(f"{target} is inside the archive ({self.root}); export to a place outside it")

    def evidence_picture(self, letter_id: str, page: int, path: Path) -> Path:
        """Draw page `page` of the letter, as letterbook prepared it, with its fields' evidence
        boxes, into the PNG file path (written whole or not at all)."""
        from letterbook.app.page_picture import NoPicture, evidence_picture
        from letterbook.archive.store import replaced_atomically
        record = self.record(letter_id)
        self._refuse_target_inside(path)
        try:
            picture = evidence_picture(self.root, record, page)
        except NoPicture as err:
            raise LibraryError(str(err))
        with replaced_atomically(path, "wb") as out:
            picture.save(out, format="PNG", optimize=True)
        return path

    def export_to_file(self, fmt: str, path: Path) -> int:
        """Export into path atomically: a partial file never takes the place of a good one."""
        from letterbook.archive.store import replaced_atomically
        self._refuse_target_inside(path)
        with replaced_atomically(path, "w", encoding="utf-8", newline="") as out:
            return self.export(fmt, out)

    def export_bag(self, target: Path, organisation: str = None) -> int:
        """A bag of every live letter; refused whole (a line per letter) if an original fails its hash."""
        from letterbook.archive.bag import BagRefused, export_bag
        self._refuse_target_inside(target)
        try:
            return export_bag(self.archive, target, organisation)
        except FileExistsError as err:
            raise LibraryError(str(err))
        except BagRefused as err:
            raise LibraryError("\n".join(err.problems))

    # -- upkeep
    def reindex(self, on_wait=None) -> int:
        self._lock("reindex", on_wait=on_wait)
        return rebuild(self.archive)

    def check(self, repair: bool = False, on_wait=None) -> tuple:
        """(problems, repaired): the catalog's integrity, originals in place, the index in line
        and readable throughout."""
        problems = self.archive.check()
        if problems and problems[0].startswith(str(self.archive.catalog.path)):
            return problems, None  # a damaged catalog: nothing to compare the index with
        index_problem = compare(self.archive)
        repaired = None
        if index_problem and repair:
            self._lock("check --repair", on_wait=on_wait)
            repaired = f"index rebuilt from the catalog ({rebuild(self.archive)} letters)"
        elif index_problem:
            problems.append(f"index: {index_problem}; run 'letterbook check --repair'")
        return problems, repaired

    def verify(self) -> list:
        """(path, problem) for the catalog if damaged, and each missing or altered file."""
        damage = self.archive.catalog_problem()
        if damage:
            return [(str(self.archive.catalog.path), damage.split(": ", 1)[1])]
        problems = list(self.archive.verify())
        if not self.read_only:  # a read-only archive is checked all the same, but not logged
            with self.archive.catalog.transaction():
                self.archive.catalog.log("fixity", None, problems=len(problems))
        return problems

    def stats(self) -> dict:
        figures = self.archive.catalog.stats()
        figures["archive"] = str(self.archive.root)
        return figures


__all__ = ["Library", "LibraryError", "NotFound", "BadSetting", "QueryError", "parse_setting"]
