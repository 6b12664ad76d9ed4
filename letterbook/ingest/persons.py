"""A person's or organisation's name as a letter prints it, taken apart: forms of address and
titles before it ("Herrn Dr."), letters after it ("PhD", "jun."), given names and surname.

    "Herrn Dr. Max Vischer"      -> name "Max Vischer", before ["Herrn", "Dr."]
    "Dr. M. Vischer-von Planta"  -> given ["M."], surname "Vischer-von Planta", key "vischer"
    "Alex Wilson AM"             -> name "Alex Wilson", after ["AM"]

The words come from the lexicon (honorifics, post_nominals, name_particles, org_words,
company_forms); nothing here names a language. `names_in_fields` gives the names a letter's
fields hold, each with its role: sender, addressee, copied.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from letterbook.ingest.lexicon import active

# the fields that name people, and the part each plays in the letter
ROLE_OF_FIELD = {"signatory": "sender", "signatories": "sender", "addressee": "addressee", "cc": "copied"}

# a value longer than this is a sentence that slipped into a field, not a name
MAX_NAME_WORDS = 8


@dataclass
class PersonName:
    printed: str                                # as the letter has it
    name: str                                   # without forms of address, titles, post-nominals
    before: list = field(default_factory=list)  # "Herrn", "Dr." as printed
    after: list = field(default_factory=list)   # "PhD", "MBE" as printed
    given: list = field(default_factory=list)   # given names and initials, as printed
    surname: str = ""
    key: str = ""        # what two variants of one person share: the surname's first part, folded
    is_org: bool = False
    sex: str = ""        # "f" or "m" when a form of address says so ("Frau", "Mr"), else ""


def fold(text: str) -> str:
    """Lower case without accents or punctuation: how names are compared."""
    plain = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in plain if ch.isalnum() or ch == " ").lower().strip()


def _word(token: str) -> str:
    return token.strip(".,;:()").lower()


def _is_title(token: str, lexicon) -> bool:
    word = token.strip(",;:").lower()
    return word in lexicon.honorifics or word.rstrip(".") in lexicon.honorifics


def _is_post_nominal(token: str, lexicon) -> bool:
    word = token.strip(",;:()").lower()
    return word.replace(".", "") in lexicon.post_nominals or word.rstrip(".") in lexicon.post_nominals


def _units(tokens: list, particles: set) -> list:
    """The name's words, with a surname's particles joined to what follows them: 'van Dyck',
    'Vischer-von Planta' (a hyphen that ends in a particle goes on to the next word)."""
    units = []
    for token in tokens:
        last = units[-1].split()[-1].lower() if units else ""
        if units and (last in particles or last.endswith("-") or "-" in last and last.rsplit("-", 1)[-1] in particles):
            units[-1] = f"{units[-1]} {token}"
        else:
            units.append(token)
    return units


def split_name(printed: str) -> PersonName:
    """The parts of one printed name (see the module's docstring)."""
    lexicon = active()
    text = " ".join(printed.split())
    text = lexicon.on_behalf.sub("", text).strip() or text
    if lexicon.org_words.search(text) or lexicon.company_form.search(text):
        return PersonName(printed, text, surname=text, key=fold(text), is_org=True)
    head, _, tail = text.partition(",")
    after = []
    if tail.strip():
        tail_words = tail.split()
        if all(_is_post_nominal(t, lexicon) for t in tail_words):
            after = tail_words
        text = head.strip()  # "J. Smith, Finance": the name is what comes before the comma
    tokens = re.sub(r"\s*\([^)]*\)", "", text).split()
    while tokens and _is_post_nominal(tokens[-1], lexicon) and len(tokens) > 2:
        after.insert(0, tokens.pop())
    particles = lexicon.name_particles
    units = _units(tokens, particles)
    before = []
    while len(units) > 1 and _is_title(units[0], lexicon):
        # a single letter that is also a title ("M." for Monsieur) is an initial when only a
        # surname follows: "M. Vischer-von Planta"
        if len(units[0].rstrip(".")) == 1 and len(units) == 2:
            break
        before.append(units.pop(0))
        # the faculty of a doctorate: "Dr. iur.", "Dr. rer. pol."
        while len(units) > 1 and units[0].endswith(".") and _word(units[0]) in particles:
            before.append(units.pop(0))
    name = " ".join(units)
    if not units:
        return PersonName(printed, text, before=before, after=after)
    surname, given = units[-1], units[:-1]
    core = [part for part in re.split(r"[\s-]+", surname) if part.lower() not in particles] or [surname]
    return PersonName(printed, name, before, after, given, surname, fold(core[0]), sex=_sex(before, lexicon))


def _sex(before: list, lexicon) -> str:
    forms = {token.strip(",;:").lower().rstrip(".") for token in before} | \
            {token.strip(",;:").lower() for token in before}
    female, male = bool(forms & lexicon.female_forms), bool(forms & lexicon.male_forms)
    return "f" if female and not male else "m" if male and not female else ""


def natural_order(name: str) -> str:
    """'Vischer, Max' (an index's or an authority file's order) as a letter prints it: 'Max Vischer'.
    A comma before letters after a name ('Jane Roe, PhD') is left alone."""
    head, sep, tail = name.partition(",")
    lexicon = active()
    if not sep or not tail.strip() or all(_is_post_nominal(t, lexicon) for t in tail.split()):
        return name
    return f"{tail.strip()} {head.strip()}"


def is_named_person(found: PersonName) -> bool:
    """Surely someone: a name with a given name or a form of address, a surname that is a word,
    and not a sentence."""
    words = found.name.split()
    if found.is_org:
        return bool(words) and len(words) <= MAX_NAME_WORDS
    if not found.key or not any(w[:1].isupper() for w in found.surname.split()) or len(words) > MAX_NAME_WORDS:
        return False
    if any(ch.isdigit() for ch in found.name) or "@" in found.name:
        return False
    # every word of a name is capitalised but its particles: "his dearest daughter in Christ" is none
    particles = active().name_particles
    if not all(w.lstrip("[(\"'")[:1].isupper() or w.lower() in particles for w in words):
        return False
    return bool(found.given or found.before)


def names_in_fields(fields: dict) -> list:
    """[(role, field, PersonName)] of the names a letter's fields hold, each printed form once a role."""
    out, seen = [], set()
    for name, role in ROLE_OF_FIELD.items():
        value = fields.get(name)
        for printed in (value if isinstance(value, list) else [value] if value else []):
            if not isinstance(printed, str) or not printed.strip():
                continue
            found = split_name(printed.strip())
            if is_named_person(found) and (role, found.printed) not in seen:
                seen.add((role, found.printed))
                out.append((role, name, found))
    return out
