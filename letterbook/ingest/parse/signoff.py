"""Reading the sign-off: the typed name under the closing (signatory, signatories), its title,
and the cc and enclosure lines.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from letterbook.ingest.lexicon import active
from letterbook.ingest.parse.blocks import LetterText
from letterbook.ingest.parse.cues import distance, plain_letters
from letterbook.ingest.parse.fields import clean_value, make_field
from letterbook.ingest.parse.lines import TYPIST_INITIALS, block_break, closing_phrase, copies_label, \
    is_name_like, looks_like_job_title
from letterbook.model import Field, Line


@dataclass
class SignOff:
    fields: list = field(default_factory=list)  # signatory, signatories, signatory_title (None when absent)
    name_line: Optional[Line] = None              # the typed name: where a hand signature ends
    firm: Optional[Field] = None                  # a sender_org Field: the company typed in the sign-off


def is_firm_line(line_text: str) -> bool:
    """A company typed in the sign-off ("PHILIP MORRIS MANAGEMENT CORP.", "ACME GmbH"): a few
    words naming an organisation, set in capitals or ending in a company's suffix. Not a name."""
    words = line_text.split()
    lexicon = active()
    if 2 <= len(words) <= 6 and " & " in line_text and line_text.upper() == line_text:
        return True  # "HESS & FERRARI": partners' names in capitals are a firm's
    # German joins a firm's kind to its name: "Rheinhafen-Betriebsgesellschaft", "Hüttenwerke"
    compound = any(w.lower().rstrip(".,").endswith(tuple(lexicon.compound_org_words)) for w in words)
    compound = compound or _misread_org_word(words)
    if not 1 <= len(words) <= 8 or not (lexicon.org_words.search(line_text) or lexicon.company_form.search(line_text)
                                        or compound):
        return False
    letters = [ch for ch in line_text if ch.isalpha()]
    capitals = sum(ch.isupper() for ch in letters) >= len(letters) * 0.8
    return capitals or compound or bool(lexicon.org_words.search(words[-1]) or lexicon.org_words.match(line_text)
                            or lexicon.company_form.search(line_text) or lexicon.org_prefix.match(line_text)
                            or words[0][:1].islower())


# an organisation's word this long is known with a letter misread ("Etoblissements")
LONG_ORG_WORD = 8


def _misread_org_word(words: list) -> bool:
    """Does the line hold a long word of an organisation's name that OCR misread by a letter?"""
    long_words = [w for w in active().compound_org_words if len(w) >= LONG_ORG_WORD]
    for word in words:
        plain = plain_letters(word)
        if len(plain) >= LONG_ORG_WORD and any(distance(plain, plain_letters(known), 1) <= 1 for known in long_words):
            return True
    return False


def role_line(line_text: str) -> bool:
    """A role set above the signature ("Der Prokurist:", "Le Chef du Service du Fret,", "Pour le
    Directeur,", "Für die Direktion"): the signer's title, written before the name."""
    lexicon = active()
    value = line_text.strip()
    words = value.split()
    if not 1 <= len(words) <= 7 or lexicon.signature_words.search(value):
        return False
    opened = bool(lexicon.role_opener.match(value))
    return opened and bool(lexicon.job_words.search(value) or lexicon.org_words.search(value)) \
        or value.endswith((":", ",")) and bool(lexicon.job_words.search(value)) and not is_firm_line(value)


def _columns(line_text: str) -> list:
    """Two signatories side by side are set apart by a wide gap."""
    return [p.strip() for p in re.split(r"\s{3,}", line_text) if p.strip()]


def _roles(line_text: str) -> list:
    """The roles of signers side by side: set apart by a wide gap, or (the gap lost in OCR) by a
    comma before the next role's opening word ("Le Secrétaire général, Le Directeur général,")."""
    lexicon = active()
    parts = []
    for column in _columns(line_text):
        pieces = re.split(r",\s+", column)
        start = 0
        for n in range(1, len(pieces)):
            if lexicon.role_opener.match(pieces[n] + " ") and role_line(", ".join(pieces[n:])):
                parts.append(", ".join(pieces[start:n]))
                start = n
        parts.append(", ".join(pieces[start:]))
    return [clean_value(p).rstrip(",:") for p in parts if p.strip(" ,:")]


def _signed_names(line_text: str) -> list:
    """The names of a file copy's signers, typed after the word for a signature ("gez. Dr. E.
    Weitnauer   gez. C. Wehrli", "(signé) C. Hubert"); [] when the line describes a signature
    without naming anyone ("[Unterschrift]", "Signed electronically")."""
    lexicon = active()
    if line_text.lstrip().startswith("["):
        return []
    parts = [p.strip(" ()[]:;,") for p in lexicon.signature_words.split(line_text)]
    names = [p for p in parts if p]
    if not names or not all(is_name_like(Line(name, 0)) for name in names):
        return []
    return names


def read_sign_off(text: LetterText, closing: Line) -> SignOff:
    """The first name-like line in the few lines after the closing, and the title under it."""
    lexicon = active()
    after = text.live(closing.index + 1, closing.index + 9)
    firm = role = signed = None
    roles = []
    for n, ln in enumerate(after):
        line_text = ln.text.strip()
        if _end_matter(line_text):
            break  # no name comes after it
        if lexicon.signature_words.search(line_text) or re.match(r"\[", line_text):
            # "[Unterschrift]": the signature described; "gez. Dr. E. Weitnauer": a file copy's
            # typed name, the signer's unless a typed name follows under the signature
            signed = signed or (_signed_names(line_text), ln)
            continue
        if is_firm_line(lexicon.on_behalf.sub("", line_text)):  # the company above the signatures
            firm = firm or make_field("sender_org", clean_value(lexicon.on_behalf.sub("", line_text)), 0.6, ln)
            continue
        if role_line(line_text) or len(_columns(line_text)) > 1 and role_line(_columns(line_text)[0]):
            # over signers side by side, the first (leftmost) signer's role
            if role is None:
                roles = _roles(line_text)
                role = make_field("signatory_title", roles[0], 0.7, ln)
            continue
        if lexicon.on_behalf.match(line_text) \
                and not is_name_like(Line(lexicon.on_behalf.sub("", _columns(line_text)[0]), ln.page)):
            continue
        previous = after[n - 1] if n else None
        first_column = Line(_columns(line_text)[0], ln.page, conf=ln.conf) if line_text else ln
        if not (is_name_like(ln) or is_name_like(first_column)) \
                and not (previous is not None and looks_like_job_title(ln)):
            continue
        if previous is not None and looks_like_job_title(ln) and not block_break(ln) \
                and not lexicon.signature_words.search(previous.text) and not closing_phrase(previous.text) \
                and not is_firm_line(previous.text):
            # the typed name above this title was garbled by the signature: keep what was read
            names = [clean_value(lexicon.on_behalf.sub("", p)).rstrip(",.:;'") for p in _columns(previous.text)]
            name = names[0]
            if re.search(r"[A-Za-z]{2}", name) and len(name.split()) <= 6:
                return SignOff([make_field("signatory", name, 0.4, previous),
                                make_field("signatories", names, 0.4, previous),
                                make_field("signatory_title", clean_value(line_text).rstrip(","), 0.6, ln)],
                               previous, firm or _firm_below(after[n + 1:n + 3]))
        # "ppa. (Dr. iur. Hugo Frey)": a typed name in brackets under the signature
        names = [lexicon.on_behalf.sub("", p).strip().strip("()").strip().rstrip(",.:;'") for p in _columns(line_text)]
        found = [make_field("signatory", names[0], 0.9, ln), make_field("signatories", names, 0.9, ln)]
        if role is not None:  # the title stood above the signature (over one signer, or one role each)
            # one role over two names: whose? One each: the first is the first signer's
            known = len(names) == 1 or len(roles) == len(names)
            return SignOff(found + ([role] if known else []), ln, firm or _firm_below(after[n + 1:n + 3]))
        title = after[n + 1] if n + 1 < len(after) else None
        if title is not None and not block_break(title) and not _end_matter(title.text.strip()) \
                and not lexicon.contact.search(title.text) \
                and len(title.text.split()) <= 12:
            value = clean_value(_columns(title.text)[0]).rstrip(",")
            more = after[n + 2] if n + 2 < len(after) else None
            if more is not None and not block_break(more) and looks_like_job_title(more) \
                    and len(_columns(title.text)) == 1:  # a title set on two lines
                value += ", " + clean_value(more.text).rstrip(",")
            found.append(make_field("signatory_title", value, 0.8, title))
        return SignOff(found, ln, firm or _firm_below(after[n + 1:n + 3]))
    if signed and signed[0]:  # a file copy: the names after "gez." are the signers'
        names, ln = signed
        return SignOff([make_field("signatory", names[0], 0.7, ln), make_field("signatories", names, 0.7, ln), role],
                       ln, firm)
    return SignOff([role] if role else [], firm=firm)  # a role signed for, and no typed name


def _firm_below(lines: list):
    """The company typed under the name and title (a US letter's sign-off)."""
    for ln in lines:
        if is_firm_line(ln.text.strip()):
            return make_field("sender_org", clean_value(ln.text.strip()), 0.55, ln)
    return None


def sign_off_anchor(text: LetterText, body_start: int) -> Optional[Line]:
    """Where the sign-off of a letter without a closing (or whose closing OCR lost) begins: above
    the end matter (typist's initials, cc, enclosures), the block of a few short lines that a gap
    sets off from the prose. The line returned is the last one before that block."""
    lines = text.live(body_start)
    end = next((i for i, ln in enumerate(lines) if i > 0 and _end_matter(ln.text.strip())), None)
    if end is None:
        return None
    top = end
    while top > 0 and end - top < 4 and len(lines[top - 1].text.split()) <= 8:
        top -= 1
        if block_break(lines[top]):
            break
    if top == end or top == 0 or not block_break(lines[top]):
        return None
    return lines[top - 1]


def _end_matter(line_text: str) -> bool:
    """The lines under a sign-off: the typist's initials, copies, enclosures."""
    lexicon = active()
    return bool(TYPIST_INITIALS.match(line_text) or copies_label(line_text)
                or lexicon.enclosure_label.match(line_text) or _bare_enclosure(line_text))


def _cc_names(value: str) -> list:
    """The names of a copies line: split at commas, semicolons, 'and' and the space between
    columns. A part that ends in an initial runs on into the next ("J, Spector", "Mr. N. G,
    Brookes": OCR read the initial's full stop as a comma)."""
    parts = [n.strip(" .") for n in re.split(r",|;|\band\b|&|\s{3,}", value) if n.strip(" .")]
    names = []
    for part in parts:
        if names and re.search(r"(?:^|\s)[A-Z]$", names[-1]):
            names[-1] = f"{names[-1]}. {part}"
        else:
            names.append(part)
    return names


def _more_copies(text: LetterText, cc_line: Line) -> list:
    """The names listed under a copies line, set in from its label ("cc: J. Spector" / "A. Udow"):
    short lines whose left edge stands right of the label's, each a name."""
    names = []
    if cc_line.box is None:
        return names
    em = cc_line.height or 20
    for ln in text.live(cc_line.index + 1, cc_line.index + 20):
        value = ln.text.strip()
        if ln.box is None or ln.box[0] < cc_line.box[0] + em or ln.box[0] > cc_line.box[0] + 12 * em \
                or block_break(ln) or _end_matter(value) or len(value.split()) > 4 \
                or not re.search(r"[A-Z][a-z]{2}|[A-Z]{3}", value):
            break
        names.extend(_cc_names(value))
    return names


def _bare_enclosure(line_text: str) -> bool:
    """A line that is an enclosure label alone, without its colon ("Enclosure", "Encls.")."""
    word = line_text.strip().rstrip(".")
    return bool(word) and " " not in word and bool(active().enclosure_label.match(word + ":"))


def read_cc_and_enclosures(text: LetterText, start: int, memo_header: list) -> list:
    """cc (a list of names) and enclosures, from their labels after start (and in a memo's header)."""
    lexicon = active()
    cc = enclosures = None
    for ln in text.live(start) + memo_header:
        m = copies_label(ln.text.strip())
        if m and cc is None:
            cc = make_field("cc", _cc_names(m["v"]) + _more_copies(text, ln), 0.85, ln)
        m = lexicon.enclosure_label.match(ln.text.strip())
        if m and enclosures is None:
            enclosures = make_field("enclosures", clean_value(m["v"]) or None, 0.8, ln)
        elif enclosures is None and _bare_enclosure(ln.text):  # the word alone is the value
            enclosures = make_field("enclosures", ln.text.strip(), 0.7, ln)
    return [cc, enclosures]
