"""People and organisations in the catalog: every name as a letter prints it (a variant), the
letters and roles it appears in, and the persons the variants are grouped into.

Grouping is derived, like the index, and redone for the surnames a change touches:
variants with one surname key and given names that agree ("Max", "M.") are one person; a
variant with no given name ("Herr Dr. Vischer") joins only when one person has that surname;
given names that disagree are never joined. The archivist's merges and splits (person_rules,
kept by the variants they name, so they outlive re-extraction) are applied on top, in order.
An authority file (authority, authority_names) gives persons their identifier (GND, VIAF...).

The names come taken apart (letterbook.ingest.persons does it); this module only stores
and groups them.
"""
from __future__ import annotations

import functools
import json
import re
import time
import unicodedata
from collections import Counter

SCHEMA = """
CREATE TABLE IF NOT EXISTS person_mentions (
    letter_id TEXT NOT NULL REFERENCES letters(id),
    role TEXT NOT NULL,            -- sender, addressee, copied
    field TEXT NOT NULL,           -- the field it was read from
    printed TEXT NOT NULL,         -- the variant, as the letter prints it
    name TEXT NOT NULL,            -- without forms of address, titles and post-nominals
    given TEXT NOT NULL,           -- JSON: given names and initials
    key TEXT NOT NULL,             -- the surname's first part, folded (an organisation: its name)
    is_org INTEGER NOT NULL,
    sex TEXT NOT NULL DEFAULT '',  -- f or m when a form of address says so: never one person across
    PRIMARY KEY (letter_id, role, printed)
);
CREATE INDEX IF NOT EXISTS person_mentions_key ON person_mentions(key);
CREATE INDEX IF NOT EXISTS person_mentions_printed ON person_mentions(printed);
CREATE TABLE IF NOT EXISTS person_variants (
    printed TEXT PRIMARY KEY,
    person_id INTEGER NOT NULL,
    key TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS person_variants_person ON person_variants(person_id);
CREATE TABLE IF NOT EXISTS persons (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,            -- the fullest variant's name, or the authority's
    is_org INTEGER NOT NULL,
    ref TEXT                       -- the authority's identifier (a GND, VIAF or Wikidata URI)
);
CREATE TABLE IF NOT EXISTS person_rules (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,            -- merge (first and second are one), split (first stands alone)
    first TEXT NOT NULL,           -- variants, as printed
    second TEXT,
    at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS authority (
    ref TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    variants TEXT NOT NULL         -- JSON list
);
CREATE TABLE IF NOT EXISTS authority_names (
    folded TEXT NOT NULL,          -- a name of the authority's person, folded as variants' names are
    ref TEXT NOT NULL REFERENCES authority(ref),
    PRIMARY KEY (folded, ref)
);
"""


@functools.lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text)
    return " ".join("".join(ch for ch in plain if ch.isalnum() or ch == " ").lower().split())


def _given_profile(variant: dict) -> tuple:
    """A variant as compared: its sex ('' unknown) and given names, each folded, in its
    hyphenated parts ('H.-P.' is h, p)."""
    return variant.get("sex", ""), [[_fold(part) for part in name.split("-")] for name in variant["given"]]


def _same_sex(first: str, second: str) -> bool:
    return not first or not second or first == second


def _agree(first: tuple, second: tuple) -> bool:
    """No given name of one contradicts the other's ('Max' and 'M.' agree; 'Max', 'Moritz' do
    not), nor its form of address ('Frau', 'Herr'); both as _given_profile gives them."""
    if not _same_sex(first[0], second[0]):
        return False
    for a, b in zip(first[1], second[1]):
        for x, y in zip(a, b):
            if not x or not y:
                continue
            if len(x) == 1 or len(y) == 1:
                if x[0] != y[0]:
                    return False
            elif x != y:
                return False
    return True


def _initial(profile: tuple) -> str:
    """The first letter of a profile's first given name, "" when it has none."""
    names = profile[1]
    return names[0][0][:1] if names and names[0] and names[0][0] else ""


def _widen(profile: tuple, other: tuple) -> tuple:
    """The most a group's agreeing variants tell: its sex, and at each place the full given name
    over an initial. A variant agrees with every member of a group exactly when it agrees with this."""
    out = [list(parts) for parts in profile[1]]
    for i, parts in enumerate(other[1]):
        if i >= len(out):
            out.append(list(parts))
            continue
        for j, part in enumerate(parts):
            if j >= len(out[i]):
                out[i].append(part)
            elif len(part) > len(out[i][j]):
                out[i][j] = part
    return profile[0] or other[0], out


def _fullness(variant: dict) -> tuple:
    given = variant["given"]
    return (sum(len(_fold(g)) > 1 for g in given), len(given), len(variant["name"]))


def cluster(variants: dict, rules: list) -> list:
    """Lists of printed variants that are one person. variants: printed -> {name, given, key,
    is_org}; rules: (kind, first, second) in the order the archivist gave them."""
    clusters = []
    by_key = {}
    for printed, v in variants.items():
        by_key.setdefault((v["is_org"], v["key"]), []).append(printed)
    for (is_org, key), names in sorted(by_key.items()):
        if is_org:  # an organisation's variants are its name as printed, folded alike
            clusters.append(sorted(names))
            continue
        named = sorted((p for p in names if variants[p]["given"]),
                       key=lambda p: (tuple(-x for x in _fullness(variants[p])), p))
        groups, profiles = [], []
        # groups by their first given name's first letter: only those can agree with a variant
        # (a common surname has thousands of variants; comparing each with every group was
        # quadratic). A group or variant without that letter is compared with all.
        by_initial: dict = {}
        for printed in named:
            given = _given_profile(variants[printed])
            initial = _initial(given)
            candidates = range(len(profiles)) if not initial else by_initial.get(initial, []) + by_initial.get("", [])
            fits = [i for i in candidates if _agree(given, profiles[i])]
            if len(fits) == 1:
                at = fits[0]
                groups[at].append(printed)
                before = _initial(profiles[at])
                profiles[at] = _widen(profiles[at], given)
                if _initial(profiles[at]) != before:
                    by_initial[before].remove(at)
                    by_initial.setdefault(_initial(profiles[at]), []).append(at)
            else:  # none fits, or it could be more than one person: on its own
                groups.append([printed])
                profiles.append(given)
                by_initial.setdefault(initial, []).append(len(profiles) - 1)
        # a surname alone ("Herr Dr. Vischer") is one person only when there is one it can be
        bare = sorted(p for p in names if not variants[p]["given"])
        sexes = {variants[p].get("sex", "") for p in bare} - {""}
        if len(groups) == 1 and (profiles[0][0] or len(sexes) <= 1):
            # the one person's sex, where known, or the one the surnames alone are given
            sex = profiles[0][0] or next(iter(sexes), "")
            for p in bare:
                # an unsure one ("Dr. Vischer") beside a Frau and a Herr Vischer could be either
                own = variants[p].get("sex", "")
                if own == sex or not own and sexes <= {sex}:
                    groups[0].append(p)
                else:
                    groups.append([p])
        elif not groups and len(sexes) > 1:  # a Frau and a Herr Vischer: two, and the unsure alone
            for sex in sorted(sexes):
                groups.append([p for p in bare if variants[p].get("sex", "") == sex])
            groups.extend([p] for p in bare if not variants[p].get("sex", ""))
        elif not groups and bare:
            groups.append(bare)
        else:
            groups.extend([p] for p in bare)
        clusters.extend(sorted(g) for g in groups)
    where = {p: i for i, group in enumerate(clusters) for p in group}
    sets = [set(group) for group in clusters]
    for kind, first, second in rules:
        if first not in where or (kind == "merge" and second not in where):
            continue  # a variant no letter prints any more
        a = where[first]
        if kind == "split":
            if len(sets[a]) > 1:
                sets[a].discard(first)
                sets.append({first})
                where[first] = len(sets) - 1
        elif kind == "merge":
            b = where[second]
            if a != b:
                sets[a] |= sets[b]
                for p in sets[b]:
                    where[p] = a
                sets[b] = set()
    return [sorted(s) for s in sets if s]


class People:
    """The catalog's tables of people (callers wrap writes in the catalog's transaction)."""

    def __init__(self, catalog):
        self.catalog, self.db = catalog, catalog.db

    # -- mentions of one letter
    def set_mentions(self, letter_id: str, mentions: list) -> set:
        """Replace the letter's mentions: [(role, field, printed, name, given, key, is_org, sex)];
        returns the keys whose grouping may change: those of a variant no live letter printed
        before, or that no live letter prints any more (a known variant changes no grouping)."""
        db = self.db
        before = {r["printed"]: r["key"] for r in db.execute(
            "SELECT printed, key FROM person_mentions WHERE letter_id = ?", (letter_id,))}
        db.execute("DELETE FROM person_mentions WHERE letter_id = ?", (letter_id,))
        db.executemany(
            "INSERT OR IGNORE INTO person_mentions(letter_id, role, field, printed, name, given, key, is_org, sex) "
            "VALUES (?,?,?,?,?,?,?,?,?)",
            [(letter_id, role, field, printed, name, json.dumps(given), key, int(is_org), sex)
             for role, field, printed, name, given, key, is_org, sex in mentions])
        keys = set()
        for printed, key in {m[2]: m[5] for m in mentions}.items():
            if db.execute("SELECT 1 FROM person_variants WHERE printed = ?", (printed,)).fetchone() is None:
                keys.add(key)
        for printed, key in before.items():
            if not self._printed_live(printed):
                keys.add(key)
        return keys

    def _printed_live(self, printed: str) -> bool:
        row = self.db.execute("SELECT 1 FROM person_mentions m JOIN letters l ON l.id = m.letter_id "
                              "WHERE m.printed = ? AND l.removed_at IS NULL LIMIT 1", (printed,)).fetchone()
        return row is not None

    # -- grouping
    def regroup(self, keys=None) -> set:
        """Group the variants of these surname keys (None: all) afresh; returns the letters
        whose persons changed (their index documents name the persons' variants)."""
        db = self.db
        if keys is None:
            keys = {r["key"] for r in db.execute("SELECT DISTINCT key FROM person_mentions")} | \
                   {r["key"] for r in db.execute("SELECT DISTINCT key FROM person_variants")}
        keys = set(keys)
        rules = [(r["kind"], r["first"], r["second"]) for r in db.execute("SELECT * FROM person_rules ORDER BY id")]
        # a merge ties two surnames, and an earlier merge ties persons across keys: take them together
        while True:
            grown = set(keys)
            for row in db.execute("SELECT DISTINCT v2.key FROM person_variants v1 JOIN person_variants v2 "
                                  "ON v1.person_id = v2.person_id WHERE v1.key IN (SELECT value FROM json_each(?))",
                                  (json.dumps(sorted(keys)),)):
                grown.add(row["key"])
            for kind, first, second in rules:
                if kind != "merge":
                    continue
                ends = {self.key_of(first), self.key_of(second)} - {None}
                if ends & grown:
                    grown |= ends
            if grown == keys:
                break
            keys = grown
        scope = json.dumps(sorted(keys))
        variants = {}
        # a variant once, however many letters print it
        for r in db.execute("SELECT m.printed, MIN(m.name) name, MIN(m.given) given, MIN(m.key) key, "
                            "MIN(m.is_org) is_org, MIN(m.sex) sex FROM person_mentions m "
                            "JOIN letters l ON l.id = m.letter_id WHERE l.removed_at IS NULL "
                            "AND m.key IN (SELECT value FROM json_each(?)) GROUP BY m.printed", (scope,)):
            variants[r["printed"]] = {"name": r["name"], "given": json.loads(r["given"]),
                                      "key": r["key"], "is_org": bool(r["is_org"]), "sex": r["sex"]}
        old = {r["printed"]: r["person_id"] for r in db.execute(
            "SELECT printed, person_id FROM person_variants WHERE key IN (SELECT value FROM json_each(?))", (scope,))}
        old_people = {}
        for printed, pid in old.items():
            old_people.setdefault(pid, set()).add(printed)
        old_rows = {pid: self._person_row(pid) for pid in old_people}
        groups = cluster(variants, rules)
        # a group keeps the id most of its variants had, so a person's id is stable as letters come
        taken, assigned = set(), []
        next_id = (db.execute("SELECT MAX(id) FROM persons").fetchone()[0] or 0) + 1
        for group in sorted(groups, key=len, reverse=True):
            votes = Counter(old[p] for p in group if p in old and old[p] not in taken)
            if votes:
                pid = min(votes, key=lambda k: (-votes[k], k))
            else:
                pid, next_id = next_id, next_id + 1
            taken.add(pid)
            assigned.append((pid, group))
        # only the persons whose variants or row changed are written again: a surname's other
        # persons stay as they are (rewriting them all cost most of a letter's regrouping)
        changed_variants, written = set(), []
        for pid, group in assigned:
            members = [variants[p] for p in group]
            best = max(members, key=lambda v: (_fullness(v), v["name"]))
            ref, ref_name = self._authority_for([v["name"] for v in members])
            row = (ref_name or best["name"], int(best["is_org"]), ref)
            if old_people.get(pid) != set(group) or old_rows.get(pid) != row:
                changed_variants |= set(group) | old_people.get(pid, set())
                written.append((pid, group, row))
        for pid in set(old_people) - taken:
            changed_variants |= old_people[pid]
        rewritten = {pid for pid, _, _ in written} | (set(old_people) - taken)
        db.execute("DELETE FROM person_variants WHERE key IN (SELECT value FROM json_each(?)) "
                   "AND (person_id IN (SELECT value FROM json_each(?)) OR printed IN (SELECT value FROM json_each(?)))",
                   (scope, json.dumps(sorted(rewritten)), json.dumps(sorted(changed_variants))))
        db.executemany("DELETE FROM persons WHERE id = ?", [(pid,) for pid in sorted(rewritten)])
        for pid, group, row in written:
            db.execute("INSERT INTO persons(id, name, is_org, ref) VALUES (?,?,?,?)", (pid, *row))
            db.executemany("INSERT INTO person_variants(printed, person_id, key) VALUES (?,?,?)",
                           [(p, pid, variants[p]["key"]) for p in group])
        if not changed_variants:
            return set()
        return {r["letter_id"] for r in db.execute(
            "SELECT DISTINCT letter_id FROM person_mentions WHERE printed IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(changed_variants)),))}

    def key_of(self, printed: str):
        row = self.db.execute("SELECT key FROM person_mentions WHERE printed = ? LIMIT 1", (printed,)).fetchone()
        return row["key"] if row else None

    def _person_row(self, pid: int):
        row = self.db.execute("SELECT name, is_org, ref FROM persons WHERE id = ?", (pid,)).fetchone()
        return (row["name"], row["is_org"], row["ref"]) if row else None

    def _authority_for(self, names: list) -> tuple:
        """(ref, name) of the authority entry most of these names match, or (None, None)."""
        votes = Counter()
        for name in names:
            for r in self.db.execute("SELECT ref FROM authority_names WHERE folded = ?", (_fold(name),)):
                votes[r["ref"]] += 1
        if not votes:
            return None, None
        ref = min(votes, key=lambda k: (-votes[k], k))
        return ref, self.db.execute("SELECT name FROM authority WHERE ref = ?", (ref,)).fetchone()["name"]

    # -- the archivist's rules and the authority file
    def add_rule(self, kind: str, first: str, second: str = None):
        self.db.execute("INSERT INTO person_rules(kind, first, second, at) VALUES (?,?,?,?)",
                        (kind, first, second, time.time()))

    def rules(self) -> list:
        """The archivist's merges and splits, in order: [{kind, first, second}]."""
        return [{"kind": r["kind"], "first": r["first"], "second": r["second"]}
                for r in self.db.execute("SELECT * FROM person_rules ORDER BY id")]

    def authority(self) -> list:
        """The authority file as imported: [{ref, name, variants}]."""
        return [{"ref": r["ref"], "name": r["name"], "variants": json.loads(r["variants"])}
                for r in self.db.execute("SELECT * FROM authority ORDER BY ref")]

    def set_authority(self, entries: list):
        """Replace the authority file: [(ref, name, variants, folded names)]."""
        self.db.execute("DELETE FROM authority_names")
        self.db.execute("DELETE FROM authority")
        self.add_authority(entries)

    def add_authority(self, entries: list):
        """Add to the authority file (an entry of a known identifier replaces it)."""
        for ref, name, variants, folded in entries:
            self.db.execute("DELETE FROM authority_names WHERE ref = ?", (ref,))
            self.db.execute("INSERT OR REPLACE INTO authority(ref, name, variants) VALUES (?,?,?)",
                            (ref, name, json.dumps(variants, ensure_ascii=False)))
            self.db.executemany("INSERT OR IGNORE INTO authority_names(folded, ref) VALUES (?,?)",
                                [(_fold(f), ref) for f in folded if _fold(f)])

    # -- reading
    def persons(self) -> list:
        """Every person of the live letters: id, name, is_org, ref, variants, sender and
        addressee counts (letters), first and last date."""
        db = self.db
        out = []
        for p in db.execute("SELECT * FROM persons ORDER BY id"):
            rows = db.execute(
                "SELECT m.letter_id, m.role, m.printed FROM person_mentions m JOIN person_variants v "
                "ON v.printed = m.printed JOIN letters l ON l.id = m.letter_id "
                "WHERE v.person_id = ? AND l.removed_at IS NULL", (p["id"],)).fetchall()
            if not rows:
                continue
            letters = {r["letter_id"] for r in rows}
            dates = sorted(d for d in (self._date(i) for i in letters) if d)
            out.append({"id": p["id"], "name": p["name"], "is_org": bool(p["is_org"]), "ref": p["ref"],
                        "variants": sorted({r["printed"] for r in rows}),
                        "letters": len(letters),
                        "sender": len({r["letter_id"] for r in rows if r["role"] == "sender"}),
                        "addressee": len({r["letter_id"] for r in rows if r["role"] == "addressee"}),
                        "copied": len({r["letter_id"] for r in rows if r["role"] == "copied"}),
                        "first": dates[0] if dates else None, "last": dates[-1] if dates else None})
        return out

    def letters_per_person(self) -> tuple:
        """([(person's name, live letters naming it in any role)], live letters naming anyone)."""
        per_person = [tuple(r) for r in self.db.execute(
            "SELECT p.name, COUNT(DISTINCT m.letter_id) FROM person_mentions m "
            "JOIN person_variants v ON v.printed = m.printed JOIN persons p ON p.id = v.person_id "
            "JOIN letters l ON l.id = m.letter_id WHERE l.removed_at IS NULL GROUP BY p.id")]
        named = self.db.execute("SELECT COUNT(DISTINCT m.letter_id) FROM person_mentions m JOIN letters l "
                                "ON l.id = m.letter_id WHERE l.removed_at IS NULL").fetchone()[0]
        return per_person, named

    def _date(self, letter_id: str):
        fixed = self.db.execute("SELECT value FROM corrections WHERE letter_id = ? AND name = 'date'",
                                (letter_id,)).fetchone()
        row = fixed or self.db.execute("SELECT value FROM fields WHERE letter_id = ? AND name = 'date'",
                                       (letter_id,)).fetchone()
        return json.loads(row["value"]) if row and row["value"] else None

    def of_letter(self, letter_id: str) -> list:
        """The letter's persons, a dict a role: person, name, role, printed, variants, ref, is_org."""
        out = []
        for r in self.db.execute(
                "SELECT m.role, m.printed, m.is_org, v.person_id, p.name, p.ref FROM person_mentions m "
                "LEFT JOIN person_variants v ON v.printed = m.printed LEFT JOIN persons p ON p.id = v.person_id "
                "WHERE m.letter_id = ? ORDER BY CASE m.role WHEN 'sender' THEN 0 WHEN 'addressee' THEN 1 ELSE 2 END, "
                "m.rowid", (letter_id,)):
            variants = [v["printed"] for v in self.db.execute(
                "SELECT printed FROM person_variants WHERE person_id = ? ORDER BY printed", (r["person_id"],))] \
                if r["person_id"] is not None else [r["printed"]]
            out.append({"person": r["person_id"], "name": r["name"] or r["printed"], "role": r["role"],
                        "printed": r["printed"], "variants": variants, "ref": r["ref"], "is_org": bool(r["is_org"])})
        return out

    def find(self, token: str):
        """A person's id by its number or by one of its variants or its name (as printed); None if none."""
        if re.fullmatch(r"\d+", token.strip()):
            row = self.db.execute("SELECT id FROM persons WHERE id = ?", (int(token),)).fetchone()
            return row["id"] if row else None
        row = self.db.execute("SELECT person_id FROM person_variants WHERE printed = ?", (token,)).fetchone()
        if row:
            return row["person_id"]
        rows = self.db.execute("SELECT id FROM persons WHERE name = ?", (token,)).fetchall()
        return rows[0]["id"] if len(rows) == 1 else None

    def variants(self, person_id: int) -> list:
        return [r["printed"] for r in self.db.execute(
            "SELECT printed FROM person_variants WHERE person_id = ? ORDER BY printed", (person_id,))]
