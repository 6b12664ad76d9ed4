"""Letters from a BagIt bag made by `letterbook export --format bagit`."""
from __future__ import annotations

import json
from pathlib import Path

from letterbook.ingest.discover import Candidate


class BagError(Exception):
    pass


def is_bag(path: Path) -> bool:
    return path.is_dir() and (path / "bagit.txt").is_file() and (path / "data").is_dir()


def letters_in_bag(path: Path) -> list:
    """Validate the bag (every checksum), then one Candidate per letter, with what to restore."""
    import bagit
    try:
        bag = bagit.Bag(str(path))
        bag.validate()
    except (bagit.BagError, bagit.BagValidationError) as err:
        raise BagError(f"not a valid bag: {str(err).splitlines()[0]}")
    found = []
    for folder in sorted((path / "data" / "letters").glob("*")):
        meta_path = folder / "metadata.json"
        if not meta_path.is_file():
            continue
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        files = meta.get("files") or []
        found.append(Candidate(paths=[folder / f["file"] for f in files],
                               restore={"names": [f["name"] for f in files],
                                        "original_paths": [f.get("original_path") for f in files],
                                        "corrections": {k: v["value"] for k, v in (meta.get("corrections") or {}).items()},
                                        "bag": str(path)}))
    return found
