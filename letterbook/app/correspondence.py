"""A letter as correspondence: who wrote it, to whom, from where and when.

`Correspondence` is the one plain shape the CMIF export (app/cmif.py) and the correspondence
network (app/network.py) read; neither knows where its parties come from. The adapter,
`correspondence_from_record`, takes them from the persons the catalog keeps (grouped, with
their authority identifiers), and from the fields as read where it keeps none.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from typing import Optional

from letterbook.model import LetterRecord

# How far a letter's date is known: to the day, the month or the year.
PRECISIONS = ("day", "month", "year")


@dataclass(frozen=True)
class Party:
    """A sender or an addressee: a person, or an organisation when no person is named."""
    name: str
    is_org: bool = False
    ref: Optional[str] = None   # an authority identifier (GND, VIAF, Wikidata URI), when known


@dataclass
class Correspondence:
    """One letter's correspondents, place and date.

    date is ISO as far as it is known: "1926-02-16" (precision "day"), "1926-03" ("month")
    or "1926" ("year"); None when the letter is undated."""
    letter_id: str
    senders: list = field(default_factory=list)      # [Party]
    addressees: list = field(default_factory=list)   # [Party]
    place: Optional[str] = None
    date: Optional[str] = None
    date_precision: Optional[str] = None

    def date_bounds(self) -> Optional[tuple]:
        """(first day, last day) the date covers, ISO; the same day twice for a day."""
        if self.date is None:
            return None
        if self.date_precision == "day":
            return self.date, self.date
        if self.date_precision == "month":
            year, month = (int(part) for part in self.date.split("-"))
            return f"{self.date}-01", f"{self.date}-{calendar.monthrange(year, month)[1]:02d}"
        return f"{self.date}-01-01", f"{self.date}-12-31"


def letter_date(date: Optional[str], date_text: Optional[str]) -> tuple:
    """(date as far as known, precision) from the date field (corrections win there) and the
    date as written: "March 1926" is known to the month, "1926" to the year."""
    from letterbook.ingest.dates import date_extent
    extent = date_extent(date_text) if date_text else None
    if date:
        # the written date narrows the field's day only when it says the same month or year
        if extent and extent[0] != "day" and date.startswith(extent[1]):
            return extent[1], extent[0]
        return date, "day"
    return (extent[1], extent[0]) if extent else (None, None)


def _people(names) -> list:
    seen, parties = set(), []
    for name in names:
        name = (name or "").strip()
        if name and name not in seen:
            seen.add(name)
            parties.append(Party(name))
    return parties


def _persons(record: LetterRecord, role: str) -> list:
    """The letter's persons in a role as the catalog keeps them: each variant's person under
    the one name the archive knows it by, with its authority identifier when linked."""
    seen, parties = set(), []
    for person in record.persons:
        if person["role"] == role and person["name"] not in seen:
            seen.add(person["name"])
            parties.append(Party(person["name"], bool(person.get("is_org")), person.get("ref")))
    return parties


def correspondence_from_record(record: LetterRecord) -> Correspondence:
    """The adapter: the letter's persons from the catalog (archive/people.py: "Herrn Dr. Max
    Vischer" and "Max Vischer" one person, with its authority identifier), else the fields as
    read: signatories (or the signatory) the senders, the addressee the addressee. An
    organisation (sender_org, addressee_org) stands as the party only when no person is named
    on that side: a person's firm is where they write from or are written to, not a second
    correspondent."""
    senders = _persons(record, "sender") or _people(record.value("signatories") or [record.value("signatory")])
    if not senders and record.value("sender_org"):
        senders = [Party(record.value("sender_org").strip(), is_org=True)]
    addressees = _persons(record, "addressee") or _people([record.value("addressee")])
    if not addressees and record.value("addressee_org"):
        addressees = [Party(record.value("addressee_org").strip(), is_org=True)]
    date, precision = letter_date(record.value("date"), record.value("date_text"))
    return Correspondence(record.id, senders, addressees, record.value("place") or None, date, precision)


def letters_as_correspondence(library, query: str = None) -> tuple:
    """(Correspondence of every live letter, or of every letter the query finds, in id order;
    whether the query was answered by OCR-tolerant matching, as `search` retries it)."""
    if query is None:
        return [correspondence_from_record(record) for record in library.records()], False
    results = library.search(query, limit=None, snippets=False)
    ids = sorted(hit.id for hit in results.hits)
    return [correspondence_from_record(library.record(letter_id)) for letter_id in ids], results.fuzzy


def _write_file(library, path, write) -> None:
    """write(binary stream) into path whole or not at all; never inside the archive."""
    from letterbook.app.archive_paths import LibraryError, inside
    from letterbook.archive.store import replaced_atomically
    if inside(path, library.root):  # the archive's folders are rewritten: the file would be lost
        raise LibraryError(f"{path} is inside the archive ({library.root}); export to a place outside it")
    with replaced_atomically(path, "wb") as out:
        write(out)


def export_cmif(library, header, path=None, stream=None) -> int:
    """Every live letter as CMIF (app/cmif.py) into the file path, or to a binary stream;
    returns the number of letters."""
    from letterbook.app.cmif import write_cmif
    letters, _ = letters_as_correspondence(library)
    if path is None:
        write_cmif(letters, header, stream)
    else:
        _write_file(library, path, lambda out: write_cmif(letters, header, out))
    return len(letters)


def network_format(path) -> str:
    """graphml or gexf, from the file's suffix; anything else refused in one line."""
    from pathlib import Path
    from letterbook.app.archive_paths import LibraryError
    from letterbook.app.network import FORMATS
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise LibraryError(f"{path}: a network is written as " + " or ".join(FORMATS)
                           + f", not {suffix or 'a file without a suffix'}")
    return FORMATS[suffix]


def export_network(library, path, query: str = None) -> tuple:
    """The network of every live letter, or of those the query finds, into path (.graphml or
    .gexf); returns (the Network, whether the query was answered by OCR-tolerant matching)."""
    from letterbook.app.network import build_network, write_network
    fmt = network_format(path)
    letters, fuzzy = letters_as_correspondence(library, query)
    network = build_network(letters)
    _write_file(library, path, lambda out: write_network(network, fmt, out))
    return network, fuzzy
