"""Search at its edges: an archive with no letters, totals that must equal what is listed,
queries too long to be reasonable, pages past the last letter."""
import re
import time

import pytest

from conftest import run
from test_safety import make_batch

LISTED = re.compile(r"^[0-9a-f]{12}  ", re.MULTILINE)


@pytest.fixture(scope="module")
def several_segments(tmp_path_factory):
    """An archive of 150 letters from three ingests (three index segments), 10 of them removed."""
    base = tmp_path_factory.mktemp("segments")
    for n in range(3):
        make_batch(base / f"post{n}", 50, pdf_every=1000, start=n * 50)
        assert run(base / "archive", "ingest", "-q", "-j", "1", base / f"post{n}").exit_code == 0
    for n in range(10):
        found = run(base / "archive", "search", f"ref:BATCH/{n * 13:04d}", "--json").output
        assert run(base / "archive", "remove", found.split('"id": "')[1][:12]).exit_code == 0
    return base / "archive"


def test_an_archive_with_no_letters_finds_none(archive, tmp_path):
    (tmp_path / "empty.pdf").write_bytes(b"")
    assert run(archive, "ingest", "-q", tmp_path / "empty.pdf").exit_code == 1  # its first ingest failed whole
    for query in (["letter"], ["*"], ["harbour", "--fuzzy"], ["date:2024", "--facet", "year"], ["letter", "--count"]):
        result = run(archive, "search", *query)
        assert result.exit_code == 0, (query, result.output)
        assert result.output.strip() in ("No letters found.", "0"), (query, result.output)


@pytest.mark.parametrize("query", [["*"], ["ref:*"], ["ref:BATCH/00*"], ["Dear"], ["*", "--sort", "date"],
                                   ["*", "--since", "2024-05-15"], ["Dear", "--facet", "year"]])
def test_the_total_is_what_is_listed(several_segments, query):
    result = run(several_segments, "search", *query, "--limit", "1000")
    assert result.exit_code == 0, result.output
    total = int(result.output.split()[0])
    assert total == len(LISTED.findall(result.output))
    assert total == int(run(several_segments, "search", *query, "--count").output)
    if query in (["*"], ["ref:*"]):
        assert total == 140  # every letter has a reference


def test_long_queries_are_refused_quickly(several_segments):
    for text, reason in (("x" * 20_000, "a word of 20,000 characters"), ("word " * 300, "1,500 characters")):
        started = time.monotonic()
        result = run(several_segments, "search", text)
        assert time.monotonic() - started < 5
        assert result.exit_code == 2 and reason in result.output, result.output[:200]
    started = time.monotonic()  # the longest query allowed is answered in linear time
    assert run(several_segments, "search", " ".join(["q" * 99] * 10), "--fuzzy").exit_code == 0
    assert time.monotonic() - started < 5


def test_a_page_past_the_last_letter_says_so(several_segments):
    for options, expected in ((["--offset", "1000000000000"], "No letters on page 100,000,000,001 (140 letters found)."),
                              (["--offset", "200", "--limit", "50"], "No letters on page 5 (140 letters found)."),
                              (["--offset", "145"], "No letters from number 146 on (140 letters found)."),
                              (["--limit", "0"], "No letters listed with --limit 0 (140 letters found).")):
        result = run(several_segments, "search", "Dear", *options)
        assert result.exit_code == 0 and result.output.strip() == expected, result.output
    last = run(several_segments, "search", "Dear", "--offset", "130", "--limit", "50")
    assert last.output.startswith("140 letters found, showing 131-140.")
