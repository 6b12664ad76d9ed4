"""Files are known by their bytes; page files of one letter are grouped by name."""
from pathlib import Path

import pytest

from letterbook.ingest.discover import UnsupportedFile, group_pages, sniff


@pytest.mark.parametrize("head, media", [
    (b"%PDF-1.7\n...", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n....", "image/png"),
    (b"\xff\xd8\xff\xe0..JFIF", "image/jpeg"),
    (b"II*\x00....", "image/tiff"),
    (b"MM\x00*....", "image/tiff"),
    (b"GIF89a....", "image/gif"),
    (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image/webp"),
    ("Dear Sir,\nThank you.\n".encode(), "text/plain"),
    ("Liebe Grüße".encode("latin-1"), "text/plain"),
    ("Dear Sir".encode("utf-16"), "text/plain"),
])
def test_sniff_by_content(head, media):
    assert sniff(head) == media


@pytest.mark.parametrize("head, reason", [
    (b"", "empty"),
    (b"PK\x03\x04\x14\x00", "ZIP"),
    (b"MZ\x90\x00\x03", "executable"),
    (b"<!DOCTYPE html><html><body>hi</body></html>", "HTML"),
    (b'{"id": "L00001", "file": "a.pdf"}\n', "JSON"),
    (bytes(range(256)) * 4, "binary"),
])
def test_sniff_refuses_what_is_no_letter(head, reason):
    with pytest.raises(UnsupportedFile, match=reason):
        sniff(head)


def test_page_files_become_one_letter():
    names = ["a/L1-p2.png", "a/L1-p1.png", "a/scan_001.tif", "a/scan_002.tif", "a/other.pdf",
             "a/note.txt", "a/x_p1.jpg", "b/L1-p3.png"]
    letters = group_pages([Path(n) for n in names])
    as_names = sorted([str(p) for p in c.paths] for c in letters)
    assert ["a/L1-p1.png", "a/L1-p2.png"] in as_names
    assert ["a/scan_001.tif", "a/scan_002.tif"] in as_names
    assert ["b/L1-p3.png"] in as_names        # other folder, other letter
    assert ["a/other.pdf"] in as_names        # only images form page series
    assert len(letters) == 6


def test_one_letter_takes_every_file():
    letters = group_pages([Path("x.png"), Path("y.jpg")], one_letter=True)
    assert len(letters) == 1 and len(letters[0].paths) == 2
