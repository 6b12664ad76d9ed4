"""The same work on a real Dask cluster of worker processes on loopback, and both OCR engines."""
import os

import pytest

from conftest import SAMPLES, lines_json, run


def test_ingest_on_a_dask_local_cluster(tmp_path, sample_records):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        result = run(tmp_path / "archive", "ingest", "-q", "--dask-scheduler", cluster.scheduler_address, SAMPLES)
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in lines_json(run(tmp_path / "archive", "export").output)}
    local = {r["id"]: r for r in sample_records.values()}
    assert set(rows) == set(local)
    for letter_id, row in rows.items():  # the same letters, read the same way
        assert {k: v for k, v in row.items() if k != "text"} == {k: v for k, v in local[letter_id].items() if k != "text"}


def test_an_unreachable_scheduler_is_one_line(tmp_path):
    pytest.importorskip("distributed")
    (tmp_path / "a.txt").write_text("Wren Bookbinders\n\nDear Sir,\n\nDone.\n\nYours faithfully,\n\nAda Wren\n")
    result = run(tmp_path / "archive", "ingest", "--dask-scheduler", "tcp://127.0.0.1:1", tmp_path / "a.txt")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith("letterbook: error:")


def test_both_ocr_engines_read_a_page_alike(monkeypatch):
    pytest.importorskip("tesserocr")
    from PIL import Image
    from letterbook.ingest import ocr
    page = Image.open(SAMPLES / "cedar-valley.jpg")
    words = {}
    for name in ("tesseract", "tesserocr"):
        monkeypatch.setenv("LETTERBOOK_OCR_ENGINE", name)
        words[name] = [w.text for w in ocr.ocr_image(page).words]
    import difflib
    # two Tesseract builds (the Debian command, the one in the wheel) may differ on a word or two
    assert difflib.SequenceMatcher(None, words["tesseract"], words["tesserocr"]).ratio() >= 0.95
