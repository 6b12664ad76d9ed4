"""What the index holds for a letter: the Whoosh schema, its analyzers, and `document()`,
which turns an archived letter (a `LetterRecord`) into the fields of one index document.

Change the schema or its analysis and bump SCHEMA_VERSION: an index built by another
version is rebuilt from the catalog (see write.synced_seq).
"""
from __future__ import annotations

import datetime as dt
import functools
import re

from whoosh.analysis import (CharsetFilter, LowercaseFilter, RegexTokenizer, StemmingAnalyzer, StopFilter, Token,
                             Tokenizer)
from whoosh.fields import BOOLEAN, DATETIME, ID, NUMERIC, STORED, TEXT, Schema
from whoosh.lang.porter import stem as porter_stem
from whoosh.support.charset import accent_map

from letterbook.model import LetterRecord

SCHEMA_VERSION = 4  # bump when the schema or analysis changes: older indexes are rebuilt

# search --facet NAME counts the values of this column (one sortable value a letter)
FACET_COLUMNS = {"year": "year", "from": "from_facet", "to": "to_facet", "org": "org_facet", "place": "place_facet"}
# facets of several values a letter, counted from a stored list: a letter names many persons
LIST_FACETS = {"person": "person_names"}


# Whoosh's own stem cache (a least-frequently-used dict in Python) cost more than the stemming
# it saved on a real archive's vocabulary: every word paid its bookkeeping, and each time it
# filled, a sort of its 50,000 entries. functools' cache does the same in C: the words of
# 1,000 letters of bench/corpus.py analysed in 1.1-1.5 s instead of 2.1-2.4 s. Same stems.
STEM_CACHE = 100_000  # words (about 20 MB when full)


@functools.lru_cache(maxsize=STEM_CACHE)
def stem(word: str) -> str:
    """Porter's stem of a word, as Whoosh's StemmingAnalyzer gives it (kept for the next time)."""
    return porter_stem(word)


class RefTokenizer(Tokenizer):
    """A reference as one token and as its parts: MGLA040725-9342, mgla040725, 9342."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, mode="", **kwargs):
        value = value.strip().lower()
        pieces = [value] + [p for p in re.split(r"[^0-9a-z]+", value) if p and p != value]
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, piece in enumerate(dict.fromkeys(pieces)):
            token.text, token.boost, token.stopped = piece, 1.0, False
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar, token.endchar = start_char, start_char + len(value)
            yield token


def letter_schema() -> Schema:
    """The fields of a letter's index document and how each is analysed."""
    body = StemmingAnalyzer(stemfn=stem, cachesize=None) | CharsetFilter(accent_map)
    # stop words go from every default field, or "stop and search" would need "and" in a name
    names = RegexTokenizer() | LowercaseFilter() | StopFilter() | CharsetFilter(accent_map)
    ref = RefTokenizer() | StopFilter()
    return Schema(
        id=ID(stored=True, unique=True),
        # no spelling=True: in whoosh 2.7 it posts every distinct word of every letter a second
        # time (a separate unstemmed field), which doubled the cost of indexing and merging;
        # "did you mean" works from the stemmed words instead (see query.suggest)
        body=TEXT(analyzer=body, stored=True),
        ref=TEXT(analyzer=ref, stored=True),
        your_ref=TEXT(analyzer=ref, stored=True),
        date=DATETIME(stored=True, sortable=True),
        year=NUMERIC(int, stored=True, sortable=True),
        subject=TEXT(analyzer=body, stored=True),
        addressee=TEXT(analyzer=names, stored=True),
        addressee_org=TEXT(analyzer=names, stored=True),
        sender_org=TEXT(analyzer=names, stored=True),
        signatory=TEXT(analyzer=names, stored=True),
        **{"from": TEXT(analyzer=names), "to": TEXT(analyzer=names)},
        org=TEXT(analyzer=names),
        # every person the letter names, in any role, under all its variants; the place of writing
        person=TEXT(analyzer=names),
        place=TEXT(analyzer=names, stored=True),
        place_facet=ID(sortable=True), person_names=STORED,
        signed=BOOLEAN(stored=True),
        format=ID(stored=True),
        source=TEXT(analyzer=names, stored=True),
        from_facet=ID(sortable=True), to_facet=ID(sortable=True), org_facet=ID(sortable=True),
        pages=STORED,  # page confidences, for warning about doubtful OCR
    )


def document(record: LetterRecord) -> dict:
    """The index document for an archived letter."""
    f = record.fields
    doc = {"id": record.id, "body": record.text, "format": record.format,
           "source": " ".join(s["name"] for s in record.sources),
           "signed": bool(f.get("has_signature")),
           "pages": [[p["number"], p["confidence"]] for p in record.pages]}
    for name in ("ref", "your_ref", "subject", "addressee", "addressee_org", "sender_org", "signatory", "place"):
        if f.get(name):
            doc[name] = str(f[name])
    if f.get("date"):
        try:
            day = dt.datetime.strptime(f["date"], "%Y-%m-%d")
            doc["date"], doc["year"] = day, day.year
        except ValueError:
            pass
    # from: and to: find a person by any variant the archive knows of it
    senders = [v for v in (f.get("signatory"), f.get("sender_org")) if v] + _person_names(record, {"sender"})
    receivers = [v for v in (f.get("addressee"), f.get("addressee_org")) if v] + _person_names(record, {"addressee"})
    everyone = _person_names(record, {"sender", "addressee", "copied"})
    if everyone:
        doc["person"] = " ; ".join(everyone)
        doc["person_names"] = sorted({p["name"] for p in record.persons})
    if f.get("place"):
        doc["place_facet"] = f["place"]
    orgs = [v for v in (f.get("sender_org"), f.get("addressee_org")) if v]
    if senders:
        doc["from"], doc["from_facet"] = " ; ".join(senders), senders[0]
    if receivers:
        doc["to"], doc["to_facet"] = " ; ".join(receivers), receivers[0]
    if orgs:
        doc["org"] = " ; ".join(orgs)
    if f.get("sender_org"):
        doc["org_facet"] = f["sender_org"]
    return doc


def _person_names(record: LetterRecord, roles: set) -> list:
    """The names and variants of the letter's persons in these roles, each once."""
    names = [text for p in record.persons if p["role"] in roles for text in [p["name"], *p["variants"]]]
    return list(dict.fromkeys(names))
