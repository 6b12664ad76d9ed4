"""Page preparation for OCR: everything that turns a scanned page into what Tesseract reads.

A page is made grey, read at its own resolution when that is fit for OCR, turned level
when it is skewed, and thresholded into black ink on white paper with the dirt taken out.
Nothing here runs Tesseract (see tesseract.py); ocr.py puts the steps in their order.
"""
from __future__ import annotations

import numpy as np
from PIL import Image, ImageFilter

# The resolution Tesseract is given when a scan says none, or one outside NATIVE_DPI (the
# page is then resized to it): Tesseract's recognition is trained for print at about this
# size, and the sizes in pixels used in marks.py are stated for it.
OCR_DPI = 300
# Scans between these resolutions are read as they are. Enlarging a 200 dpi page to 300
# made Tesseract a third slower for the same characters (light and heavy generated scans:
# CER 0.8% either way), and 600 dpi costs four times 300 for nothing; a 100 dpi fax is
# too coarse for Tesseract's line finding and is enlarged.
NATIVE_DPI = (150, 400)
# Tesseract finds lines skewed by less than a degree as well as level ones, and turning a
# 300 dpi page costs 90 ms (a tenth of its OCR): such pages are read as they are. On 40
# heavily degraded generated scans, CER 2.2% with this threshold and 2.3% turning every
# page skewed by 0.2 degrees or more; fields 93.3% and 93.5% (one field in 480).
MIN_TURN = 1.0
# Pages of at least this resolution are despeckled before OCR: pen and print strokes are
# two or more pixels wide there and survive a 3x3 majority; at 150 dpi it thinned light
# scans' strokes (CER 0.27% -> 0.58%, 14 pages halved from 300 dpi).
DESPECKLE_DPI = 200
# Paper and ink closer than this (grey levels) is a blank or nearly blank page: its
# threshold would cut the paper's own grain in two, and Tesseract is left to it.
MIN_CONTRAST = 48
# The height (pixels) of a typical glyph, measured on the page, that Tesseract reads best at.
# Measured on 26 real scans (75 dpi letter pages, a court PDF) against plain `tesseract`:
# rescaling to it found 402 of 554 label words against 191, and on generated low-resolution
# photocopies CER 0.31 -> 0.013 (with Tesseract's own Sauvola threshold, see ocr.py).
TARGET_GLYPH_PX = 25
# Pages whose glyphs are within these factors of the target are left at their own size:
# the generated 150-400 dpi scans read as well there, and resizing costs time.
KEEP_SCALE = (0.5, 1.4)
# The longest side (pixels) a page is enlarged to: letter paper at about 360 dpi. A 300 dpi
# page is never enlarged, whatever its specks make of the glyph estimate, and a page's working
# size stays bounded however small its glyphs look.
MAX_ENLARGED_SIDE = 4000
# DPI tags outside these bounds are not believed (a 64 x 64 PNG tagged 1 dpi would be
# "enlarged" to 19,200 pixels a side): the page is then read as if it stated none.
PLAUSIBLE_DPI = (30, 4800)
# A fax's resolutions differ by about two; tags further apart than this are not believed.
MAX_DPI_RATIO = 4.0
# Letter paper is never square: a square page is a letter squashed by an export (the 640x640
# Tobacco800 pages are 1.29x too short) and is stretched back to 8.5 x 11 inches.
LETTER_ASPECT = 11 / 8.5


def to_grey(image: Image.Image) -> Image.Image:
    """A greyscale copy, with transparency flattened onto white paper."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
        paper = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(paper, image)
    if image.mode == "I;16" or image.mode.startswith("I"):
        array = np.asarray(image, dtype=np.float64)
        top = array.max() or 1.0
        image = Image.fromarray((array * (255.0 / top)).astype(np.uint8))
    if image.mode == "CMYK":
        image = image.convert("RGB")
    return image.convert("L")


def true_aspect(image: Image.Image, grey: Image.Image, blue=None) -> tuple:
    """(grey, blue) stretched to the paper's shape: a fax's unequal resolutions (204 x 98 dpi)
    made square pixels, and a square page stretched to letter proportions."""
    dpi = image.info.get("dpi")
    try:
        across, down = (float(dpi[0]), float(dpi[1])) if dpi else (0.0, 0.0)
    except (TypeError, ValueError, IndexError):
        across = down = 0.0
    size = None
    if _plausible(across) and _plausible(down) and abs(across / down - 1) > 0.05 \
            and 1 / MAX_DPI_RATIO <= across / down <= MAX_DPI_RATIO:
        size = (grey.width, round(grey.height * across / down))
    elif grey.height and abs(grey.width / grey.height - 1) < 0.03:
        size = (grey.width, round(grey.width * LETTER_ASPECT))
    if size is None:
        return grey, blue
    size = bounded(grey.size, size[0] / grey.width, size[1] / grey.height)
    return grey.resize(size, Image.BICUBIC), (blue.resize(size) if blue else None)


def _plausible(dpi) -> bool:
    return dpi is not None and PLAUSIBLE_DPI[0] <= dpi <= PLAUSIBLE_DPI[1]


def bounded(size: tuple, across: float, down: float = None) -> tuple:
    """size scaled by these factors, enlarged to no more than MAX_ENLARGED_SIDE a side (a page
    already larger is not enlarged at all) and to at least one pixel: every resize of a page
    goes through this, so that no tag or estimate can make its working size explode."""
    down = across if down is None else down
    width, height = size[0] * across, size[1] * down
    longest = max(width, height)
    if longest > max(size) and longest > MAX_ENLARGED_SIDE:
        shrink = max(MAX_ENLARGED_SIDE, max(size)) / longest
        width, height = width * shrink, height * shrink
    return max(1, round(width)), max(1, round(height))


GLYPH_MEASURE_HALVED_FROM = 2400   # pixels on the longest side


def glyph_height(grey: Image.Image):
    """The height in pixels of the page's typical glyph (the 40th percentile of dark connected
    shapes shaped like letters), or None on a page with too few of them to tell."""
    import cv2
    # a large page is measured at half size (its glyphs stay a dozen pixels and more tall): the
    # same answer in a third of the time, on every page of a 300 dpi scan
    step = 2 if max(grey.size) >= GLYPH_MEASURE_HALVED_FROM else 1
    pixels = np.asarray(grey.reduce(step) if step > 1 else grey)
    _, ink = cv2.threshold(pixels, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if count < 21:
        return None
    heights = stats[1:, cv2.CC_STAT_HEIGHT].astype(float)
    widths = stats[1:, cv2.CC_STAT_WIDTH].astype(float)
    areas = stats[1:, cv2.CC_STAT_AREA].astype(float)
    letter_like = ((heights >= 3) & (heights <= pixels.shape[0] / 15) & (widths <= 4 * heights)
                   & (widths >= 0.1 * heights) & (areas >= 6) & (areas <= 0.95 * heights * widths + 1))
    if letter_like.sum() < 20:
        return None
    return float(np.percentile(heights[letter_like], 40)) * step


def text_scale(grey: Image.Image) -> float:
    """The factor that brings the page's glyphs to TARGET_GLYPH_PX (1.0 when they are near it or
    cannot be measured): the page's own text, not its DPI tag, which is often absent or wrong."""
    height = glyph_height(grey)
    if not height:
        return 1.0
    factor = min(6.0, max(0.25, TARGET_GLYPH_PX / height), MAX_ENLARGED_SIDE / max(grey.size))
    return 1.0 if KEEP_SCALE[0] <= factor <= KEEP_SCALE[1] else factor


def scan_dpi(image: Image.Image):
    """The resolution the scan states (dots per inch across), or None when it states none."""
    dpi = image.info.get("dpi")
    try:
        stated = float(dpi[0]) if dpi else None
    except (TypeError, ValueError, IndexError):
        return None
    return stated if _plausible(stated) else None


def native_dpi(image: Image.Image):
    """The scan's stated resolution, rounded, when the page is read at it (NATIVE_DPI), or None."""
    stated = round(scan_dpi(image) or 0)
    return stated if NATIVE_DPI[0] <= stated <= NATIVE_DPI[1] else None


def shrunk(grey: Image.Image, longest: int) -> Image.Image:
    """The page reduced by a whole factor to at most `longest` pixels a side: averaging
    blocks of pixels, a fifth of the time of a copy and a thumbnail of a 300 dpi page."""
    return grey.reduce(max(1, -(-max(grey.size) // longest)))


def estimate_skew(grey: Image.Image, limit: float = 6.0) -> float:
    """The rotation that makes text lines horizontal (degrees), by projection profiles.

    Rows of text give the sharpest peaks in the row sums when the page is level. A coarse
    search in whole degrees, then quarter degrees around the best.
    """
    small = shrunk(grey, 700)
    # The row a dark pixel lands in when the page is turned by an angle, worked out for the
    # dark pixels alone: a fifth of the time of turning the whole image for every angle tried.
    rows_of, cols_of = np.nonzero(np.asarray(small) < 175)
    middle_row, middle_col = (small.height - 1) / 2, (small.width - 1) / 2
    down, across = rows_of - middle_row, cols_of - middle_col

    def score(angle: float) -> float:
        turn = np.radians(angle)  # counter-clockwise, as Image.rotate turns
        rows = np.rint(down * np.cos(turn) - across * np.sin(turn) + middle_row).astype(np.int64)
        rows = rows[(rows >= 0) & (rows < small.height)]
        profile = np.bincount(rows, minlength=small.height).astype(np.float64)
        return float(np.square(np.diff(profile)).sum())

    coarse = max(np.arange(-limit, limit + 0.5, 1.0), key=lambda a: score(float(a)))
    fine = max(np.arange(coarse - 0.75, coarse + 0.8, 0.25), key=lambda a: score(float(a)))
    return float(fine)


def paper_tone(grey: Image.Image) -> int:
    """The page's background level. Turned pages are filled with it, not white: white corners
    beside grey paper make Tesseract's global threshold take the paper for ink."""
    small = shrunk(grey, 400)
    return int(np.percentile(np.asarray(small), 75))


def straighten(grey: Image.Image) -> tuple:
    """The page turned level, and the angle it was turned by (0.0 when left as it was)."""
    angle = estimate_skew(grey)
    if abs(angle) < MIN_TURN:
        return grey, 0.0
    return grey.rotate(angle, resample=Image.BILINEAR, expand=False, fillcolor=paper_tone(grey)), angle


def ink_for_ocr(grey: Image.Image, dpi: int, despeckle: bool = None) -> Image.Image:
    """The page as black ink on white paper, for Tesseract: one global threshold between
    paper and ink (Otsu's), then a 3x3 majority that takes out dirt specks and grain.

    Tesseract thresholds a grey page itself, but leaves the specks: dots beside a word
    merged with it ("January" read as "ee" from a clean line with grain above it). On 23
    heavily degraded generated pages CER fell from 1.65% to 0.97%, on 30 light ones from
    0.23% to 0.19%, and Tesseract took a tenth less time on the cleaner page (10 ms here).

    A page too blank to threshold is given back as it came (the same object): ocr.py
    tells by that that there are no strokes to measure for bold.
    """
    level, contrast = otsu_level(grey.histogram())
    page = grey
    if contrast < MIN_CONTRAST:
        # A page with little on it (a last page: the closing and a name): the paper's grain
        # outweighs the ink in the histogram and the split falls inside the paper. A 3x3
        # mean narrows the grain and keeps 3-pixel strokes (contrast 9-21 -> 47-99 on the
        # generated heavy scans' last pages).
        page = grey.filter(ImageFilter.BoxBlur(1))
        level, contrast = otsu_level(page.histogram())
        if contrast < MIN_CONTRAST:
            return grey
    dark = np.asarray(page) <= level
    if despeckle if despeckle is not None else dpi >= DESPECKLE_DPI:
        dark = majority(dark)
    return Image.fromarray((~dark).view(np.uint8) * np.uint8(255))


def otsu_level(histogram: list) -> tuple:
    """The grey level that best splits a page's pixels into paper and ink (Otsu's method),
    and how far apart the two classes' mean levels are."""
    histogram = histogram[:256]
    total = sum(histogram)
    grand = sum(level * count for level, count in enumerate(histogram))
    below = below_sum = 0
    best, level, contrast = -1.0, 0, 0.0
    for value, count in enumerate(histogram):
        below += count
        below_sum += value * count
        above = total - below
        if not below or not above:
            continue
        dark_mean, light_mean = below_sum / below, (grand - below_sum) / above
        between = below * above * (light_mean - dark_mean) ** 2
        if between > best:
            best, level, contrast = between, value, light_mean - dark_mean
    return level, contrast


def majority(mask: np.ndarray) -> np.ndarray:
    """Pixels dark in at least five of their 3x3 neighbourhood: what a 3x3 median filter
    and then the threshold would give (the fifth darkest of nine is below the threshold
    exactly when five are). Counted as a column of three then a row of three: 10 ms for a
    300 dpi page, a fortieth of Pillow's median. Used on the page for Tesseract, and by
    marks.py on the ink it looks for signatures in."""
    padded = np.pad(mask, 1).view(np.uint8) if mask.dtype == bool else np.pad(mask, 1).astype(np.uint8)
    column = padded[:-2] + padded[1:-1]
    column += padded[2:]
    count = column[:, :-2] + column[:, 1:-1]
    count += column[:, 2:]
    return count >= 5
