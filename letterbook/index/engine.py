"""Whoosh (whoosh-reloaded 2.7.5) behind a small interface: add, delete, rebuild, search."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import collectors, index, qparser, query, sorting
from whoosh.analysis import (CharsetFilter, LowercaseFilter, RegexTokenizer, StemmingAnalyzer, StopFilter, Token,
                             Tokenizer)
from whoosh.fields import BOOLEAN, DATETIME, ID, NUMERIC, STORED, TEXT, Schema
from whoosh.support.charset import accent_map
from whoosh.support.levenshtein import levenshtein

from letterbook.index import postings
from letterbook.index.cache import SizedCache


# Every writer: wait up to two minutes for another process's writer to finish, and write
# each segment as separate files, not one compound file. Whoosh copies each part of a
# compound file it opens into memory (BytesIO over the mapped file), so one search process
# held the whole index: 1 GB and 0.5-0.8 s at 100,000 letters, against about 35 MB read
# from plain files on demand.
WRITER = {"timeout": 120, "compound": False}

SCHEMA_VERSION = 3  # bump when the schema or analysis changes: older indexes are rebuilt


class QueryError(Exception):
    """A query that cannot be parsed; the message points at the problem."""


class IndexError_(Exception):
    """The index cannot be opened or written."""


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


def _schema() -> Schema:
    body = StemmingAnalyzer() | CharsetFilter(accent_map)
    # stop words go from every default field, or "stop and search" would need "and" in a name
    names = RegexTokenizer() | LowercaseFilter() | StopFilter() | CharsetFilter(accent_map)
    ref = RefTokenizer() | StopFilter()
    return Schema(
        id=ID(stored=True, unique=True),
        # no spelling=True: in whoosh 2.7 it posts every distinct word of every letter a second
        # time (a separate unstemmed field), which doubled the cost of indexing and merging;
        # "did you mean" works from the stemmed words instead (see _suggest)
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
        signed=BOOLEAN(stored=True),
        format=ID(stored=True),
        source=TEXT(analyzer=names, stored=True),
        from_facet=ID(sortable=True), to_facet=ID(sortable=True), org_facet=ID(sortable=True),
        pages=STORED,  # page confidences, for warning about doubtful OCR
    )


def document(record) -> dict:
    """The index document for a catalog record (a LetterRecord)."""
    f = record.fields
    doc = {"id": record.id, "body": record.text, "format": record.format,
           "source": " ".join(s["name"] for s in record.sources),
           "signed": bool(f.get("has_signature")),
           "pages": [[p["number"], p["confidence"]] for p in record.pages]}
    for name in ("ref", "your_ref", "subject", "addressee", "addressee_org", "sender_org", "signatory"):
        if f.get(name):
            doc[name] = str(f[name])
    if f.get("date"):
        try:
            day = dt.datetime.strptime(f["date"], "%Y-%m-%d")
            doc["date"], doc["year"] = day, day.year
        except ValueError:
            pass
    senders = [v for v in (f.get("signatory"), f.get("sender_org")) if v]
    receivers = [v for v in (f.get("addressee"), f.get("addressee_org")) if v]
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


class _FuzzyTerm(query.FuzzyTerm):
    """Edit distance that grows with the word: exact to 3 letters, 1 to 6, then 2."""

    def __init__(self, fieldname, text, boost=1.0, maxdist=None, prefixlength=1, constantscore=True):
        if maxdist is None:
            maxdist = 0 if len(text) <= 3 else 1 if len(text) <= 6 else 2
        super().__init__(fieldname, text, boost, maxdist, prefixlength, constantscore)

    def _btexts(self, ixreader):
        # Each segment finds its near words with an automaton; a reader over several
        # segments would compare the query word with every word of the field instead
        # (seconds, not milliseconds, while an ingest has left more than one segment).
        return _within(ixreader, self.fieldname, self.text, self.maxdist, self.prefixlength)


# The words of an index never change while its segments stay the same, so a long-running
# process keeps them by field and first letter, with each word's length and letters for the
# cheap tests below (up to a million words). Whoosh's own expansion builds a Levenshtein
# automaton for every field and word in pure Python (3-10 ms each), and a search over several
# segments (an ingest leaves a few) would go through each segment's words in turn.
_VOCABULARY = SizedCache(1_000_000)


def _words(ixreader, fieldname: str, prefix: str) -> list:
    """[(word, length, letters)] of the field that begin with prefix, over every segment."""
    leaves = [leaf for leaf, _ in ixreader.leaf_readers()]
    key = (tuple(leaf.segment().segment_id() for leaf in leaves), fieldname, prefix)
    words = _VOCABULARY.get(key)
    if words is None:
        to_text = ixreader.schema[fieldname].from_bytes
        found = set()
        for leaf in leaves:
            found.update(leaf.expand_prefix(fieldname, prefix))
        words = [(w, len(w), frozenset(w)) for w in sorted(to_text(b) for b in found)]
        _VOCABULARY.put(key, words, len(words) + 1)
    return words


def _within(ixreader, fieldname, text, maxdist, prefix):
    """Words of the field within maxdist edits of text that share its first prefix letters."""
    found, letters, size = [], frozenset(text), len(text)
    for word, length, used in _words(ixreader, fieldname, text[:prefix]):
        # an edit changes the set of letters used by at most two: a cheap first test
        if abs(length - size) <= maxdist and len(letters ^ used) <= 2 * maxdist \
                and levenshtein(word, text, maxdist) <= maxdist:
            found.append(word)
    return found


@dataclass
class Hit:
    id: str
    score: float
    date: str
    sender: str
    addressee: str
    ref: str
    subject: str
    format: str
    snippet: str
    page: int
    page_confidence: float


@dataclass
class Results:
    total: int
    hits: list
    fuzzy: bool = False          # the query was retried fuzzily because it found nothing
    suggestion: str = None       # did you mean
    facets: dict = field(default_factory=dict)


DEFAULT_FIELDS = ["body", "subject", "ref", "addressee", "addressee_org", "sender_org", "signatory"]
BOOSTS = {"subject": 2.0, "ref": 3.0, "addressee": 1.5, "signatory": 1.5, "sender_org": 1.5}


def _mark(word: str, bold: bool) -> str:
    return f"\x1b[1m{word}\x1b[0m" if bold else f"[{word}]"


def matched_spans(text: str, terms: set, analyzer) -> list:
    """(start, end) of each word of text whose indexed form is one of terms.

    Only words that begin like a term are analysed (a stem rarely changes a word's first
    three letters), so a letter is read once with a regular expression, not token by token
    through the analyzer as Whoosh's highlighter does (about 3 ms a hit).
    """
    if not terms:
        return []
    heads = sorted({t[:3] for t in terms}, key=len, reverse=True)
    probe = re.compile(r"\b(?:" + "|".join(re.escape(h) for h in heads) + r")\w*", re.IGNORECASE)
    spans, known = [], {}
    for m in probe.finditer(text):
        word = m[0].lower()
        if word not in known:
            known[word] = any(t.text in terms for t in analyzer(word))
        if known[word]:
            spans.append((m.start(), m.end()))
    return spans


def snippet(text: str, spans: list, bold: bool, width: int = 220, fragments: int = 2) -> tuple:
    """The passages of text with the most distinct matched words, marked; and where the best starts."""
    if not spans:
        return "", None
    # score each window that starts at a match by the distinct words it holds
    windows = []
    for i, (start, _) in enumerate(spans):
        inside = [sp for sp in spans[i:] if sp[1] - start <= width - 60]
        distinct = len({text[a:b].lower() for a, b in inside})
        windows.append((distinct, len(inside), -start, inside))
    windows.sort(reverse=True)
    chosen = []
    for _, _, _, inside in windows:
        first, last = inside[0][0], inside[-1][1]
        if any(not (last + 30 < a or first > b + 30) for a, b, _ in chosen):
            continue
        chosen.append((first, last, inside))
        if len(chosen) == fragments:
            break
    best = chosen[0][0]  # the highest-scoring passage: its page is the hit's page
    chosen.sort()
    out = []
    for first, last, inside in chosen:
        room = max(0, width - (last - first)) // 2
        begin = max(0, first - room)
        end = min(len(text), last + room)
        if begin > 0:  # start and end on whole words
            begin = text.find(" ", begin, first) + 1 or begin
        if end < len(text):
            cut = text.rfind(" ", last, end)
            end = cut if cut > 0 else end
        piece, cursor = [], begin
        for a, b in inside:
            piece += [text[cursor:a], _mark(text[a:b], bold)]
            cursor = b
        piece.append(text[cursor:end])
        out.append(" ".join("".join(piece).split()))
    return " ... ".join(out), best


class LetterIndex:
    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self._ix = None
        self._searcher = None
        self._schema = None

    def searcher(self):
        """One searcher kept for the life of this object, refreshed when the index changes.

        Opening one reads the segment's term table (about 40 ms at 20,000 letters), so a
        process that searches many times should not pay it each time.
        """
        if self._searcher is None:
            self._searcher = self.open().searcher()
        elif not self._searcher.up_to_date():
            self._searcher = self._searcher.refresh()
        return self._searcher

    @property
    def schema(self):
        """The index's schema, read once (Whoosh's own property reads the table of contents
        from disk at every use: several times a search)."""
        if self._schema is None:
            self._schema = self.open().schema
        return self._schema

    def close(self):
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    # -- opening and state
    def exists(self) -> bool:
        return self.folder.exists() and index.exists_in(str(self.folder))

    def open(self):
        if self._ix is None:
            try:
                if not self.exists():
                    self.folder.mkdir(parents=True, exist_ok=True)
                    self._ix = index.create_in(str(self.folder), _schema())
                else:
                    self._ix = index.open_dir(str(self.folder))
            except Exception as err:
                raise IndexError_(f"the search index at {self.folder} cannot be opened ({err}); "
                                  "run 'letterbook reindex' to rebuild it")
        return self._ix

    def synced_seq(self) -> int:
        """The catalog change the index reflects; -1 if unknown or built by another schema."""
        try:
            state = json.loads((self.folder / "synced.json").read_text())
            return int(state["seq"]) if state.get("schema") == SCHEMA_VERSION else -1
        except (OSError, ValueError, KeyError, AttributeError):
            return -1

    def _mark_synced(self, seq: int):
        marker = self.folder / "synced.json"
        temp = marker.with_suffix(".tmp")
        temp.write_text(json.dumps({"seq": seq, "schema": SCHEMA_VERSION}))
        os.replace(temp, marker)

    # -- writing
    def update(self, records, removed_ids=(), seq: int = None, merge=True, procs: int = 1,
               count: int = None, new_ids=frozenset()):
        """Add or replace documents for these records, delete removed ones, then record seq.

        merge=False leaves the new segment as it is (see merge_smallest): a long ingest commits
        many batches, and merging at each would cost more the larger the index grows. procs > 1
        analyses the documents in that many processes, each writing its own segment
        (Whoosh's analysis is pure Python: one process indexes about 500 letters a second).
        Letters in new_ids are known not to be in the index yet: they are added without
        looking for an older document to replace.
        """
        ix = self.open()
        count = len(records) if count is None else count
        if procs > 1 and count >= 100 * procs:
            # multisegment: each process's segment is kept as it is, not merged here
            writer = ix.writer(procs=procs, multisegment=True, limitmb=64, batchsize=100, **WRITER)
        else:
            writer = ix.writer(limitmb=128, **WRITER)
        try:
            for letter_id in removed_ids:
                writer.delete_by_term("id", letter_id)
            for record in records:
                if record.id in new_ids:
                    writer.add_document(**document(record))
                else:
                    writer.update_document(**document(record))
            writer.commit(merge=merge)
        except BaseException:
            writer.cancel()
            raise
        if seq is not None:
            self._mark_synced(seq)

    def rebuild(self, records, seq: int, on_progress=None):
        """A fresh index from records, built aside and swapped in whole."""
        fresh = self.folder.with_name(self.folder.name + ".new")
        shutil.rmtree(fresh, ignore_errors=True)
        fresh.mkdir(parents=True)
        ix = index.create_in(str(fresh), _schema())
        # one writer: Whoosh's multi-process writer analyses faster but leaves segments whose
        # merge costs more than it saves (20,000 letters: 103 s against 91 s)
        writer = ix.writer(limitmb=256, **WRITER)
        count = 0
        try:
            for record in records:
                writer.add_document(**document(record))
                count += 1
                if on_progress:
                    on_progress(count)
            writer.commit(optimize=True)
        except BaseException:
            writer.cancel()
            shutil.rmtree(fresh, ignore_errors=True)
            raise
        (fresh / "synced.json").write_text(json.dumps({"seq": seq, "schema": SCHEMA_VERSION}))
        self.close()
        self._ix = self._schema = None
        old = self.folder.with_name(self.folder.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if self.folder.exists():
            os.replace(self.folder, old)
        os.replace(fresh, self.folder)
        shutil.rmtree(old, ignore_errors=True)
        return count

    def remove_leftovers(self) -> None:
        """Work folders a killed writer left in the index: Whoosh's posting pools, which it
        removes only when a writer ends (2.6 GB after an ingest killed while merging
        100,000 letters). Call only while holding the archive's write lock: no writer runs."""
        for path in self.folder.glob("*.tmp"):
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)

    def segment_count(self) -> int:
        with self.open().reader() as reader:
            return len(reader.leaf_readers())

    def merge_smallest(self, most: int) -> int:
        """With more than `most` segments, merge the smallest into one until half that many
        are left; returns how many were merged.

        Merging rewrites every posting in Python (about 4 ms a letter), so the big segments
        an ingest leaves stay as they are and only the small ones are folded together:
        searching costs a little more for each segment, and a few big ones are cheap.
        """
        from whoosh.reading import SegmentReader
        merged = []

        def smallest(writer, segments):
            if len(segments) <= most:
                return segments
            ordered = sorted(segments, key=lambda seg: seg.doc_count_all())
            count = len(segments) - most // 2 + 1
            for seg in ordered[:count]:
                reader = SegmentReader(writer.storage, writer.schema, seg)
                writer.add_reader(reader)
                reader.close()
                merged.append(seg)
            return ordered[count:]

        writer = self.open().writer(limitmb=128, **WRITER)
        try:
            writer.commit(mergetype=smallest)
        except BaseException:
            writer.cancel()
            raise
        return len(merged)

    def ids(self) -> set:
        ix = self.open()
        with ix.searcher() as searcher:
            return {fields["id"] for fields in searcher.all_stored_fields()}

    # -- searching
    def parse(self, text: str, fuzzy: bool = False):
        schema = self.schema
        parser = qparser.MultifieldParser(DEFAULT_FIELDS, schema, fieldboosts=BOOSTS,
                                          termclass=_FuzzyTerm if fuzzy else query.Term)
        parser.add_plugin(qparser.GtLtPlugin())
        text = _rewrite(text)
        _check_syntax(text)
        try:
            parsed = parser.parse(text)
        except Exception as err:
            raise QueryError(f"cannot read the query {text!r}: {err}")
        problem = _first_error(parsed)
        if problem:
            raise QueryError(problem)
        return parsed

    def search(self, text: str, *, limit=10, offset=0, sort=None, fuzzy=False, since=None, until=None,
               facets=(), bold=False, snippets=True, count_only=False, auto_fuzzy=True) -> Results:
        parsed = self.parse(text, fuzzy)
        date_filter = None
        if since or until:
            date_filter = query.DateRange("date", since, until)
        searcher = self.searcher()
        results = self._run(searcher, parsed, limit, offset, sort, date_filter, facets)
        retried = False
        if results.scored_length() == 0 and len(results) == 0 and not fuzzy and auto_fuzzy \
                and not text.strip() in ("*", ""):
            fuzzy_query = self.parse(text, True)
            results = self._run(searcher, fuzzy_query, limit, offset, sort, date_filter, facets)
            retried = bool(len(results))
            if retried:
                parsed = fuzzy_query
        total = len(results)
        out = Results(total=total, hits=[], fuzzy=retried)
        if total == 0:
            out.suggestion = self._suggest(searcher, parsed, text)
        if count_only:
            return out
        for name in facets:
            groups = results.groups(name)
            out.facets[name] = sorted(((k, len(v)) for k, v in groups.items() if k not in (None, "")),
                                      key=lambda kv: (-kv[1], str(kv[0])))
        for hit in list(results)[offset:offset + limit]:
            out.hits.append(self._hit(hit, bold, snippets))
            if sort:  # Whoosh puts the sort key where the score goes: there is no relevance
                out.hits[-1].score = None
        return out

    def _run(self, searcher, parsed, limit, offset, sort, date_filter, facets):
        groupedby = {}
        for name in facets:
            groupedby[name] = sorting.FieldFacet({"year": "year", "from": "from_facet", "to": "to_facet",
                                                  "org": "org_facet"}[name], allow_overlap=False)
        sortedby, reverse = None, False
        if sort in ("date", "-date"):
            sortedby, reverse = "date", sort.startswith("-")
        wanted = offset + limit if limit is not None else None
        if not (sortedby or groupedby or wanted is None):
            try:
                ranker = postings.Ranker(searcher)
                only = ranker.docs(date_filter) if date_filter is not None else None
                return ranker.rank(parsed, wanted, only)
            except postings.Unsupported:
                pass  # a kind of query only Whoosh's matchers run
        if sortedby or groupedby or wanted is None or not (date_filter is not None or _narrowing(parsed)):
            return searcher.search(parsed, limit=wanted, filter=date_filter, sortedby=sortedby, reverse=reverse,
                                   groupedby=groupedby or None, terms=True)
        # Whoosh's default top-N collector skips blocks that cannot reach the top N, so it
        # cannot say how many letters matched, and len(results) runs the query again. For
        # words alone that second, unscored pass is cheap; for phrases, AND and date ranges
        # it is not (positions, intersections), so those score every match and count as
        # they go (at 100,000 letters p95 110 ms against 200 ms for phrases).
        collector = collectors.TermsCollector(collectors.TopCollector(wanted, usequality=False, replace=0))
        if date_filter is not None:
            collector = collectors.FilterCollector(collector, date_filter)
        searcher.search_with_collector(parsed, collector)
        return collector.results()

    def _hit(self, hit, bold, snippets) -> Hit:
        stored = hit.fields()
        snippet_text, page, conf = "", 1, None
        body = stored.get("body") or ""
        if snippets and body:
            terms = {t.decode("utf-8") if isinstance(t, bytes) else t
                     for field_name, t in (hit.matched_terms() or ()) if field_name == "body"}
            spans = matched_spans(body, terms, self.schema["body"].analyzer)
            snippet_text, first = snippet(body, spans, bold)
            if first is not None:
                page = body.count("\f", 0, first) + 1
            else:  # the match was in a field, not the text: the letter's opening lines
                snippet_text = " ".join(body[:200].split())
        for number, confidence in stored.get("pages") or []:
            if number == page:
                conf = confidence
        date = stored.get("date")
        return Hit(id=stored["id"], score=round(hit.score or 0.0, 3), date=date.date().isoformat() if date else None,
                   sender=stored.get("signatory") or stored.get("sender_org"), addressee=stored.get("addressee"),
                   ref=stored.get("ref"), subject=stored.get("subject"), format=stored.get("format"),
                   snippet=snippet_text, page=page, page_confidence=conf)

    def _suggest(self, searcher, parsed, text):
        """A query that would find something: each unknown word replaced by the commonest near word.

        The index holds stems ("recognit"), so a suggested stem is shown as a word that
        a letter actually uses ("recognition").
        """
        reader = searcher.reader()
        analyzer = searcher.schema["body"].analyzer
        suggestion, changed = text, False
        for word in dict.fromkeys(re.findall(r"(?<![:\w])[^\W\d_]{3,}\b", text)):
            stems = [t.text for t in analyzer(word.lower())]
            if not stems or reader.doc_frequency("body", stems[0]):
                continue
            near = _within(reader, "body", stems[0], 2, 1)
            if not near:
                continue
            best = max(near, key=lambda w: (reader.doc_frequency("body", w), w))
            surface = self._surface(searcher, analyzer, best)
            if surface:
                suggestion = re.sub(rf"(?<![:\w]){re.escape(word)}\b", surface, suggestion)
                changed = True
        return suggestion if changed else None

    @staticmethod
    def _surface(searcher, analyzer, stem):
        """A word as one letter writes it whose stem is this one."""
        docs = searcher.search(query.Term("body", stem), limit=1)
        if not docs:
            return None
        for word in re.findall(r"[^\W\d_]+", docs[0].get("body") or ""):
            if [t.text for t in analyzer(word.lower())] == [stem]:
                return word.lower()
        return None

    def mark(self, text: str, query_text: str, bold: bool) -> str:
        """The text with every word the query matches in it marked, as search finds them."""
        parsed = self.parse(query_text)
        terms = {t.decode("utf-8") if isinstance(t, bytes) else t
                 for field_name, t in parsed.iter_all_terms() if field_name == "body"}
        out, cursor = [], 0
        for start, end in matched_spans(text, terms, self.schema["body"].analyzer):
            out += [text[cursor:start], _mark(text[start:end], bold)]
            cursor = end
        return "".join(out) + text[cursor:]

    def similar(self, letter_id: str, limit=10) -> list:
        ix = self.open()
        with ix.searcher() as searcher:
            docnum = searcher.document_number(id=letter_id)
            if docnum is None:
                return []
            results = searcher.more_like(docnum, "body", top=limit, numterms=25)
            return [Hit(id=h["id"], score=round(h.score, 3),
                        date=h["date"].date().isoformat() if h.get("date") else None,
                        sender=h.get("signatory") or h.get("sender_org"), addressee=h.get("addressee"),
                        ref=h.get("ref"), subject=h.get("subject"), format=h.get("format"), snippet="",
                        page=1, page_confidence=None) for h in results]


_YEAR_RANGE = re.compile(r"\byear:(\d{1,4})\.\.(\d{1,4})\b")
_SIGNED = re.compile(r"\bsigned:(yes|no|true|false|y|n)\b", re.IGNORECASE)


def _rewrite(text: str) -> str:
    """Letterbook's short forms in Whoosh syntax: year:1926..1928, signed:yes."""
    text = _YEAR_RANGE.sub(lambda m: f"year:[{m[1]} TO {m[2]}]", text)
    text = _SIGNED.sub(lambda m: "signed:" + ("true" if m[1].lower() in ("yes", "true", "y") else "false"), text)
    # a reference's own punctuation must not read as syntax: quote ref values
    text = re.sub(r"\b(ref|your_ref):(?![\"'(\[])(\S+)", lambda m: f'{m[1]}:"{m[2]}"', text)
    return text


_DATE_VALUE = re.compile(r"\bdate:(?!\[)(\S+)")


def _check_syntax(text: str) -> None:
    """Problems Whoosh would silently turn into an empty query, reported instead."""
    if text.count('"') % 2:
        raise QueryError(f"unclosed quote in {text!r}")
    for opening, closing in ("()", "[]", "{}"):
        if text.count(opening) != text.count(closing):
            raise QueryError(f"unbalanced {opening}{closing} in {text!r}")
    for m in _DATE_VALUE.finditer(text):
        value = m[1].strip("()")
        if not re.fullmatch(r"\d{4}(-\d{1,2}(-\d{1,2})?)?", value):
            raise QueryError(f"date:{value} is not a date: use date:YYYY, date:YYYY-MM, date:YYYY-MM-DD "
                             "or date:[YYYY-MM-DD TO YYYY-MM-DD]")
    for m in re.finditer(r"\byear:(?!\[)(\S+)", text):
        if not re.fullmatch(r"\d{1,4}", m[1].strip("()")):
            raise QueryError(f"year:{m[1]} is not a year: use year:1926 or year:1926..1928")


def _narrowing(parsed) -> bool:
    """Does the query hold a phrase, an AND or a range (the kinds a second count pass makes slow)?"""
    stack = [parsed]
    while stack:
        q = stack.pop()
        if isinstance(q, (query.Phrase, query.Sequence, query.And, query.Require, query.RangeMixin)):
            return True
        stack.extend(q.children())
    return False


def _first_error(parsed):
    """Whoosh turns what it cannot read into error queries; report the first one."""
    stack = [parsed]
    while stack:
        q = stack.pop()
        if isinstance(q, query.qcore._NullQuery):
            continue
        if type(q).__name__ == "ErrorQuery":
            return f"cannot read part of the query: {getattr(q, 'message', q)}"
        stack.extend(q.children())
    return None
