"""Finding a letter's blocks: running lines, a memo's header, the salutation, the closing, the body.

The header is everything above the salutation (or, without one, above the first line of running
prose); the sign-off is what follows the closing. Each finder returns what it found, with the
line as evidence; the readers of fields (header.py, signoff.py) are given these blocks.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from letterbook.ingest.lexicon import active
from letterbook.ingest.parse.cues import distance, letters_only, matches_phrase
from letterbook.ingest.parse.fields import clean_value, make_field
from letterbook.ingest.parse.lines import TYPIST_INITIALS, block_break, closing_phrase, copies_label, \
    garbled_greeting, is_name_like, is_page_marker, is_salutation
from letterbook.ingest.repairs import tidy_ocr_line
from letterbook.model import Field, Line


@dataclass(frozen=True)
class LetterText:
    """The letter's lines that hold text, in reading order, and which of them run on every page."""
    lines: list                 # list[Line]; a line's index is its position here
    running: frozenset          # indexes of running headers, footers and page markers
    pages: dict                 # page number -> Page

    def live(self, start: int = 0, end: int = None) -> list:
        """The lines from start to end that are the letter's own, not running text."""
        return [ln for ln in self.lines[start:end] if ln.index not in self.running]

    @property
    def is_transcript(self) -> bool:
        return all(ln.box is None for ln in self.lines)


def letter_text(lines: list, pages: list) -> LetterText:
    """The lines with text, OCR specks at their ends gone. The lines themselves are the fields'
    evidence, so they are tidied and numbered in place."""
    for ln in lines:
        if ln.conf is not None:
            ln.text = tidy_ocr_line(ln.text)
    kept = [ln for ln in lines if ln.text.strip()]
    for i, ln in enumerate(kept):
        ln.index = i
    by_number = {p.number: p for p in pages}
    return LetterText(kept, find_running_lines(kept, by_number), by_number)


def find_running_lines(lines: list, pages: dict) -> frozenset:
    """Footers that repeat the letterhead, page markers and continuation headers."""
    if not lines:
        return frozenset()
    running = set()
    first = lines[0]
    head = re.sub(r"\W+", " ", first.text).strip()  # case kept: a title line may read the same
    for ln in lines[1:]:
        if head and len(head) > 3 and re.sub(r"\W+", " ", ln.text).strip() == head:
            running.add(ln.index)
        elif is_page_marker(ln.text) and (ln.page > 1 or ln.box is None or _near_edge(ln, pages)):
            running.add(ln.index)
    for page in sorted({ln.page for ln in lines})[1:]:
        on_page = [ln for ln in lines if ln.page == page][:5]
        markers = [ln for ln in on_page if ln.index in running and is_page_marker(ln.text)]
        if markers:  # a continuation header: everything above the page number is running text
            running.update(ln.index for ln in on_page if ln.index <= markers[0].index and len(ln.text.split()) <= 8)
    # a letterhead repeated in the middle of a transcript marks where page 1 ended; the first stays,
    # unless it is itself a page's stamp ("Case ... Document 191 Filed 05/25/21 Page 1 of 4")
    if len(first.text.split()) > 4 and is_page_marker(first.text):
        running.add(first.index)
    else:
        running.discard(first.index)
    for page in {ln.page for ln in lines}:  # a fax machine's line across the top or foot of a page
        on_page = [ln for ln in lines if ln.page == page]
        running.update(ln.index for ln in on_page[:2] + on_page[-2:] if is_transmission_line(ln.text))
    return frozenset(running)


_CLOCK = re.compile(r"(?<![\d.:])\d{1,2}[:.]\d{2}\s*(?:[AaPp]\.?[Mm]\.?)?(?![\d:])")
_FAX_PAGE = re.compile(r"(?<!\w)P(?:age|g)?\.?\s?[O0-9lI]{1,3}(?:\s?/\s?[O0-9lI]{1,3})?(?!\w)")
_PHONE = re.compile(r"\d[\d ]{6,}\d")


def is_transmission_line(text: str) -> bool:
    """The line a fax machine prints across a page: the sender's name and number, a date, the
    time and the page ("FROM: J ROBINSON FAX NO. 0117 213 7444 10/05/2019 7:51PM P.01"). It is
    no letterhead, date or address of the letter."""
    if len(text.split()) < 4 or not _CLOCK.search(text):
        return False
    clues = bool(_FAX_PAGE.search(text)) + bool(_PHONE.search(text)) + bool(re.search(r"\bfax\b", text, re.I)) \
        + bool(re.match(r"\W*from\b", text, re.I))
    return clues >= 2


def _near_edge(ln: Line, pages: dict) -> bool:
    page = pages.get(ln.page)
    if not page or not page.height or not ln.box:
        return False
    return ln.box[1] > page.height * 0.88 or ln.box[3] < page.height * 0.1


# ------------------------------------------------------------------ a memo's header

@dataclass
class MemoHeader:
    """To:/From: lines near the top: the memo's addressee and sender."""
    last: int                                   # index of its last labelled line
    fields: dict = field(default_factory=dict)  # addressee, signatory, signatories, signatory_title


def split_name_and_title(value: str) -> tuple:
    """ "Josh Evans, Managing Director" (OCR may read the comma as ; or :, or lose it)."""
    parts = re.split(r"\s*[,;:]\s*", value, maxsplit=1)
    if len(parts) == 2:
        return parts[0], parts[1]
    words = value.split()
    for n in range(2, len(words)):
        if active().job_words.match(words[n]):
            return " ".join(words[:n]), " ".join(words[n:])
    return value, ""


def read_memo_header(text: LetterText) -> Optional[MemoHeader]:
    lexicon = active()
    top = text.live(0, 14)
    to = next((ln for ln in top if lexicon.memo_to.match(ln.text)), None)
    sender = next((ln for ln in top if lexicon.memo_from.match(ln.text)), None)
    titled = any(lexicon.memo_title.match(ln.text) for ln in top)
    if not ((to and sender) or (titled and (to or sender))):
        return None
    to_value = lexicon.memo_to.match(to.text)["v"] if to else None
    if to is None and sender.index > 0:
        # "To:" garbled by OCR ("S10: Andrew Pool"): the labelled line just above From:
        above = re.match(r"^\W*\w{1,3}\s*[:;]\s*(?P<v>.+)$", text.lines[sender.index - 1].text)
        if above:
            to, to_value = text.lines[sender.index - 1], above["v"]
    found = []
    if to is not None:
        name, _ = split_name_and_title(to_value)
        found.append(make_field("addressee", clean_value(name), 0.9 if lexicon.memo_to.match(to.text) else 0.5, to))
    if sender is not None:
        name, title = split_name_and_title(lexicon.memo_from.match(sender.text)["v"])
        found += [make_field("signatory", clean_value(name), 0.9, sender),
                  make_field("signatories", [clean_value(name)], 0.9, sender),
                  make_field("signatory_title", clean_value(title), 0.8, sender)]
    last = max(ln.index for ln in (to, sender) if ln is not None)
    return MemoHeader(last, {f.name: f for f in found if f is not None})


# ------------------------------------------------------------------ salutation and body

def find_salutation(text: LetterText) -> Optional[Field]:
    """The salutation line, in the first part of the letter."""
    limit = max(30, int(len(text.lines) * 0.6))
    # a letterhead that lists a firm's partners or offices can push the salutation past the
    # first part: it then still stands above the closing, with prose between them
    closing = next((ln.index for ln in text.live(limit) if closing_phrase(ln.text)), None)
    if closing is not None and closing - limit < len(text.lines) // 2:
        limit = max(limit, closing - 2)
    for ln in text.live(0, limit):
        if is_salutation(ln.text):
            value = clean_value(ln.text)
            if ln.conf is not None:  # "Deat Ms Griffiths," is "Dear Ms Griffiths,"
                first = value.split()[0]
                greeting = garbled_greeting(first)
                if greeting and first.lower() != greeting:
                    value = (greeting.capitalize() if first[0].isupper() else greeting) + value[len(first):]
            return make_field("salutation", value, 0.95, ln)
    return None


def _reads_as_prose(text: str) -> bool:
    """Running prose has words in lower case (a third at least, even in German); a letterhead's
    address strip in capitals, however long, has next to none."""
    words = [w for w in text.split() if w[:1].isalpha()]
    return sum(w[0].islower() for w in words) * 3 >= len(words)


def find_body_start(text: LetterText, memo: Optional[MemoHeader]) -> int:
    """Without a salutation: the first line of running prose after the top block."""
    lexicon = active()
    start = memo.last + 1 if memo is not None else 0
    for ln in text.live(start):
        if lexicon.subject_label.match(ln.text) or copies_label(ln.text):
            continue
        if len(ln.text.split()) >= 9 and not lexicon.date_label.match(ln.text) and _reads_as_prose(ln.text):
            return ln.index
    return len(text.lines)


# ------------------------------------------------------------------ the closing

def find_closing(text: LetterText, salutation: Optional[Field], memo: Optional[MemoHeader]) -> Optional[Field]:
    """The last closing formula after the salutation, or one that ink garbled, known by its place."""
    start = salutation.line.index + 1 if salutation else (memo.last if memo is not None else 0)
    found = None
    for ln in text.live(start):
        if closing_phrase(ln.text):
            found = ln
    if found and len(found.text.split()) <= 6 and not _runs_on_from_prose(text, found) \
            and closing_phrase(found.text) not in active().closing_openers:
        value = clean_value(found.text)
        if found.conf is not None:  # OCR slips in the formula itself are put right
            value = canonical_closing(value)
        return make_field("closing", value, 0.95, found)
    return _closing_sentence(text, start) or _garbled_closing(text, start)


def _runs_on_from_prose(text: LetterText, line: Line) -> bool:
    """The line ends a sentence begun on the line above ("... l'expression de nos" / "salutations
    distinguées.")."""
    above = text.lines[line.index - 1] if line.index else None
    return above is not None and not block_break(line) and len(above.text.split()) >= 6 \
        and not above.text.rstrip().endswith((".", ":", "!", "?"))


def _paragraphs(lines: list) -> list:
    """Lines grouped as the page sets them: a gap (or a blank line) starts a paragraph."""
    groups = []
    for ln in lines:
        if not groups or block_break(ln):
            groups.append([])
        groups[-1].append(ln)
    return groups


def _closing_sentence(text: LetterText, start: int) -> Optional[Field]:
    """A closing written as the body's last sentence ("Veuillez agréer, Monsieur, l'expression de nos
    sentiments distingués.", "Genehmigen Sie ... unserer vorzüglichen Hochachtung."): the last
    paragraph of prose, begun by a closing's opening words or ended by a closing's last words."""
    lexicon = active()
    endings = set(lexicon.closing_endings)
    for paragraph in reversed(_paragraphs(text.live(max(start, int(len(text.lines) * 0.3))))):
        # the sentence ends where a line ends in a point (a role line may follow unspaced)
        ends = next((n for n, ln in enumerate(paragraph) if ln.text.rstrip().endswith(".")), len(paragraph) - 1)
        joined = " ".join(ln.text.strip() for ln in paragraph[:ends + 1])
        words = letters_only(joined).split()
        opened = matches_phrase(joined, lexicon.closing_openers, whole=False)
        # (a closing's opening words hold when OCR read its full stop as a comma)
        if len(words) < 5 or (joined.endswith((",", ":")) and not opened) or lexicon.signature_words.search(joined) \
                or re.match(r"[\[(]", joined) or copies_label(joined) or lexicon.enclosure_label.match(joined):
            continue  # the sign-off's names, roles, labels and notes below the closing
        if (opened or endings & set(words[-4:])) and len(words) <= 60:
            return make_field("closing", clean_value(joined), 0.8, paragraph[0])
        if joined.endswith(".") or len(words) >= 10:
            return None  # the last prose of the letter is no closing
        # else a firm or a name of the sign-off ("Pour la Société Alsacienne de Remorquage")
    return None


def canonical_closing(text: str) -> str:
    """"Vours sincerely", "Yours: sincerely" or "Sincerely, Neo" as the formula it is, keeping its comma."""
    phrase = closing_phrase(text)
    if not phrase or phrase in active().closing_openers:
        return text
    if " ".join(letters_only(text).split()) == phrase and re.fullmatch(r"[\w\s]+[,.:]?", text):
        return text
    return _as_written(phrase, text)


def _as_written(phrase: str, text: str) -> str:
    return phrase[0].upper() + phrase[1:] + ("," if re.search(r"[,;]", text) else "")


def nearest_closing(words: list) -> str:
    """The closing phrase that a garbled line's first words come closest to, if close enough."""
    lexicon = active()
    if 2 <= len(words) <= 3:
        for first, second in lexicon.closing_pairs:
            if words[-1] == second and words[0] != first:
                return f"{first} {second}"  # "ae sincerely": the first word garbled, the formula plain
    heads = {first for first, _ in lexicon.closing_pairs}
    best, best_share = "", 1.0
    for phrase in lexicon.closings:
        size = len(phrase.split())
        if size > len(words) or (size == 1 and len(words) > 1 and len(phrase) < 7):
            continue  # a distinctive single word ("sincerely") may lead a garbled line
        probe = " ".join(words[:size])
        share = distance(probe, phrase, len(phrase)) / len(phrase)
        # "yours" read right and its second word garbled still says "Yours sincerely" most nearly
        limit = 0.6 if size == 2 and words[0] == phrase.split()[0] and words[0] in heads else 0.3
        if share <= limit and share < best_share:
            best, best_share = phrase, share
    return best


def _garbled_closing(text: LetterText, start: int) -> Optional[Field]:
    """A closing that ink or noise garbled ("vor sincerely .", "Yours SEETEN,"), known by its place.

    It is short, in the last part of the letter, and followed by the signature space and a
    typed name. The value given is the closing it nearly spells, with a low confidence.
    """
    candidates = text.live(max(start, int(len(text.lines) * 0.4)))
    for n, ln in enumerate(candidates):
        words = letters_only(ln.text).split()
        if not 1 <= len(ln.text.split()) <= 5 or not words:
            continue
        after = candidates[n + 1:n + 4]
        # followed by the typed name, or (the name lost to the signature's ink) by the typist's initials
        if not any(is_name_like(a) and (a.gap >= 1.5 or a is not after[0]) for a in after) \
                and not (after and TYPIST_INITIALS.match(after[0].text.strip()) and after[0].gap >= 1.5):
            continue
        phrase = nearest_closing(words)
        if phrase:
            return make_field("closing", _as_written(phrase, ln.text), 0.5, ln)
    return None


@dataclass
class Blocks:
    """Where the letter's parts are."""
    memo: Optional[MemoHeader]
    salutation: Optional[Field]
    closing: Optional[Field]
    body_start: int             # index of the first line of running prose (len(lines) if none)
    header: list                # live lines above the salutation (or the body)

    @property
    def salutation_line(self) -> Optional[Line]:
        return self.salutation.line if self.salutation else None

    @property
    def closing_line(self) -> Optional[Line]:
        return self.closing.line if self.closing else None


def find_blocks(text: LetterText) -> Blocks:
    memo = read_memo_header(text)
    salutation = find_salutation(text)
    body_start = find_body_start(text, memo)
    closing = find_closing(text, salutation, memo)
    header_end = salutation.line.index if salutation else body_start
    return Blocks(memo, salutation, closing, body_start, text.live(0, header_end))
