"""What on an OCR'd page is not plain print: ink marks (signatures, stamps) and bold words.

How a mark becomes has_signature:
1. `ink_marks` (here) finds blobs of ink that OCR did not read as confident print: the
   page's dark pixels, with every word that looks like print blanked out, gathered into
   1 mm cells and joined into connected groups. Blue ink is told apart (`blue_ink`). The
   page keeps the largest eight as `Page.marks`: `letterbook.model.Mark(kind="ink")`, with
   the blob's pixels as `crop`. PDF pages get image and drawing marks from pdf.py instead.
2. The parser (`LetterParser.read_signature` in letter.py) takes the first of the page's
   marks that lies between the closing ("Yours sincerely") and the typed name under it:
   has_signature is true, more confidently for blue ink, unless the text itself says the
   letter was signed or was not (a "signed electronically" line outweighs any mark).
3. The reader (reader.py) saves that one mark's crop as the letter's signature image.

Bold is measured here too, from stroke widths, because Tesseract's LSTM engine gives no
font attributes: the parser takes a bold line for a letterhead or a subject.
"""
from __future__ import annotations

import numpy as np
from PIL import Image, ImageChops, ImageFilter

from letterbook.ingest.image import OCR_DPI, majority
from letterbook.model import Mark

# Pixels per cell (1 mm at 300 dpi) for finding ink that is not print: marks are joined
# from cells that hold ink, not from pixels (see _components).
CELL = 12
# A word whose strokes are this much wider than the page's usual print is bold. On 20
# heavily degraded generated pages the bold lines (letterheads, subjects) had a median
# stroke 1.81 times the page's, a quarter of them under 1.47; plain lines 1.08 at the 95th
# percentile.
BOLD_STROKE = 1.3


def mark_bold(words: list, ink: Image.Image) -> None:
    """Set each word's bold flag from its stroke width on the thresholded page: the mean
    length of its runs of ink along the rows, beside the page's median word's. Tesseract's
    LSTM engine gives no font attributes, and a bold line after the salutation is the
    subject, in the letterhead the organisation."""
    if len(words) < 10:
        return
    dark = np.asarray(ink) == 0
    strokes = []
    for w in words:
        box = dark[max(0, int(w.top)):int(w.bottom), max(0, int(w.x0)):int(w.x1)]
        runs = int(np.count_nonzero(box[:, 1:] & ~box[:, :-1])) + int(np.count_nonzero(box[:, :1]))
        strokes.append(np.count_nonzero(box) / runs if runs else 0.0)
    typical = sorted(s for s, w in zip(strokes, words) if sum(c.isalpha() for c in w.text) >= 3)
    if len(typical) < 10:
        return
    median = typical[len(typical) // 2]
    for w, stroke in zip(words, strokes):
        w.bold = bool(median and stroke > median * BOLD_STROKE)


def blue_ink(image: Image.Image):
    """Where the page has blue ink (an 'L' mask), or None for grey pages. Taken from the
    colour scan before it is made grey; ocr.py turns the mask with the page."""
    if image.mode not in ("RGB", "RGBA", "P", "CMYK"):
        return None
    red, green, blue = image.convert("RGB").split()
    # Pillow's own channel arithmetic: a tenth of the time of the same sums in numpy
    bluer_than_red = ImageChops.subtract(blue, red).point(lambda v: 255 if v > 40 else 0)
    bluer_than_green = ImageChops.subtract(blue, green).point(lambda v: 255 if v > 15 else 0)
    mask = ImageChops.multiply(bluer_than_red, bluer_than_green)
    return mask if mask.getbbox() else None


def ink_marks(grey: Image.Image, blue_mask, words: list, dpi: int = OCR_DPI) -> list:
    """Blobs of ink that OCR did not read as confident print: signatures, stamps, drawings.

    Each is a Mark(kind="ink") with its box, whether it is blue, its size in cells (the
    marks come largest first, at most eight) and crop, the blob's image, for the archive's
    signature crop (ingest.reader saves the one taken as the signature).
    Worked out at 100-200 dpi (half resolution for a 300 dpi page): a pen stroke is still
    two or more pixels wide there, so the despeckling below keeps it.
    """
    step = 2 if dpi >= 250 else 1
    heights = sorted(w.bottom - w.top for w in words
                     if w.conf is not None and w.conf >= 80 and sum(c.isalnum() for c in w.text) >= 2)
    typical = heights[len(heights) // 2] if heights else None  # a word of the page's print
    # the tallest confident word of each line Tesseract found; a word, not a stroke read as
    # "(" or "/" (a signature read as "|ece. ( Weer": the bracket at 88, as tall as the pen)
    line_heights: dict = {}
    for w in words:
        if _confident_print(w, typical) and sum(c.isalnum() for c in w.text) >= 2:
            unit = getattr(w, "unit", None)
            line_heights[unit] = max(line_heights.get(unit, 0), w.bottom - w.top)
    work = grey.reduce(step) if step > 1 else grey
    page = np.asarray(work, dtype=np.int16)
    # the paper's tone from a despeckled sample (every fourth pixel): within a level of the
    # whole page's, at a sixteenth of the cost
    sample = Image.fromarray(np.ascontiguousarray(page[::4, ::4]).astype(np.uint8))
    paper = float(np.percentile(np.asarray(sample.filter(ImageFilter.MedianFilter(3))), 90))
    dark = majority(page < paper - 70)
    blue = None
    if blue_mask is not None:
        blue = np.asarray(blue_mask.reduce(step) if step > 1 else blue_mask) > 60
        if blue.shape == dark.shape:
            dark = dark | blue
        else:
            blue = None
    for w in words:  # words read as print are print, not marks
        if _print_like(w, line_heights, typical) and sum(c.isalnum() for c in w.text) >= 2:
            dark[int(w.top) // step:int(w.bottom) // step + 1, int(w.x0) // step:int(w.x1) // step + 1] = False
    cell = max(2, round(CELL * dpi / OCR_DPI / step))  # about 1 mm, in working pixels
    size = cell * step                                  # the same in page pixels
    to_300 = OCR_DPI / dpi
    h, w_ = dark.shape
    rows, cols = h // cell, w_ // cell
    if not rows or not cols:
        return []
    cells = dark[:rows * cell, :cols * cell].reshape(rows, cell, cols, cell).mean(axis=(1, 3)) > 0.04
    marks = []
    for (r0, c0, r1, c1, count) in _components(cells):
        width, height = (c1 - c0 + 1) * size * to_300, (r1 - r0 + 1) * size * to_300
        if count < 12 or width < 90 or height < 30:
            continue  # specks, dirt and stray dots (sizes in pixels at 300 dpi)
        box = (c0 * size, r0 * size, (c1 + 1) * size, (r1 + 1) * size)
        is_blue = bool(blue is not None and blue[r0 * cell:(r1 + 1) * cell, c0 * cell:(c1 + 1) * cell].mean() > 0.01)
        # the pixels, not a PNG: only the one mark the parser takes for the signature is
        # saved, and compressing every blob of every page cost more than finding them
        marks.append(Mark(box=box, kind="ink", blue=is_blue, cells=int(count), crop=grey.crop(box)))
    marks.sort(key=lambda m: -m.cells)
    return marks[:8]


def _confident_print(word, typical) -> bool:
    """Read confidently, and no taller than twice the page's print, or very confidently (a
    large letterhead). A signature read as words ("heirs brow", 61) is two to three times
    as tall as the print under it."""
    if word.conf is None or word.conf >= 90:
        return True
    return word.conf >= 60 and (typical is None or word.bottom - word.top <= typical * 2)


def _print_like(word, line_heights: dict, typical=None) -> bool:
    """Confident print, or no taller than the confident print on its own line. Tesseract
    gives the first or last word of a line a confidence of 0-50 now and then though it read
    it right ("Dame Hazel Tomlinson": 0, 96, 90): left in the ink mask, the typed name under
    a blank signature space was taken for a signature. Handwriting read as words is taller
    than the print beside it (the tallest is dropped before this, see ocr.drop_scribbles)."""
    if _confident_print(word, typical):
        return True
    tallest = line_heights.get(getattr(word, "unit", None))
    return bool(tallest) and word.bottom - word.top <= tallest * 1.5


def _components(cells: np.ndarray):
    """Connected groups of set cells (8-neighbour, with a one-cell bridge for pen gaps)."""
    seen = np.zeros_like(cells, dtype=bool)
    rows, cols = cells.shape
    for r, c in zip(*np.nonzero(cells)):
        if seen[r, c]:
            continue
        stack, seen[r, c] = [(r, c)], True
        r0 = r1 = r
        c0 = c1 = c
        count = 0
        while stack:
            y, x = stack.pop()
            count += 1
            r0, r1, c0, c1 = min(r0, y), max(r1, y), min(c0, x), max(c1, x)
            for dy in (-2, -1, 0, 1, 2):
                for dx in (-2, -1, 0, 1, 2):
                    ny, nx = y + dy, x + dx
                    if 0 <= ny < rows and 0 <= nx < cols and cells[ny, nx] and not seen[ny, nx]:
                        seen[ny, nx] = True
                        stack.append((ny, nx))
        yield r0, c0, r1, c1, count
