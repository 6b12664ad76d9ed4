"""Files that are too big, too many, mis-tagged, unreadable or not letters at all: each is one
line (or one count), decided before any costly work, and the rest of the batch goes in."""
import io
import os
import subprocess
import sys
import time

from PIL import Image

from conftest import ROOT, SAMPLES, lines_json, run
from letterkit import save_tiff


def errors(result):
    return [line for line in result.output.splitlines() if line.startswith("letterbook: error:")]


def letter_text(n):
    return (f"Quill Stationers\n\n3 June 2024\n\nDear Friend {n},\n\nPens numbered {n * 7} are ready.\n\n"
            "Yours faithfully,\n\nQ. Quill\n")


def test_huge_files_are_refused_by_size_before_they_are_read(archive, tmp_path):
    folder = tmp_path / "post"
    folder.mkdir()
    for n in range(3):
        (folder / f"letter-{n}.txt").write_text(letter_text(n))
    with open(folder / "disk-image.pdf", "wb") as f:  # sparse: 6 GB that cost no disk
        f.truncate(6 * 2**30)
    with open(folder / "huge-scan.png", "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.truncate(6 * 2**30)
    (folder / "long.txt").write_text(letter_text(9) + "More pens. " * 1_000_000)  # 11 MB
    started = time.monotonic()
    result = run(archive, "ingest", "-q", folder)
    assert time.monotonic() - started < 60
    assert result.exit_code == 1 and "Traceback" not in result.output
    reasons = {line.split(": ")[2].rsplit("/", 1)[-1]: line.split(": ", 3)[3] for line in errors(result)}
    assert set(reasons) == {"disk-image.pdf", "huge-scan.png", "long.txt"}, result.output
    assert reasons["disk-image.pdf"] == "unsupported file: unrecognised binary content"
    assert reasons["huge-scan.png"].startswith("file of 6.0 GB is too large for an image (the limit is 512.0 MB")
    assert reasons["long.txt"].startswith("file of 10.5 MB is too large for a transcript (the limit is 10.0 MB")
    assert result.output.splitlines()[-1].startswith("3 archived, 0 already there, 3 failed")
    # the limit is the user's to set
    pdf = SAMPLES / "allotment-society.pdf"
    small = run(archive, "ingest", "-q", "--max-bytes", "100K", pdf)
    assert small.exit_code == 1 and "too large for a PDF (the limit is 0.1 MB" in small.output
    assert run(archive, "ingest", "--max-bytes", "lots", pdf).exit_code == 2


def png(size, dpi) -> bytes:
    image = Image.new("L", size, 255)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=dpi)
    return buffer.getvalue()


def test_no_dpi_tag_or_page_size_makes_a_page_huge(archive, tmp_path):
    folder = tmp_path / "odd"
    folder.mkdir()
    (folder / "one-dpi.png").write_bytes(png((64, 64), (1, 1)))          # 19,200 px a side if believed
    (folder / "fax-gone-wrong.png").write_bytes(png((300, 200), (300, 1)))  # 60,000 px tall if believed
    page = io.BytesIO()
    Image.new("L", (200, 12), 255).save(page, format="PDF", resolution=1.0)  # a page 200 inches wide
    (folder / "billboard.pdf").write_bytes(page.getvalue())
    started = time.monotonic()
    result = run(archive, "ingest", "-q", "-j", "1", folder)
    assert time.monotonic() - started < 60, "a page's working size must stay bounded"
    assert result.exit_code == 0, result.output
    assert len(lines_json(run(archive, "export").output)) == 3


def test_frames_are_counted_before_any_is_read(archive, tmp_path):
    frames = [Image.new("L", (40, 40), 255)] * 501
    many = tmp_path / "many.tif"
    many.write_bytes(save_tiff(frames))
    started = time.monotonic()
    result = run(archive, "ingest", "-q", many)
    assert time.monotonic() - started < 30  # reading 500 frames first took minutes
    assert errors(result) == [f"letterbook: error: {many}: image has 501 frames, more than --max-pages 500"]


def run_unprivileged(args):
    """letterbook run without the power to read every folder whatever its mode. Root has that
    power as the capabilities CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH: they are dropped from
    the bounding set before the program starts, so it runs as root but is refused like a user."""
    def drop():
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
            if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
                raise OSError(ctypes.get_errno(), "cannot drop a capability")

    return subprocess.run([sys.executable, "-m", "letterbook", *map(str, args)], cwd=ROOT,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)), capture_output=True, text=True,
                          timeout=120, preexec_fn=drop if os.geteuid() == 0 else None)


def test_an_unreadable_folder_is_reported_not_skipped(tmp_path):
    post = tmp_path / "post"
    (post / "sub").mkdir(parents=True)
    for n, where in enumerate([post, post, post / "sub"]):
        (where / f"letter-{n}.txt").write_text(letter_text(n))
    (post / "sub").chmod(0o000)
    try:
        result = run_unprivileged(["--archive", tmp_path / "archive", "ingest", "-q", post])
    finally:
        (post / "sub").chmod(0o755)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.splitlines() == [f"letterbook: error: {post}/sub: folder cannot be read (permission "
                                          "denied); its letters were not looked for"], result.stderr
    assert result.stdout.startswith("2 archived, 0 already there, 1 failed")


def test_stray_files_among_letters_are_skipped_and_counted(archive, tmp_path):
    folder = tmp_path / "scans"
    (folder / "batch").mkdir(parents=True)
    for n in range(2):
        (folder / "batch" / f"letter-{n}.txt").write_text(letter_text(n))
    (folder / "labels.jsonl").write_text('{"file": "letter-0.txt", "label": "order"}\n' * 3)
    (folder / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    (folder / "README.md").write_text("# Scans of 2024\n\nScanned at 300 dpi by the volunteers.\n\n"
                                      "- batch/: the June post\n- labels.jsonl: labels for training\n")
    (folder / "index.csv").write_text("file,sender,pages\nletter-0.txt,Quill,1\nletter-1.txt,Quill,1\n")
    (folder / "ledger.xlsx").write_bytes(b"PK\x03\x04" + bytes(300))
    quiet = run(archive, "ingest", "-q", folder)
    assert quiet.exit_code == 0, quiet.output
    assert quiet.output.splitlines() == ["2 archived, 0 already there, 0 failed, 5 skipped: not letters "
                                         "(-v lists them) (2 pages in " + quiet.output.split(" pages in ")[1].strip()]
    verbose = run(tmp_path / "other", "ingest", "-v", folder)
    skipped = sorted(line.split(": ")[1].rsplit("/", 1)[1] for line in verbose.output.splitlines()
                     if line.startswith("skipped: "))
    assert skipped == ["README.md", "Thumbs.db", "index.csv", "labels.jsonl", "ledger.xlsx"], verbose.output
    assert "README.md: plain text with no line of a letter (address, date, salutation or closing)" in verbose.output
    assert sorted(r["source"] for r in lines_json(run(archive, "export").output)) == ["letter-0.txt", "letter-1.txt"]
    named = run(archive, "ingest", "-q", folder / "labels.jsonl")  # named on the command line: a failure
    assert named.exit_code == 1 and errors(named) == [
        f"letterbook: error: {folder / 'labels.jsonl'}: unsupported file: JSON data, not a letter transcript"]
