"""Reading the header block: references, letterhead, the letter's date, addressee and subject.

Each reader is given the letter's text and the blocks it needs and returns its fields (Field
objects, the line each came from as evidence), or None when the letter does not give them.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Optional

from letterbook.ingest.dates import find_dates, is_place_and_figures
from letterbook.ingest.lexicon import active
from letterbook.ingest.parse.blocks import LetterText
from letterbook.ingest.parse.cues import cue_form, distance
from letterbook.ingest.parse.fields import clean_value, make_field
from letterbook.ingest.parse.lines import POSTCODE, block_break, closing_phrase, is_address_like, \
    is_heading_like, is_reference_line, is_salutation
from letterbook.ingest.repairs import repair_reference
from letterbook.model import Field, Line

# what may stand between a reference label and its value: "Ref. No.:", "Our ref -", "Ref #"
_LABEL_TAIL = re.compile(r"^\s*(?:\.|:|;|-|–|no\.?|#)?\s*(?:\.|:)?\s*", re.IGNORECASE)


# ------------------------------------------------------------------ references

def read_references(text: LetterText, header: list) -> dict:
    """ref and your_ref, from their labels. The first label of each kind decides: printed but
    empty, the field is absent."""
    scope = header + [ln for ln in text.live(0, 40) if ln not in header]
    decided = {}  # name -> Field, or None for a label printed without a value
    for ln in scope:
        form = cue_form(ln.text)
        if ln.conf is not None:  # "Referencé:": a speck over a letter
            form = "".join(unicodedata.normalize("NFKD", ch)[0] for ch in form)
        labels = [m for m in active().reference.finditer(form) if _label_ends(form, m)]
        for n, m in enumerate(labels):
            name = "your_ref" if m["your"] else "ref"
            if name in decided:
                continue
            end = labels[n + 1].start() if n + 1 < len(labels) else len(ln.text)
            raw = _LABEL_TAIL.sub("", ln.text[m.end():end], count=1)
            value = re.split(r"\s{3,}", raw.strip())[0].strip().rstrip(".,;").strip("|_~ ")
            if ln.conf is not None:
                value = repair_reference(value)
            if not value or not re.search(r"\d", value) and len(value) < 3 or len(value.split()) > 4:
                decided[name] = None
                continue
            decided[name] = make_field(name, value, 0.95 if ln in header else 0.7, ln)
    return {name: found for name, found in decided.items() if found is not None}


def _label_ends(form: str, m) -> bool:
    """A label is followed by a separator or a value, not more words of a sentence."""
    rest = form[m.end():]
    if not rest.strip():
        return True
    if re.match(r"\s*[:;.\-–#]", rest):  # "Ref; PZX-2022-5668": a point or colon read as ;
        return True
    # "Our ref ABC/123" with no colon: the value must look like a reference
    token = rest.split()[0] if rest.split() else ""
    return bool(re.search(r"\d", token)) and m.start() == 0


# ------------------------------------------------------------------ letterhead

def _body_height(text: LetterText) -> float:
    heights = sorted(ln.height for ln in text.lines if ln.height)
    return heights[len(heights) // 2] if heights else 0


def read_letterhead(text: LetterText, header: list, is_memo: bool) -> Optional[Field]:
    """sender_org: the organisation named at the top, before any address, date or reference."""
    lexicon = active()
    candidates = text.live(0, 3) if is_memo else header[:3]
    for ln in candidates:
        value = clean_value(ln.text)
        if lexicon.document_kind.match(value) or lexicon.memo_to.match(value) or lexicon.memo_from.match(value):
            continue
        body = _body_height(text)
        prominent = ln.bold or bool(ln.height and body and ln.height > body * 1.15)
        value = _without_place_and_date(value)
        strip = _letterhead_strip(value)
        if strip:  # "LORILLARD, INC. • ONE PARK AVENUE, NEW YORK, NY 10016 • (212) 545-3000"
            return make_field("sender_org", strip, 0.7, ln)
        if find_dates(value) or is_reference_line(value) or is_salutation(value) \
                or POSTCODE.search(value) or lexicon.contact.search(value) or re.match(r"\d+[a-z]?\b", value):
            return None
        if not is_heading_like(value):
            # big type at the top is a letterhead even when OCR garbled its first letter
            if not (prominent and len(value.split()) <= 10 and re.search(r"[A-Za-z]{3}", value)):
                return None
            value = value.rstrip(".")
        repeated = any(other.index in text.running and other.text.strip() == ln.text.strip() for other in text.lines)
        below = header[header.index(ln) + 1:][:3] if ln in header else []
        value = _stacked(value, below)
        return make_field("sender_org", value, 0.95 if repeated or prominent else 0.75, ln)
    return None


def _without_place_and_date(value: str) -> str:
    """A letterhead that shares its line with the place and date ("STAEHELIN & SIEGRIST
    Winterthur, 16.11.1957", "...Aktiengesellschaft   Basel, den 16. Februar 1926."): the name."""
    dates = find_dates(value)
    if not dates or value[dates[-1].end:].strip(" .") or dates[-1].start == 0:
        return value
    before = value[:dates[-1].start].rstrip()
    article = active().date_article
    before = re.sub(rf",?\s*{article}$", "", before, flags=re.IGNORECASE).rstrip(" ,")
    parts = re.split(r"\s{3,}", before)
    if len(parts) > 1:
        return "   ".join(parts[:-1]).strip()  # the place stood apart, past a wide gap
    name = re.sub(r"\s+(?:St\.\s+)?[A-ZÀ-Þ][\w'-]+$", "", before)  # the place: one word before the comma
    return name if name != before else value


# what sets a letterhead's name apart from its address on one printed line: a bullet, a plus,
# a bar, a copyright sign read for a bullet, or a wide gap
_STRIP_SEPARATOR = re.compile(r"\s+[•·+|©®*]\s+|\s{3,}")


def _letterhead_strip(value: str) -> Optional[str]:
    """The organisation at the head of a one-line letterhead that goes on with the address."""
    parts = _STRIP_SEPARATOR.split(value, maxsplit=1)
    if len(parts) < 2 or not (re.search(r"\d", parts[1]) or active().contact.search(parts[1])
                              or active().street.search(parts[1].split(",")[0].strip())):
        return None
    name = parts[0].strip(" ,")
    if 1 <= len(name.split()) <= 6 and active().org_words.search(name) and not re.search(r"\d", name):
        return name
    return None


def _stacked(value: str, below: list) -> str:
    """A letterhead set on a few short lines: a name broken at a hyphen or a linking word
    ("Helvetia Schiffahrts- / und Speditions-AG", "Compagnie Générale de / Navigation Rhénane"),
    or stacked words ("THE / AMERICAN / TOBACCO / COMPANY", "PHILIP MORRIS / MANAGEMENT CORP."),
    joined while the lines are short and hold no address."""
    lexicon = active()

    def complete(name: str) -> bool:  # it ends in a company's word: "... Co.", "... Speditions-AG"
        last = name.split()[-1] if name.split() else ""
        forms = list(lexicon.company_form.finditer(name))
        return bool(lexicon.org_words.search(last) or forms and not name[forms[-1].end():].strip(" .,"))

    joined = value
    for ln in below:
        more = clean_value(_without_place_and_date(ln.text.strip()))
        if ln.align == "right" and find_dates(more):
            continue  # the date set to the right, between the letterhead's lines
        if not more or len(more.split()) > 4 or re.search(r"\d", more) or is_address_like(more) \
                or lexicon.contact.search(more):
            break
        if joined.endswith("-") and not block_break(ln):  # a word broken at the line's end
            joined += more
            continue
        if (lexicon.run_on.search(joined) or more[:1].islower()) and not block_break(ln):
            joined += " " + more
            continue
        if complete(joined) or not more[:1].isupper():
            break
        both_capitals = more.isupper() and joined.isupper()
        if block_break(ln) and not both_capitals and len(joined.split()) > 1:
            break
        joined += " " + more
    if joined.endswith("-"):
        return value
    broken = joined != value and not value.endswith("-") and not lexicon.run_on.search(value) \
        and not joined[len(value):].lstrip()[:1].islower()
    return value if broken and not complete(joined) and not joined.isupper() else joined


# ------------------------------------------------------------------ the letter's date

def numeric_date_order(text: LetterText, closing: Optional[str], salutation: Optional[str]) -> str:
    """MDY for an American letter (its closing, a "Dear ...:" salutation, a state and ZIP), else DMY."""
    lexicon = active()
    closing, salutation = closing or "", salutation or ""
    if closing.lower().startswith(lexicon.month_first_closings):
        return "MDY"
    if salutation.rstrip().endswith(":") and salutation.lower().startswith(tuple(lexicon.greeting_words)):
        return "MDY"
    if re.search(r"\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b", "\n".join(ln.text for ln in text.lines[:30])):
        return "MDY"
    return "DMY"


def _place_date(line_text: str, found) -> bool:
    """The date follows a place: "Basel, den 16. Februar 1926"."""
    before = line_text[:found.start].strip()
    return bool(re.fullmatch(rf"[A-ZÀ-ÿ][\w\s.'-]{{1,30}},?\s*{active().date_article}?", before))


def read_letter_date(text: LetterText, scope: list, tail: list, order: str) -> list:
    """date and date_text: the best dated line of the scope (a labelled date, a line that is a
    date, a place and its date), or else a date line under the signature (tail)."""
    lexicon = active()
    best = None
    for ln in scope:
        if lexicon.cited_date.search(ln.text) or is_reference_line(ln.text):
            continue
        # "St. Gallen, 21.7.30": after a place, figures with a two-digit year are the letter's date
        dates = find_dates(ln.text, order) or (find_dates(ln.text, order, short_years=True)
                                               if is_place_and_figures(ln.text) else [])
        for found in dates:
            covered = (found.end - found.start) / max(len(ln.text.strip()), 1)
            score = 3 if lexicon.date_label.match(ln.text) else 2 if covered > 0.6 or _place_date(ln.text, found) else 1
            if best is None or score > best[0]:
                best = (score, found, ln)
    if best is None:  # some letters date themselves at the foot, by the signature
        for ln in tail:
            dates = find_dates(ln.text, order)
            if dates and (dates[0].end - dates[0].start) / max(len(ln.text), 1) > 0.5:
                best = (1, dates[0], ln)
                break
    if best is None:
        return []
    score, found, ln = best
    return [make_field("date", found.iso, 0.6 + 0.12 * score, ln),
            make_field("date_text", found.text, 0.6 + 0.12 * score, ln)]


# ------------------------------------------------------------------ subject

def read_subject(text: LetterText, header: list, salutation: Optional[Line], body_start: int) -> Optional[Field]:
    """A labelled subject ("Re: ..."), or the heading line straight after the salutation."""
    lexicon = active()
    if salutation:
        after = text.live(salutation.index + 1, salutation.index + 3)
        candidates = after + header[::-1][:6]
    else:
        candidates = text.live(0, body_start)
    for ln in candidates:
        m = lexicon.subject_label.match(ln.text.strip())
        if m:
            return make_field("subject", clean_value(m["v"]), 0.9, ln)
    if not salutation:
        return None
    after = text.live(salutation.index + 1, salutation.index + 3)
    if not after:
        return None
    first = after[0]
    value = clean_value(first.text)
    nxt = after[1] if len(after) > 1 else None
    words = len(value.split())
    if closing_phrase(value) or not value[:1].isalnum() or words > 16:
        return None
    short = first.box is not None and nxt is not None and nxt.box is not None \
        and (first.box[2] - first.box[0]) < 0.75 * (nxt.box[2] - nxt.box[0])
    # blur makes boxes taller and the space under a heading look smaller: some room and a
    # capital after it will do
    spaced = nxt is not None and nxt.box is not None and nxt.gap >= 0.3 and nxt.text[:1].isupper()
    # a line that ends in a small word ("...regarding allotment rents in") runs on, and one
    # that begins as a sentence does ("I refer to your recent enquiry...") is the body
    runs_on = lexicon.run_on.search(value) or lexicon.sentence_opener.match(value) or _opens_paragraph(first, nxt)
    looks_like_heading = first.bold or (not re.search(r"[.,;:!?]$", value) and words <= 14 and not runs_on
                                        and (nxt is None or block_break(nxt) or spaced
                                             or (short and nxt.text[:1].isupper())))
    if looks_like_heading and not value[:1].islower():
        return make_field("subject", _without_garbled_label(value), 0.8 if first.bold else 0.65, first)
    return None


def _opens_paragraph(line: Line, below: Optional[Line]) -> bool:
    """An indented line that runs to the right margin of the line under it: a paragraph's first
    line, not a heading (which stops short of the margin, or is centred)."""
    if line.box is None or below is None or below.box is None:
        return False
    em = line.height or 10
    return line.box[0] > below.box[0] + em and line.box[2] >= below.box[2] - 2 * em


def read_heading_above(text: LetterText, header: list, salutation: Optional[Line], used: set) -> Optional[Field]:
    """An unlabelled subject set on its own above the salutation (DIN 5008 and its forerunners:
    "Angebot Nr. 277"): the header's last line, with space above it and below, that no other
    field took and that is no date, reference, address or contact line."""
    lexicon = active()
    if salutation is None or not header or len(header) < 2 or not block_break(salutation):
        return None
    line = header[-1]
    value = clean_value(line.text)
    words = value.split()
    if line.index in used or not block_break(line) or not words or len(words) > 14 or line.index != salutation.index - 1:
        return None
    if not value[:1].isalnum() or value[:1].islower() or re.search(r"[,;:]$", value) \
            or words[0].lower().rstrip(".") in lexicon.honorifics:
        return None
    if find_dates(value) or is_place_and_figures(value) or is_reference_line(value) or is_address_like(value) \
            or POSTCODE.search(value) or lexicon.contact.search(value) or lexicon.document_kind.match(value) \
            or lexicon.date_label.match(value) or closing_phrase(value) or is_salutation(value) \
            or lexicon.attention.match(value):
        return None
    return make_field("subject", _without_garbled_label(value), 0.6, line)


def _without_garbled_label(value: str) -> str:
    """A subject without the label OCR misread ("B_tr. Tarife 1960", "Noyet : Magasinage", "Me: Costs"):
    a first word that ends like a label (':', '.') and is a letter or two from one."""
    words = value.split()
    if len(words) < 2:
        return value
    labelled = re.search(r"[:.;_]$", words[0]) or words[1] in (":", ";")
    core = re.sub(r"[\W_]", "", words[0]).lower()
    if not labelled or len(core) < 2:
        return value
    for label in active().words["subject_labels"]:
        if distance(core, label) <= (1 if len(label) <= 3 else 2) and core != value.lower():
            rest = value[len(words[0]):].lstrip(" :;")
            return rest or value
    return value
