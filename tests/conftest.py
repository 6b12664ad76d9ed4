"""Shared fixtures: archives built with the real CLI, real Tesseract, real files."""
from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(HERE))  # letterkit, make_samples
# The default engine (the tesseract command) is what most tests exercise; test_scale_out
# compares it with tesserocr, which the test extra also installs.
os.environ.setdefault("LETTERBOOK_OCR_ENGINE", "tesseract")


def run(archive: Path, *args, input=None):
    """Run the letterbook CLI in-process against an archive; returns the click Result."""
    from letterbook.cli import cli
    runner = CliRunner()
    return runner.invoke(cli, ["--archive", str(archive), *map(str, args)], input=input, catch_exceptions=False)


def lines_json(output: str) -> list:
    return [json.loads(line) for line in output.splitlines() if line.strip().startswith("{")]


@pytest.fixture
def archive(tmp_path) -> Path:
    return tmp_path / "archive"


@pytest.fixture(scope="session")
def sample_archive(tmp_path_factory) -> Path:
    """The bundled samples ingested once, for the read-only tests."""
    folder = tmp_path_factory.mktemp("samples-archive")
    result = run(folder / "archive", "ingest", "-q", SAMPLES)
    assert result.exit_code == 0, result.output
    return folder / "archive"


@pytest.fixture(scope="session")
def sample_records(sample_archive) -> dict:
    """Exported records of the samples, keyed by their first source file name."""
    result = run(sample_archive, "export", "--format", "jsonl")
    rows = lines_json(result.output)
    return {(r["source"][0] if isinstance(r["source"], list) else r["source"]): r for r in rows}


@pytest.fixture
def copy_of(tmp_path):
    def make(archive: Path) -> Path:
        target = tmp_path / "copy"
        shutil.copytree(archive, target)
        return target
    return make


@pytest.fixture(scope="session")
def sample_index(sample_archive):
    from letterbook.app.index_sync import index_for
    return index_for(type("A", (), {"root": sample_archive})())
