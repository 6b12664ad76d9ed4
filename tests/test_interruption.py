"""An ingest that is killed, interrupted, loses a worker, its reader or its index: real processes,
real signals, real pipes. Nothing archived is lost, no worker is left behind, one line says what
happened and the next run goes on."""
import fcntl
import os
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest

from conftest import ROOT, run
from letterkit import Letter, Row, paragraph, render_pages, save_tiff
from test_safety import check_consistent, make_batch

LETTERBOOK = [sys.executable, "-m", "letterbook"]
ENV = dict(os.environ, OMP_THREAD_LIMIT="1", PYTHONPATH=str(ROOT))


def scan(name: str) -> Letter:
    rows = [Row(f"{name.upper()} AND PARTNERS", size=14, bold=True), Row("Ms Rhoda Keel", space=2),
            Row(f"Ref: {name[:3].upper()}/7", space=1), Row("9 July 2025"), Row("Dear Ms Keel,", space=1)]
    rows += paragraph(f"The survey of the {name} estate is complete and the drawings are enclosed for you.")
    # a small card, not a full page: OCR in half the time
    return Letter(rows + [Row("Yours sincerely,", space=1), Row(f"Owen {name}", space=1)], paper=(420, 360))


def make_scans(folder, names, frames=1):
    """Page scans as multi-frame TIFFs (a TIFF keeps its file open while its frames are read)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        page = render_pages(scan(name), dpi=150, colour=False)[0]
        (folder / f"{name}.tif").write_bytes(save_tiff([page] * frames))


def start(archive, *args, stdout=subprocess.PIPE):
    return subprocess.Popen([*LETTERBOOK, "--archive", str(archive), "ingest", *map(str, args)], cwd=ROOT, env=ENV,
                            stdout=stdout, stderr=subprocess.PIPE, text=True, start_new_session=True)


def children(pid: int) -> list:
    """Live (not zombie) child processes of pid."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    state, parent = handle.read().rsplit(")", 1)[1].split()[:2]
            except OSError:
                continue
            if int(parent) == pid and state != "Z":
                found.append(int(entry))
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def poll(condition, timeout=60.0, every=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    return condition()


def read_line(stream, timeout=90.0):
    """The next line of stream, or None when none comes in time."""
    box = []
    reader = threading.Thread(target=lambda: box.append(stream.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    return box[0] if box else None


def test_workers_die_with_a_killed_ingest_and_release_its_pipe(tmp_path):
    make_scans(tmp_path / "post", ["Ashby", "Brent", "Colley", "Dorling"])
    proc = start(tmp_path / "archive", "-j", "2", tmp_path / "post")
    workers = poll(lambda: len(children(proc.pid)) >= 2 and children(proc.pid))
    assert workers, proc.stderr.read()
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    # `letterbook ingest ... | tee log`: tee sees the end of its input once every writer is gone
    assert read_line(proc.stdout, timeout=30) == ""
    assert poll(lambda: not any(alive(w) for w in workers), timeout=30), [w for w in workers if alive(w)]


def interrupt_midway(tmp_path, send, expected_status, go_on=False):
    folder, archive = tmp_path / "post", tmp_path / "archive"
    make_scans(folder, ["Ashby", "Brent", "Colley", "Dorling"])
    total = 4 + make_batch(folder, 12, pdf_every=1000)
    proc = start(archive, "-v", "-j", "2", folder)
    first = read_line(proc.stdout)
    assert first and first.startswith("archived"), proc.stderr.read()
    send(proc)
    sent = time.monotonic()
    out, err = proc.communicate(timeout=60)
    assert time.monotonic() - sent < 20, "an interrupt must end the run promptly"
    assert proc.returncode == expected_status, err
    assert "Traceback" not in err
    said = [line for line in err.splitlines() if line.startswith("interrupted: ")]
    assert len(said) == 1 and said[0].endswith("run the same command again to go on"), err
    archived, not_read = [int(said[0].split()[i]) for i in (1, 3)]
    assert archived >= 1 and not_read >= 1
    assert archived + not_read == total
    assert check_consistent(archive) == archived  # what finished was committed, and indexed
    if not go_on:
        return
    again = run(archive, "ingest", "-q", folder)
    assert again.exit_code == 0, again.output
    assert check_consistent(archive) == total


def test_ctrl_c_commits_what_is_finished_and_says_what_is_left(tmp_path):
    # the terminal sends SIGINT to the whole process group: the workers and Tesseract too
    interrupt_midway(tmp_path, lambda proc: os.killpg(proc.pid, signal.SIGINT), 130, go_on=True)


def test_sigterm_commits_what_is_finished_and_says_what_is_left(tmp_path):
    interrupt_midway(tmp_path, lambda proc: os.kill(proc.pid, signal.SIGTERM), 143)


def small_pipe():
    """A pipe holding only 4 KB, so that a writer meets the closed end, not a roomy buffer."""
    read_end, write_end = os.pipe()
    fcntl.fcntl(write_end, getattr(fcntl, "F_SETPIPE_SZ", 1031), 4096)
    return read_end, write_end


def run_into_head(args, nbytes=100):
    """Run letterbook with stdout into a pipe whose reader takes nbytes and closes it (| head -c)."""
    read_end, write_end = small_pipe()
    proc = subprocess.Popen([*LETTERBOOK, *map(str, args)], cwd=ROOT, env=ENV, stdout=write_end,
                            stderr=subprocess.PIPE, text=True)
    os.close(write_end)
    head = os.read(read_end, nbytes)
    os.close(read_end)
    _, err = proc.communicate(timeout=120)
    return proc.returncode, head, err


def test_a_reader_closing_the_pipe_cancels_nothing(tmp_path):
    folder, archive = tmp_path / "post", tmp_path / "archive"
    total = make_batch(folder, 80, pdf_every=1000)
    status, head, err = run_into_head(["--archive", archive, "ingest", "-v", folder])
    assert head.startswith(b"archived")
    assert status == 0 and err == "", err
    assert check_consistent(archive) == total  # every letter archived, with its catalog rows
    for command in (["search", "*", "--limit", "200"], ["search", "order", "--json", "--limit", "200"],
                    ["export", "--format", "jsonl"], ["export", "--format", "csv"]):
        status, head, err = run_into_head(["--archive", archive, *command])
        assert head and status == 0 and err == "", (command, status, err)


def test_a_killed_worker_costs_only_the_letter_that_kills_it(tmp_path):
    folder, archive = tmp_path / "post", tmp_path / "archive"
    make_scans(folder, ["Ashby", "Brent"], frames=2)
    target = str(folder / "Brent.tif")
    make_batch(folder, 6, pdf_every=1000)
    proc = start(archive, "-j", "2", folder)
    kills = []

    def assassin():
        """Kill whichever worker has the target open: a file that kills its worker every time."""
        while proc.poll() is None:
            for worker in children(proc.pid):
                try:
                    holds = any(os.readlink(f"/proc/{worker}/fd/{fd}") == target
                                for fd in os.listdir(f"/proc/{worker}/fd"))
                except OSError:
                    continue
                if holds and worker not in kills:
                    os.kill(worker, signal.SIGKILL)
                    kills.append(worker)
            time.sleep(0.01)

    watcher = threading.Thread(target=assassin, daemon=True)
    watcher.start()
    out, err = proc.communicate(timeout=300)
    watcher.join(5)
    assert len(kills) == 2, (kills, err)
    assert proc.returncode == 1, err
    errors = [line for line in err.splitlines() if line.startswith("letterbook: error:")]
    assert errors == [f"letterbook: error: {target}: the worker reading it died 2 times (killed by a signal, "
                      "out of memory, or a crash in a library reading it)"], err
    lost = [line for line in err.splitlines() if line.startswith("letterbook: a worker process died while reading")]
    assert len(lost) == 1 and target in lost[0] and lost[0].endswith("again, one at a time"), err
    assert "BrokenProcessPool" not in err and "Traceback" not in err
    assert out.startswith("7 archived, 0 already there, 1 failed")
    assert check_consistent(archive) == 7


def test_an_index_that_cannot_be_written_costs_one_line_and_heals(tmp_path):
    folder, archive = tmp_path / "post", tmp_path / "archive"
    make_scans(folder, ["Ashby", "Brent"])
    total = 2 + make_batch(folder, 20, pdf_every=1000)
    proc = start(archive, "-v", "-j", "1", folder)
    first = read_line(proc.stdout)
    assert first and first.startswith("archived"), proc.stderr.read()
    # the index folder goes away under the writer, and what stands in its place cannot be
    # removed (immutable, as on a full or failing disk): a real failure of every write to it,
    # which rebuilding the index cannot mend either
    shutil.rmtree(archive / "index")
    (archive / "index").write_text("not an index\n")
    if subprocess.run(["chattr", "+i", archive / "index"], capture_output=True).returncode != 0:
        proc.kill()
        proc.communicate()
        pytest.skip("chattr +i is not available here")
    try:
        out, err = proc.communicate(timeout=120)
    finally:
        subprocess.run(["chattr", "-i", archive / "index"], capture_output=True)
    assert proc.returncode == 1, err
    assert "Traceback" not in err
    errors = [line for line in err.splitlines() if line.startswith("letterbook: error:")]
    assert len(errors) == 1 and "search index could not be written" in errors[0], err
    assert f"{total} archived, 0 already there, 0 failed" in out
    healed = run(archive, "search", "*", "--count")  # the next command mends the index first
    assert healed.exit_code == 0 and healed.output.splitlines()[-1] == str(total), healed.output
    assert check_consistent(archive) == total
