"""The command line as a user meets it: help with examples, usage errors, unknown letters."""
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
