"""From the text a researcher types to a Whoosh query: letterbook's short forms rewritten
(year:1926..1928, signed:yes, ref: values), syntax errors reported instead of silently
dropped, fuzzy words expanded with an edit distance that grows with the word, and the
"did you mean" suggestion for a query that finds nothing.
"""
from __future__ import annotations

import os
import re

from whoosh import qparser, query

from letterbook.index.cache import SizedCache

# the fields a word without a field name is looked for in, and how much each counts
DEFAULT_FIELDS = ["body", "subject", "ref", "addressee", "addressee_org", "sender_org", "signatory"]
BOOSTS = {"subject": 2.0, "ref": 3.0, "addressee": 1.5, "signatory": 1.5, "sender_org": 1.5}


class QueryError(Exception):
    """A query that cannot be parsed; the message points at the problem."""


# Whoosh's parser and tokenizers take time that grows faster than the length of a word (a
# word of 20,000 characters took 7.5 s, one of 100,000 over a minute). No letter has a word
# of more than a hundred characters, nor needs a query of more than a thousand.
MAX_QUERY_CHARS, MAX_WORD_CHARS = 1000, 100


def _check_size(text: str) -> None:
    longest = max(text.split(), key=len, default="")
    if len(longest) > MAX_WORD_CHARS:
        raise QueryError(f"the query has a word of {len(longest):,} characters ({longest[:20]}...); "
                         f"at most {MAX_WORD_CHARS} are allowed")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the query has {len(text):,} characters; at most {MAX_QUERY_CHARS:,} are allowed")


def parse(schema, text: str, fuzzy: bool = False):
    """The Whoosh query for text; QueryError if it cannot be read whole."""
    _check_size(text)
    if text.strip() == "*":  # every letter: Whoosh's own form would ask every field for every word
        return query.Every()
    parser = qparser.MultifieldParser(DEFAULT_FIELDS, schema, fieldboosts=BOOSTS,
                                      termclass=FuzzyTerm if fuzzy else query.Term)
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


_YEAR_RANGE = re.compile(r"\byear:(\d{1,4})\.\.(\d{1,4})\b")
_SIGNED = re.compile(r"\bsigned:(yes|no|true|false|y|n)\b", re.IGNORECASE)


def _rewrite(text: str) -> str:
    """Letterbook's short forms in Whoosh syntax: year:1926..1928, signed:yes."""
    text = _YEAR_RANGE.sub(lambda m: f"year:[{m[1]} TO {m[2]}]", text)
    text = _SIGNED.sub(lambda m: "signed:" + ("true" if m[1].lower() in ("yes", "true", "y") else "false"), text)
    # a reference's own punctuation must not read as syntax: quote ref values, except a
    # wildcard ending a plain one (ref:*, ref:KHT/2025*), which asks for letters with a reference
    text = re.sub(r"\b(ref|your_ref):(?![\"'(\[])(\S+)",
                  lambda m: m[0] if re.fullmatch(r"[\w/.\-]*\*", m[2]) else f'{m[1]}:"{m[2]}"', text)
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


# -- fuzzy words

class FuzzyTerm(query.FuzzyTerm):
    """Edit distance that grows with the word: exact to 3 letters, 1 to 6, then 2."""

    def __init__(self, fieldname, text, boost=1.0, maxdist=None, prefixlength=1, constantscore=True):
        if maxdist is None:
            maxdist = 0 if len(text) <= 3 else 1 if len(text) <= 6 else 2
        super().__init__(fieldname, text, boost, maxdist, prefixlength, constantscore)

    def _btexts(self, ixreader):
        # Each segment finds its near words with an automaton; a reader over several
        # segments would compare the query word with every word of the field instead
        # (seconds, not milliseconds, while an ingest has left more than one segment).
        return within(ixreader, self.fieldname, self.text, self.maxdist, self.prefixlength)


# The words of an index never change while its segments stay the same, so a long-running
# process keeps them by field and first letter (up to a million words). Whoosh's own
# expansion builds a Levenshtein automaton for every field and word in pure Python (3-10 ms
# each), and a search over several segments (an ingest leaves a few) would go through each
# segment's words in turn.
_VOCABULARY = SizedCache(1_000_000)

# Reading a segment's words from Whoosh's term table is a Python call a word: at 100,000
# letters the body's 26,000 words under "o" took 80-150 ms, which every `letterbook search
# --fuzzy` process paid again. The first process that reads them writes them beside the index,
# one file per segment, field and first letter, and the next ones read that file (a few ms).
# A segment's words never change (deletions leave its term table as it is); files of segments
# gone (merged, or the index rebuilt) are removed when the next file is written, and Whoosh
# removes them all when it makes a fresh index in the folder.
WORDS_FILE = "vocabulary-{segment}-{field}-{prefix}.words"


def _words(ixreader, fieldname: str, prefix: str) -> list:
    """The field's words that begin with prefix, over every segment, sorted."""
    # an index with no letters yet (every file of its first ingest failed) has a leaf with no segment
    leaves = [leaf for leaf, _ in ixreader.leaf_readers() if leaf.segment() is not None]
    if not leaves:
        return []
    segments = [leaf.segment().segment_id() for leaf in leaves]
    key = (tuple(segments), fieldname, prefix)
    words = _VOCABULARY.get(key)
    if words is None:
        to_text = ixreader.schema[fieldname].from_bytes
        if len(leaves) == 1:  # a segment's words come in order (UTF-8 keeps the letters' order)
            words = _segment_words(leaves[0], fieldname, prefix, segments, to_text)
        else:
            found = set()
            for leaf in leaves:
                found.update(_segment_words(leaf, fieldname, prefix, segments, to_text))
            words = sorted(found)
        _VOCABULARY.put(key, words, len(words) + 1)
    return words


def _segment_words(leaf, fieldname: str, prefix: str, segments: list, to_text) -> list:
    """One segment's words of the field under prefix, from its words file if written."""
    storage = leaf.storage() if hasattr(leaf, "storage") else None
    folder = getattr(storage, "folder", None)
    if folder is None or getattr(storage, "readonly", False):
        return [to_text(b) for b in leaf.expand_prefix(fieldname, prefix)]
    path = os.path.join(folder, WORDS_FILE.format(segment=leaf.segment().segment_id(), field=fieldname,
                                                  prefix=prefix.encode("utf-8").hex()))
    try:
        with open(path, "rb") as kept:
            data = kept.read()
        return data.decode("utf-8").split("\n") if data else []
    except (OSError, UnicodeDecodeError):
        pass
    words = [to_text(b) for b in leaf.expand_prefix(fieldname, prefix)]
    # only words as text, none with a line break (a reference may hold one), go in a file
    if all(isinstance(w, str) and "\n" not in w for w in words):
        _write_words(path, "\n".join(words).encode("utf-8"), folder, segments)
    return words


def _write_words(path: str, data: bytes, folder: str, segments: list) -> None:
    """Write a words file whole (another process reads it whole or not at all), and remove
    the words files of segments the index no longer has. A folder that cannot be written
    (a read-only archive) keeps nothing: the words are read from the index each time."""
    part = f"{path}.{os.getpid()}.part"
    try:
        with open(part, "wb") as out:
            out.write(data)
        os.replace(part, path)
        current = tuple(f"vocabulary-{segment}-" for segment in segments)
        for name in os.listdir(folder):
            if name.startswith("vocabulary-") and not name.startswith(current):
                os.remove(os.path.join(folder, name))
    except OSError:
        try:
            os.remove(part)
        except OSError:
            pass


def within(ixreader, fieldname, text, maxdist, prefix) -> list:
    """Words of the field within maxdist edits of text that share its first prefix letters,
    in their sorted order."""
    words = _words(ixreader, fieldname, text[:prefix])
    if not words:
        return []
    # rapidfuzz compares in C: a real archive's vocabulary (every name, place and OCR misreading)
    # holds 50,000-100,000 words under one first letter, and the edit distance in Python took
    # 30-250 ms a fuzzy query at 10,000 letters
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein
    found = process.extract(text, words, scorer=Levenshtein.distance, score_cutoff=maxdist, limit=None)
    return [words[i] for i in sorted(i for _, _, i in found)]


# -- did you mean

def suggest(searcher, text: str):
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
        near = within(reader, "body", stems[0], 2, 1)
        if not near:
            continue
        best = max(near, key=lambda w: (reader.doc_frequency("body", w), w))
        surface = _surface(searcher, analyzer, best)
        if surface:
            suggestion = re.sub(rf"(?<![:\w]){re.escape(word)}\b", surface, suggestion)
            changed = True
    return suggestion if changed else None


def _surface(searcher, analyzer, stem):
    """A word as one letter writes it whose stem is this one."""
    docs = searcher.search(query.Term("body", stem), limit=1)
    if not docs:
        return None
    for word in re.findall(r"[^\W\d_]+", docs[0].get("body") or ""):
        if [t.text for t in analyzer(word.lower())] == [stem]:
            return word.lower()
    return None
