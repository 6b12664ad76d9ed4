"""Letters from a BagIt bag made by `letterbook export --format bagit`.

A bag is input like any other and may be hostile: its checksums prove only that its files
are the ones its manifest lists, not that its metadata is sound. Everything restored must
be a file inside the bag's data/ folder that the manifest lists, and every field it brings
back must be one `edit --set` would take; a bag with any problem is refused whole, with
one line per problem.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from letterbook.ingest.discover import Candidate
from letterbook.model import field_value_problem


class BagError(Exception):
    """A bag refused; problems holds (where, what is wrong) for each problem found."""

    def __init__(self, problems: list):
        super().__init__("; ".join(f"{where}: {what}" for where, what in problems))
        self.problems = problems


def is_bag(path: Path) -> bool:
    return path.is_dir() and (path / "bagit.txt").is_file() and (path / "data").is_dir()


def letters_in_bag(path: Path) -> list:
    """Validate the bag (every checksum, then what it says), then one Candidate per letter."""
    import bagit
    try:
        bag = bagit.Bag(str(path))
        bag.validate()
    except (bagit.BagError, bagit.BagValidationError) as err:
        raise BagError([(str(path), f"not a valid bag: {str(err).splitlines()[0]}")])
    listed = {os.path.normpath(name) for name in bag.payload_entries()}
    found, problems = [], []
    for folder in sorted((path / "data" / "letters").glob("*")):
        meta_path = folder / "metadata.json"
        if not meta_path.is_file():
            continue
        letter_problems = []
        candidate = _letter(path, folder, meta_path, listed, letter_problems)
        problems += [(str(meta_path), problem) for problem in letter_problems]
        if candidate is not None and not letter_problems:
            found.append(candidate)
    if problems:
        raise BagError(problems)
    return found


def people_in_bag(path: Path):
    """The archivist's people rules and authority file a bag carries ({rules, authority}), or
    None; BagError when they are not as `letterbook export --format bagit` writes them. Call
    after letters_in_bag, which validates the bag's checksums."""
    where = path / "data" / "people.json"
    if not where.is_file():
        return None
    try:
        carried = json.loads(where.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as err:
        raise BagError([(str(where), f"not JSON ({err})")])
    problems = []
    if not isinstance(carried, dict) or not isinstance(carried.get("rules", []), list) \
            or not isinstance(carried.get("authority", []), list):
        raise BagError([(str(where), "must be an object with the lists 'rules' and 'authority'")])
    for n, rule in enumerate(carried.get("rules", [])):
        if not isinstance(rule, dict) or rule.get("kind") not in ("merge", "split") \
                or not isinstance(rule.get("first"), str) or not rule["first"] \
                or not (isinstance(rule.get("second"), str) and rule["second"] if rule.get("kind") == "merge"
                        else rule.get("second") is None):
            problems.append((str(where), f"rules[{n}] must be a merge of two variants or a split of one"))
    for n, entry in enumerate(carried.get("authority", [])):
        if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) and entry[k] for k in ("ref", "name")) \
                or not isinstance(entry.get("variants"), list) \
                or not all(isinstance(v, str) for v in entry["variants"]):
            problems.append((str(where), f"authority[{n}] must have a ref, a name and a list of variants"))
    if problems:
        raise BagError(problems)
    return {"rules": carried.get("rules", []), "authority": carried.get("authority", [])}


def _letter(bag: Path, folder: Path, meta_path: Path, listed: set, problems: list):
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as err:
        problems.append(f"not JSON ({err})")
        return None
    if not isinstance(meta, dict):
        problems.append("not a JSON object")
        return None
    files = meta.get("files")
    if not isinstance(files, list) or not files:
        problems.append("'files' must be a non-empty list")
        return None
    paths, names, original_paths = [], [], []
    for n, entry in enumerate(files):
        if not isinstance(entry, dict):
            problems.append(f"files[{n}] is not an object")
            continue
        for key in ("file", "name"):
            if not isinstance(entry.get(key), str) or not entry[key]:
                problems.append(f"files[{n}].{key} must be a text")
        if not isinstance(entry.get("original_path", ""), (str, type(None))):
            problems.append(f"files[{n}].original_path must be a text")
        if isinstance(entry.get("file"), str) and entry["file"]:
            where = _file_in_bag(bag, folder, entry["file"], listed)
            if isinstance(where, str):
                problems.append(f"files[{n}].file {entry['file']!r} {where}")
            else:
                paths.append(where)
        names.append(entry.get("name"))
        original_paths.append(entry.get("original_path"))
    corrections = meta.get("corrections") or {}
    restored = {}
    if not isinstance(corrections, dict):
        problems.append("'corrections' must be an object")
    else:
        for name, fixed in corrections.items():
            if not isinstance(fixed, dict) or "value" not in fixed:
                problems.append(f"corrections.{name} must be an object with a value")
                continue
            problem = field_value_problem(name, fixed["value"])
            if problem:
                problems.append(f"corrections: {problem}")
            restored[name] = fixed["value"]
    links = meta.get("reply_corrections") or {}  # {other letter's id: answers it (true) or not}
    if not isinstance(links, dict) or not all(isinstance(k, str) and isinstance(v, bool) for k, v in links.items()):
        problems.append("'reply_corrections' must be an object of letter ids and true or false")
    if problems:
        return None
    return Candidate(paths=paths, restore={"names": names, "original_paths": original_paths,
                                           "corrections": restored, "reply_links": links, "bag": str(bag)})


def _file_in_bag(bag: Path, folder: Path, name: str, listed: set):
    """The file a letter's metadata names, when it is a plain file inside the bag's data/
    that the manifest lists; otherwise why not (a text)."""
    data = os.path.realpath(bag / "data")
    candidate = os.path.normpath(os.path.join(os.path.realpath(folder), name))
    if os.path.isabs(name) or not candidate.startswith(data + os.sep):
        return "lies outside the bag's data folder"
    real = os.path.realpath(candidate)
    if real != candidate:
        return "is a symbolic link"
    if os.path.relpath(real, os.path.realpath(bag)) not in listed:
        return "is not listed in the bag's manifest"
    if not os.path.isfile(real):
        return "is not a file"
    return Path(real)
