"""Every bad file gets one clear line naming it; the batch goes on; nothing archived is touched."""
import io
import json
import os
import subprocess
import sys

import pytest
from PIL import Image

from conftest import ROOT, SAMPLES, lines_json, run
from letterkit import Letter, Row, image_pdf, paragraph, render_pages, write_pdf


def small_letter(name="Wren"):
    rows = [Row(f"{name.upper()} BOOKBINDERS", size=14, bold=True), Row("Mr Felix Dunn", space=2),
            Row("Ref: WB/12", space=1), Row("2 June 2025"), Row("Dear Mr Dunn,", space=1)]
    rows += paragraph("Your ledger has been rebound in green cloth and is ready for collection at the shop.")
    rows += [Row("Yours sincerely,", space=1), Row(f"Ada {name}", space=1)]
    return Letter(rows)


@pytest.fixture(scope="module")
def page_png():
    image = render_pages(small_letter(), dpi=200, colour=False)[0]
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(200, 200))
    return buffer.getvalue()


def ingest(archive, *paths):
    return run(archive, "ingest", "-q", *paths)


def errors(result):
    return [line for line in result.output.splitlines() if line.startswith("letterbook: error:")]


BROKEN = {
    "empty.pdf": b"",
    "truncated.pdf": None,            # filled in below
    "noise.pdf": os.urandom(4000),
    "nopages.pdf": b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                   b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
                   b"trailer << /Root 1 0 R >>\n%%EOF\n",
    "corrupt.tif": b"II*\x00" + os.urandom(3000),
    "truncated.png": None,
    "truncated.jpg": None,
    "letter.docx": b"PK\x03\x04" + os.urandom(500),
    "archive.zip": b"PK\x03\x04" + os.urandom(500),
    "setup.exe": b"MZ\x90\x00" + os.urandom(500),
    "page.html": b"<!DOCTYPE html><html><body><p>Dear Sir</p></body></html>",
    "noise.txt": bytes(range(256)) * 20,
}


def test_bad_files_each_get_one_line_and_the_rest_go_in(archive, tmp_path, page_png):
    folder = tmp_path / "in"
    folder.mkdir()
    good_pdf = write_pdf(small_letter())
    BROKEN["truncated.pdf"] = good_pdf[: len(good_pdf) // 3]
    BROKEN["truncated.png"] = page_png[: len(page_png) // 2]
    jpeg = io.BytesIO()
    Image.open(io.BytesIO(page_png)).convert("L").save(jpeg, format="JPEG")
    BROKEN["truncated.jpg"] = jpeg.getvalue()[:600]
    for name, data in BROKEN.items():
        (folder / name).write_bytes(data)
    (folder / "good.pdf").write_bytes(write_pdf(small_letter("Good")))
    (folder / "broken link.txt").symlink_to(folder / "nowhere")
    os.symlink(folder / "loop-b", folder / "loop-a")
    os.symlink(folder / "loop-a", folder / "loop-b")

    result = run(archive, "ingest", "-v", folder)
    assert result.exit_code == 1
    lines = errors(result)
    # found in a folder, files that are no letter by type are skipped; letters that are broken fail
    strays = {"letter.docx", "archive.zip", "setup.exe", "page.html"}
    named = {name for name in list(BROKEN) + ["broken link.txt", "loop-a", "loop-b"]
             if any(f"/{name}: " in line for line in lines)}
    assert named == (set(BROKEN) - strays) | {"broken link.txt", "loop-a", "loop-b"}, "\n".join(lines)
    assert len(lines) == len(named)  # one line each, no tracebacks
    assert "Traceback" not in result.output
    reasons = "\n".join(lines)
    for expected in ("empty file", "binary", "symbolic link", "PDF has no pages"):
        assert expected in reasons
    skipped = "\n".join(line for line in result.output.splitlines() if line.startswith("skipped: "))
    for expected in ("ZIP container", "executable", "HTML"):
        assert expected in skipped
    assert "1 archived" in result.output and f"{len(named)} failed, 4 skipped: not letters" in result.output
    for stray in strays:  # named on the command line, a file that is no letter fails
        alone = ingest(archive, folder / stray)
        assert alone.exit_code == 1 and errors(alone)[0].startswith(f"letterbook: error: {folder / stray}: ")
    exported = lines_json(run(archive, "export").output)
    assert [r["source"] for r in exported] == ["good.pdf"]


def test_nothing_archived_before_is_touched(archive, tmp_path):
    good = tmp_path / "first.txt"
    good.write_text((SAMPLES / "basel-1926.txt").read_text())
    assert ingest(archive, good).exit_code == 0
    before = run(archive, "export").output
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 broken")
    assert ingest(archive, bad).exit_code == 1
    assert run(archive, "export").output == before
    assert run(archive, "verify").exit_code == 0


def test_awkward_but_valid_files_go_in(archive, tmp_path, page_png):
    folder = tmp_path / "awkward"
    folder.mkdir()
    base = Image.open(io.BytesIO(page_png)).convert("RGB")
    base.convert("CMYK").save(folder / "cmyk.jpg", format="JPEG", dpi=(200, 200))
    Image.fromarray(__import__("numpy").asarray(base.convert("L"), dtype="uint16") * 257).save(
        folder / "sixteen.png", dpi=(200, 200))
    base.convert("P", palette=Image.ADAPTIVE, colors=16).save(folder / "palette.gif")
    transparent = base.convert("RGBA")
    transparent.putalpha(Image.eval(base.convert("L"), lambda v: 0 if v > 200 else 255))
    transparent.save(folder / "transparent.png", dpi=(200, 200))
    base.save(folder / "scan.webp", format="WEBP", quality=90)
    (folder / "really-a-pdf.png").write_bytes(write_pdf(small_letter("Misnamed")))
    result = run(archive, "ingest", "-q", "-j", "2", folder)
    assert result.exit_code == 0, result.output
    rows = lines_json(run(archive, "export").output)
    assert len(rows) == 6
    for row in rows:
        assert row["ref"] == "WB/12", (row["source"], row["text"][:200])
    misnamed = [r for r in rows if r["source"] == "really-a-pdf.png"][0]
    assert misnamed["format"] == "pdf"


def test_odd_file_names(archive, tmp_path):
    folder = tmp_path / "names"
    folder.mkdir()
    text = (SAMPLES / "basel-1926.txt").read_text()
    for n, name in enumerate(["with space.txt", "new\nline.txt", "Grüße-été.txt"]):
        (folder / name).write_text(text + f"\nVariante {n}\n")
    result = ingest(archive, folder)
    assert result.exit_code == 0, result.output
    assert len(lines_json(run(archive, "export").output)) == 3


def test_decompression_bomb_and_max_pages(archive, tmp_path):
    bomb = tmp_path / "bomb.png"
    Image.new("1", (11000, 11000), 1).save(bomb)
    result = ingest(archive, bomb)
    assert result.exit_code == 1 and "decompression bomb" in result.output
    many = tmp_path / "many.pdf"
    many.write_bytes(write_pdf(Letter([Row("page")] + [r for i in range(5) for r in (Row(page_break=True), Row(f"p{i}"))])))
    result = run(archive, "ingest", "-q", "--max-pages", "3", many)
    assert result.exit_code == 1 and "--max-pages" in result.output


def test_text_in_utf16_and_legacy_encodings(archive, tmp_path):
    text = (SAMPLES / "basel-1926.txt").read_text()
    (tmp_path / "utf16.txt").write_bytes(text.encode("utf-16"))
    (tmp_path / "latin1.txt").write_bytes((text + "\nNachtrag\n").encode("latin-1"))
    assert ingest(archive, tmp_path / "utf16.txt", tmp_path / "latin1.txt").exit_code == 0
    rows = lines_json(run(archive, "export").output)
    assert all("Stähelin" in r["text"] for r in rows) and len(rows) == 2


def test_scanned_pdf_with_ocr_never(archive, tmp_path, page_png):
    path = tmp_path / "scan.pdf"
    path.write_bytes(image_pdf([Image.open(io.BytesIO(page_png))]))
    result = run(archive, "ingest", "-q", "--ocr", "never", path)
    assert result.exit_code == 0
    assert lines_json(run(archive, "export").output)[0]["text"] == ""


def test_missing_tesseract_says_how_to_install(tmp_path, page_png):
    image = tmp_path / "page.png"
    image.write_bytes(page_png)
    env = dict(os.environ, PATH=str(tmp_path))  # no tesseract on this PATH
    proc = subprocess.run([sys.executable, "-m", "letterbook", "--archive", str(tmp_path / "a"), "ingest", str(image)],
                          capture_output=True, text=True, env=env, cwd=ROOT)
    assert proc.returncode == 1
    assert "apt-get install tesseract-ocr" in proc.stderr and "Traceback" not in proc.stderr


def test_unknown_language_is_a_usage_error(archive, tmp_path):
    (tmp_path / "a.txt").write_text("Dear Sir,\n")
    result = run(archive, "ingest", "--lang", "eng+xyz", tmp_path / "a.txt")
    assert result.exit_code == 2 and "tesseract-ocr-xyz" in result.output


def test_ingest_json_summary(archive, tmp_path):
    (tmp_path / "a.txt").write_text("Wren Bookbinders\n\nDear Sir,\n\nDone.\n\nYours faithfully,\n\nAda Wren\n")
    (tmp_path / "b.pdf").write_bytes(b"")
    result = run(archive, "ingest", "--json", tmp_path)
    summary = json.loads([line for line in result.output.splitlines() if line.startswith("{")][0])
    assert summary["archived"] == 1 and summary["failed"][0]["reason"] == "unsupported file: empty file"


def test_encrypted_pdf_needs_its_password(archive, tmp_path):
    path = tmp_path / "locked.pdf"
    path.write_bytes(write_pdf(small_letter("Locked"), password="kestrel"))
    result = ingest(archive, path)
    assert result.exit_code == 1 and "encrypted PDF: give its password with --password" in result.output
    result = run(archive, "ingest", "-q", "--password", "wrong", path)
    assert result.exit_code == 1 and "does not open it" in result.output
    assert run(archive, "ingest", "-q", "--password", "kestrel", path).exit_code == 0
    assert lines_json(run(archive, "export").output)[0]["ref"] == "WB/12"


def test_pdf_with_a_broken_cross_reference_table_is_repaired(archive, tmp_path):
    data = write_pdf(small_letter("Xref"))
    start = data.index(b"xref\n")
    broken = data[:start] + data[start:].replace(b"00000 n", b"99999 n")  # every offset now wrong
    path = tmp_path / "badxref.pdf"
    path.write_bytes(broken.replace(b"startxref\n", b"startxref\n9"))
    result = ingest(archive, path)
    assert result.exit_code == 0, result.output  # pdfminer rebuilds the table by scanning the objects
    assert lines_json(run(archive, "export").output)[0]["ref"] == "WB/12"


def test_tesseract_that_takes_too_long_is_stopped(archive, tmp_path, page_png):
    (tmp_path / "slow.png").write_bytes(page_png)
    (tmp_path / "fine.txt").write_text("Wren Bookbinders\n\nDear Sir,\n\nDone.\n\nYours faithfully,\n\nAda Wren\n")
    result = run(archive, "ingest", "-q", "--ocr-timeout", "0.01", tmp_path)
    assert result.exit_code == 1
    assert "slow.png: Tesseract took longer than 0.01 s on a page" in result.output
    assert "1 archived" in result.output


def test_a_file_that_disappears_during_the_run(archive, tmp_path):
    from letterbook.archive import Archive
    from letterbook.ingest.discover import Candidate
    from letterbook.model import ReadOptions as Options
    from letterbook.app.ingest_run import Ingest
    from letterbook.app.index_sync import index_for
    good = tmp_path / "good.txt"
    good.write_text("Wren Bookbinders\n\nDear Sir,\n\nDone.\n\nYours faithfully,\n\nAda Wren\n")
    gone = tmp_path / "gone.txt"
    store = Archive(archive)
    try:
        job = Ingest(store, index_for(store), Options(), jobs=1)
        job._process([Candidate(paths=[gone]), Candidate(paths=[good])])  # listed, then deleted
    finally:
        store.close()
    assert job.summary.failed == [(str(gone), "the file disappeared before it could be read")]
    assert job.summary.archived == 1


def test_bag_round_trip(sample_archive, copy_of, sample_records, tmp_path):
    import subprocess as sp
    source = copy_of(sample_archive)
    letter_id = sample_records["harbour-trust.pdf"]["id"]
    run(source, "edit", letter_id, "--set", "subject=Dredging (corrected)")
    bag = tmp_path / "bag"
    result = run(source, "export", "--format", "bagit", bag, "--organisation", "Kilbride Archives")
    assert result.exit_code == 0 and "bagged 7 letters" in result.output
    assert "Source-Organization: Kilbride Archives" in (bag / "bag-info.txt").read_text()
    assert (bag / "manifest-sha256.txt").exists() and (bag / "manifest-sha512.txt").exists()
    check = sp.run([sys.executable, "-m", "bagit", "--validate", str(bag)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    assert "<dc:identifier>KHT/2025/118</dc:identifier>" in (bag / "data" / "letters" / letter_id / "dc.xml").read_text()
    restored = tmp_path / "restored"
    result = run(restored, "ingest", "-q", bag)
    assert result.exit_code == 0, result.output
    before = {r["id"]: r for r in lines_json(run(source, "export").output)}
    after = {r["id"]: r for r in lines_json(run(restored, "export").output)}
    assert before == after  # same letters, names, fields, corrections and text
    # a bag with a changed byte is refused whole
    victim = next((bag / "data" / "letters" / letter_id).glob("original-*"))
    victim.write_bytes(victim.read_bytes() + b" ")
    result = run(tmp_path / "third", "ingest", "-q", bag)
    assert result.exit_code == 1 and "not a valid bag" in result.output


def test_bag_export_refuses_a_folder_in_use(sample_archive, tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine")
    result = run(sample_archive, "export", "--format", "bagit", tmp_path / "full")
    assert result.exit_code == 1 and "not empty" in result.output
    assert (tmp_path / "full" / "keep.txt").read_text() == "mine"


def test_the_same_content_twice_in_one_run(archive, tmp_path):
    text = (SAMPLES / "basel-1926.txt").read_bytes()
    for n in range(6):
        (tmp_path / f"copy-{n}.txt").write_bytes(text)
    result = run(archive, "ingest", "-j", "2", tmp_path)
    assert result.exit_code == 0, result.output
    assert "1 archived, 5 already there" in result.output


def test_lang_auto_is_a_language_choice(archive, tmp_path):
    (tmp_path / "a.txt").write_text("Dear Sir,\n\nThe goods have arrived.\n\nYours faithfully,\n\nAda Wren\n")
    result = run(archive, "ingest", "-q", "--lang", "auto", tmp_path / "a.txt")
    assert result.exit_code == 0 and result.output.startswith("1 archived"), result.output
