"""The real letter in ../shared/seeds must read exactly as expected (skipped where it is absent)."""
import json

import pytest

from conftest import SHARED, lines_json, run

SEEDS = sorted((SHARED / "seeds").glob("*.expected.json")) if (SHARED / "seeds").is_dir() else []


@pytest.mark.skipif(not SEEDS, reason="../shared/seeds is not here")
@pytest.mark.parametrize("expected_path", SEEDS, ids=lambda p: p.name)
def test_seed_letter(archive, expected_path):
    expected = json.loads(expected_path.read_text())
    source = expected_path.parent / expected["source"]
    assert run(archive, "ingest", "-q", source).exit_code == 0
    row = lines_json(run(archive, "export").output)[0]
    for name, want in expected["fields"].items():
        got = row.get(name)
        if name == "sender_org" and got and want:
            got, want = got.casefold(), want.casefold()
        assert got == want, name
    for query in ('"stop and search"', '"Live Facial Recognition"', f"ref:{expected['fields']['ref']}",
                  "date:2026-03"):
        hits = lines_json(run(archive, "search", query, "--json").output)
        assert [h["id"] for h in hits] == [row["id"]], query
