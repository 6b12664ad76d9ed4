"""Lose nothing: ingest killed at random moments, two writers at once, searches during an ingest."""
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from conftest import ROOT, lines_json, run
from letterkit import Letter, Row, paragraph, write_pdf

NAMES = ["Abbott", "Blake", "Carver", "Dunmore", "Ellery", "Fairbairn", "Gosling", "Hendry", "Ivers", "Jolliffe"]


def make_batch(folder, count, pdf_every=4, start=0):
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(start, start + count):
        name = NAMES[n % len(NAMES)]
        body = f"Thank you for order number {n} of {name} and Sons, which we dispatched on day {n % 28 + 1}."
        if n % pdf_every == 0:
            rows = [Row(f"{name.upper()} SUPPLIES", bold=True, size=14), Row(f"Ref: BATCH/{n:04d}", space=1),
                    Row(f"{n % 28 + 1} May 2024"), Row(f"Dear Customer {n},", space=1)]
            rows += paragraph(body) + [Row("Yours faithfully,", space=1), Row(f"Ann {name}", space=1)]
            (folder / f"letter-{n:04d}.pdf").write_bytes(write_pdf(Letter(rows), seed=n))
        else:
            (folder / f"letter-{n:04d}.txt").write_text(
                f"{name} Supplies\n\nRef: BATCH/{n:04d}\n\n{n % 28 + 1} May 2024\n\nDear Customer {n},\n\n{body}\n\n"
                f"Yours faithfully,\n\nAnn {name}\n")
    return count


def ingest_process(archive, folder, *extra):
    return subprocess.Popen([sys.executable, "-m", "letterbook", "--archive", str(archive), "ingest", "-q",
                             *extra, str(folder)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True)


def check_consistent(archive):
    """The catalog opens and is sound; every original is there with its hash; search finds every letter."""
    db = sqlite3.connect(archive / "catalog.sqlite")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    letters = db.execute("SELECT COUNT(*) FROM letters").fetchone()[0]
    orphans = db.execute("SELECT COUNT(*) FROM letters l WHERE NOT EXISTS "
                         "(SELECT 1 FROM sources s WHERE s.letter_id = l.id)").fetchone()[0]
    duplicates = db.execute("SELECT COUNT(*) FROM (SELECT sha256 FROM sources GROUP BY sha256 "
                            "HAVING COUNT(*) > 1)").fetchone()[0]
    db.close()
    assert orphans == 0 and duplicates == 0
    verify = run(archive, "verify")
    assert verify.exit_code == 0, verify.output
    assert int(run(archive, "search", "*", "--count").output) == letters
    return letters


def test_ingest_killed_at_random_moments_loses_nothing(tmp_path):
    folder, archive = tmp_path / "batch", tmp_path / "archive"
    total = make_batch(folder, 900)  # enough that twenty kills land inside this one batch
    rng = random.Random(7)
    kills, counts = 0, []
    while kills < 20:
        proc = ingest_process(archive, folder, "-j", "2")
        time.sleep(rng.uniform(0.3, 1.6))
        if proc.poll() is not None:  # the batch was done before the kill: more post arrives
            total += make_batch(folder, 100, start=total)
            continue
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        kills += 1
        if (archive / "catalog.sqlite").exists():
            counts.append(check_consistent(archive))
    proc = ingest_process(archive, folder)
    output, _ = proc.communicate(timeout=300)
    assert proc.returncode == 0, output
    assert check_consistent(archive) == total
    assert counts == sorted(counts)  # never went backwards
    rows = lines_json(run(archive, "export").output)
    assert len({r["source"] for r in rows}) == total
    assert len({r["id"] for r in rows}) == total


def test_two_ingests_at_once_and_a_search_during_them(tmp_path):
    archive = tmp_path / "archive"
    a = make_batch(tmp_path / "a", 60)
    b_folder = tmp_path / "b"
    b_folder.mkdir()
    for n in range(40):
        (b_folder / f"other-{n}.txt").write_text(f"Quill Stationers\n\n3 June 2024\n\nDear Friend {n},\n\n"
                                                 f"Pens numbered {n * 7} are ready.\n\nYours,\n\nQ. Quill\n")
    first = ingest_process(archive, tmp_path / "a", "-j", "1")
    time.sleep(0.8)
    second = ingest_process(archive, b_folder, "-j", "1")
    searched = run(archive, "search", "order", "--count")  # while both are running
    assert searched.exit_code in (0, 1) and "Traceback" not in searched.output
    out_first, _ = first.communicate(timeout=300)
    out_second, _ = second.communicate(timeout=300)
    assert first.returncode == 0 and second.returncode == 0, out_first + out_second
    assert check_consistent(archive) == a + 40


def test_a_lock_left_by_a_killed_process_is_recovered(tmp_path):
    archive = tmp_path / "archive"
    make_batch(tmp_path / "a", 80)
    proc = ingest_process(archive, tmp_path / "a", "-j", "1")
    deadline = time.monotonic() + 60  # a loaded machine may take seconds to start the ingest
    while not (archive / "write.lock").exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert (archive / "write.lock").exists()
    result = run(archive, "ingest", "-q", tmp_path / "a")
    assert result.exit_code == 0 and "waiting" not in result.output
    assert check_consistent(archive) == 80
