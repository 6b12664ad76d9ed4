"""`show --png`: a page as letterbook prepared it, with each field's evidence drawn on it.

An archivist sees at a glance why a field is what it is: the box of the line each field was
read from, named, and the mark taken as the hand signature. The page is prepared again from
the original (the same steps as OCR; nothing is stored for it), so the boxes fall where they
were read.
"""
from __future__ import annotations

from PIL import Image, ImageDraw, ImageFont

from letterbook.ingest.extract import page_image
from letterbook.ingest.image import to_grey
from letterbook.ingest.ocr import prepared_page
from letterbook.model import LetterRecord

FIELD_COLOUR = (200, 30, 30)
SIGNATURE_COLOUR = (20, 90, 220)
RENDER_SCALE = 2.0   # a page read from its text layer is drawn at 144 dpi (its boxes are in points)


class NoPicture(Exception):
    """The page cannot be drawn: the reason, for one line."""


def evidence_picture(archive_root, record: LetterRecord, page_number: int) -> Image.Image:
    if not 1 <= page_number <= len(record.pages):
        raise NoPicture(f"letter {record.id} has no page {page_number} (it has {len(record.pages)})")
    page = record.pages[page_number - 1]
    if page["method"] in ("transcript", "none"):
        raise NoPicture(f"page {page_number} of letter {record.id} is text only: there is no page to draw")
    source = record.sources[page["source_seq"]]
    try:
        original = page_image(archive_root / source["stored"], source["media_type"], page["frame"])
    except Exception as err:  # an encrypted or vanished original: said in one line
        raise NoPicture(f"the original {source['name']} could not be drawn ({err})")
    if page["method"] == "ocr":
        canvas, scale = _as_read(original, page), 1.0
    else:
        canvas = to_grey(original)
        scale = canvas.width / page["width"] if page["width"] else RENDER_SCALE
    canvas = canvas.convert("RGB")
    draw = ImageDraw.Draw(canvas)
    font = _font(canvas)
    boxes = {}  # fields read from one line share its box: "date, date_text"
    for name, found in sorted(record.extracted.items()):
        evidence = found.get("evidence") or {}
        if evidence.get("page") == page_number and evidence.get("box"):
            boxes.setdefault(tuple(evidence["box"]), []).append("signature" if name == "has_signature" else name)
    for where, names in boxes.items():
        box = [v * scale for v in where]
        colour = SIGNATURE_COLOUR if "signature" in names else FIELD_COLOUR
        label = ", ".join(names)
        draw.rectangle(box, outline=colour, width=max(2, canvas.width // 600))
        top = max(0, box[1] - font.size - 2) if hasattr(font, "size") else max(0, box[1] - 12)
        draw.text((box[0], top), label, fill=colour, font=font)
    return canvas


def _as_read(original: Image.Image, page: dict) -> Image.Image:
    """The prepared page whose pixels the boxes were measured in: prepared again, or the page
    as it came when OCR's guard kept the plain reading, or (a page OCR turned) fitted to size."""
    size = (round(page["width"] or 0), round(page["height"] or 0))
    grey = prepared_page(original)[0]
    if grey.size == size or not all(size):
        return grey
    plain = to_grey(original)
    if plain.size == size:
        return plain
    if (grey.height, grey.width) == size:  # turned a quarter by OCR's remedy
        return grey.rotate(90, expand=True)
    return grey.resize(size)


def _font(canvas: Image.Image):
    try:
        return ImageFont.load_default(size=max(14, canvas.height // 80))
    except TypeError:  # Pillow before 10.1 has one size
        return ImageFont.load_default()
