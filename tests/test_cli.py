"""The command line as a user meets it: help with examples, usage errors, unknown letters."""
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from conftest import ROOT, run
from letterbook.cli import cli


@pytest.mark.parametrize("command", ["ingest", "search", "show", "export", "reindex", "stats", "remove", "edit",
                                     "verify", "similar", "check"])
def test_every_help_ends_with_an_example(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0 and "Example:" in result.output and "letterbook " + command in result.output


def test_usage_errors_exit_2(archive):
    assert run(archive, "ingest").exit_code == 2
    assert run(archive, "search").exit_code == 2
    assert run(archive, "export", "--format", "xml").exit_code == 2


def test_missing_archive_and_letter(tmp_path, sample_archive):
    result = run(tmp_path / "nowhere", "search", "x")
    assert result.exit_code == 1 and "no archive" in result.output
    result = run(sample_archive, "show", "ffffffffffff")
    assert result.exit_code == 1 and result.output.startswith("letterbook: error: no letter")


def test_python_dash_m_and_the_console_script():
    proc = subprocess.run([sys.executable, "-m", "letterbook", "--version"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0 and "letterbook" in proc.stdout


def test_search_start_up_stays_light():
    """Searching must not import OCR or PDF libraries."""
    code = ("import sys; from letterbook import cli; "
            "heavy = [m for m in ('pytesseract', 'pdfplumber', 'pypdfium2', 'numpy', 'dateparser', 'PIL') "
            "if m in sys.modules]; print(heavy)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.stdout.strip() == "[]"


def test_show_png_draws_the_page_with_its_evidence(sample_archive, sample_records, tmp_path):
    from PIL import Image
    letter = sample_records["bramley-quince.tif"]
    target = tmp_path / "page.png"
    result = run(sample_archive, "show", letter["id"], "--png", target)
    assert result.exit_code == 0 and result.output == f"page 1 of letter {letter['id']} drawn with its evidence: {target}\n"
    shown = run(sample_archive, "show", letter["id"], "--json")
    evidence = json.loads(shown.output)["evidence"]
    picture = Image.open(target).convert("RGB")
    boxed = [found["evidence"]["box"] for found in evidence.values()
             if found["evidence"] and found["evidence"]["page"] == 1 and found["evidence"]["box"]]
    assert boxed
    for x0, top, x1, bottom in boxed:  # each box's left edge is drawn in the field colour, at its place
        r, g, b = picture.getpixel((round(x0), round((top + bottom) / 2)))
        assert r > 150 and g < 120, (x0, top, r, g, b)


def test_show_png_refuses_what_it_cannot_draw(sample_archive, sample_records, tmp_path):
    text_only = sample_records["basel-1926.txt"]["id"]
    result = run(sample_archive, "show", text_only, "--png", tmp_path / "x.png")
    assert result.exit_code == 1 and "text only: there is no page to draw" in result.output
    scan = sample_records["bramley-quince.tif"]["id"]
    result = run(sample_archive, "show", scan, "--png", tmp_path / "x.png", "--page", "9")
    assert result.exit_code == 1 and "has no page 9" in result.output
    assert not (tmp_path / "x.png").exists()


def test_edit_unsets_a_date(sample_archive, sample_records, copy_of):
    """--unset takes no value: a date field unset is not checked as a date."""
    archive = copy_of(sample_archive)
    letter = sample_records["basel-1926.txt"]["id"]
    result = run(archive, "edit", letter, "--unset", "date")
    assert result.exit_code == 0 and result.output == f"{letter}: date: '1926-02-16' -> None\n"
    result = run(archive, "edit", letter, "--unset", "dated")
    assert result.exit_code == 2 and "unknown field 'dated'" in result.output
