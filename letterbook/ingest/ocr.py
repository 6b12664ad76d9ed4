"""OCR a page image with Tesseract: upright it, straighten it, recognise it once.

One Tesseract run per page gives the words, their boxes, confidences and the text.
Tesseract is limited to one thread: with its default OpenMP threads a page took three
times longer on a 2-core machine, and letterbook parallelises across pages instead.
"""
from __future__ import annotations

import contextlib
import os
import tempfile

os.environ["OMP_THREAD_LIMIT"] = "1"  # before any tesseract process is started

import numpy as np
from PIL import Image, ImageChops, ImageFilter

from letterbook.model import Mark, Word

OCR_DPI = 300
# Scans between these resolutions are read as they are. Enlarging a 200 dpi page to 300
# made Tesseract a third slower for the same characters (light and heavy generated scans:
# CER 0.8% either way), and 600 dpi costs four times 300 for nothing; a 100 dpi fax is
# too coarse for Tesseract's line finding and is enlarged.
NATIVE_DPI = (150, 400)
PAGE_TIMEOUT_S = 180


class OcrError(Exception):
    """Tesseract could not read a page (missing, timed out or failed)."""


def _tesseract():
    import pytesseract
    return pytesseract


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


def ink_for_ocr(grey: Image.Image, dpi: int, despeckle: bool = None) -> Image.Image:
    """The page as black ink on white paper, for Tesseract: one global threshold between
    paper and ink (Otsu's), then a 3x3 majority that takes out dirt specks and grain.

    Tesseract thresholds a grey page itself, but leaves the specks: dots beside a word
    merged with it ("January" read as "ee" from a clean line with grain above it). On 23
    heavily degraded generated pages CER fell from 1.65% to 0.97%, on 30 light ones from
    0.23% to 0.19%, and Tesseract took a tenth less time on the cleaner page (10 ms here).
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
        dark = _majority(dark)
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


def straighten(grey: Image.Image) -> tuple:
    angle = estimate_skew(grey)
    if abs(angle) < MIN_TURN:
        return grey, 0.0
    return grey.rotate(angle, resample=Image.BILINEAR, expand=False, fillcolor=paper_tone(grey)), angle


def engine() -> str:
    """tesserocr (Tesseract kept loaded in the process) when installed, else the tesseract command.

    LETTERBOOK_OCR_ENGINE=tesseract forces the command. Both give the same words, boxes and
    confidences: each returns Tesseract's own TSV, read by the same code below.
    """
    wanted = os.environ.get("LETTERBOOK_OCR_ENGINE", "auto")
    if wanted in ("auto", "tesserocr"):
        try:
            import tesserocr  # noqa: F401
            return "tesserocr"
        except ImportError:
            if wanted == "tesserocr":
                raise OcrError("LETTERBOOK_OCR_ENGINE=tesserocr, but tesserocr is not installed "
                               "(pip install 'letterbook[fast]')")
    return "tesseract"


_APIS: dict = {}  # one loaded Tesseract per language set, per process


def _tessdata() -> str:
    for folder in (os.environ.get("TESSDATA_PREFIX"), "/usr/share/tesseract-ocr/5/tessdata",
                   "/usr/share/tesseract-ocr/4.00/tessdata", "/usr/share/tessdata"):
        if folder and os.path.isdir(folder):
            return folder
    raise OcrError("no Tesseract language data found (on Debian: apt-get install tesseract-ocr-eng)")


def missing_languages(lang: str) -> tuple:
    """The codes of lang ("eng+deu") with no language data, and those installed.

    Both engines read the same tessdata folder, so it is listed rather than asking either.
    ((), ()) when no folder is found: Tesseract's absence is reported per file, with how to
    install it.
    """
    try:
        folder = _tessdata()
    except OcrError:
        return (), ()
    have = sorted(name[:-len(".traineddata")] for name in os.listdir(folder) if name.endswith(".traineddata"))
    return tuple(code for code in lang.split("+") if code and code not in have), tuple(have)


def _tsv_in_process(grey: Image.Image, lang: str, timeout: float, dpi: int) -> dict:
    import tesserocr
    api = _APIS.get(lang)
    if api is None:
        try:
            api = tesserocr.PyTessBaseAPI(path=_tessdata() + "/", lang=lang, psm=tesserocr.PSM.AUTO)
        except RuntimeError as err:
            raise OcrError(f"Tesseract could not load the languages {lang!r} ({err})")
        _APIS[lang] = api
    api.SetVariable("user_defined_dpi", str(dpi))
    api.SetImage(grey)
    if not api.Recognize(timeout=int(timeout * 1000)):
        raise OcrError(f"Tesseract took longer than {timeout:g} s on a page (see --ocr-timeout)")
    columns = ("level", "page_num", "block_num", "par_num", "line_num", "word_num", "left", "top", "width",
               "height", "conf", "text")
    data = {name: [] for name in columns}
    for row in api.GetTSVText(0).splitlines():
        cells = row.split("\t")
        if len(cells) < 11:
            continue
        cells += [""] * (12 - len(cells))
        for name, cell in zip(columns, cells):
            data[name].append(cell if name == "text" else float(cell) if name == "conf" else int(cell))
    return data


@contextlib.contextmanager
def _as_bmp(grey: Image.Image):
    """The page as an uncompressed BMP file for the tesseract command. Given a PIL image,
    pytesseract writes a PNG, whose compression took over a second for a 300 dpi page."""
    with tempfile.NamedTemporaryFile(suffix=".bmp") as handle:
        grey.save(handle, format="BMP")
        handle.flush()
        yield handle.name


def _tsv_command(grey: Image.Image, lang: str, timeout: float, dpi: int) -> dict:
    tess = _tesseract()
    with _as_bmp(grey) as path:
        try:
            # the resolution is given, not left in the image: turned images lose it, and Tesseract
            # then assumes 70 dpi and reads worse (or finds "too few characters" to orient)
            return tess.image_to_data(path, lang=lang, config=f"--psm 3 --dpi {dpi}",
                                      output_type=tess.Output.DICT, timeout=timeout)
        except tess.TesseractNotFoundError:
            raise OcrError("Tesseract is not installed (on Debian: apt-get install tesseract-ocr tesseract-ocr-eng)")
        except RuntimeError as err:
            if "timeout" in str(err).lower():
                raise OcrError(f"Tesseract took longer than {timeout:g} s on a page (see --ocr-timeout)")
            raise OcrError(f"Tesseract failed: {err}")
        except tess.TesseractError as err:
            raise OcrError(f"Tesseract failed: {err.message or err.status}".strip())


def recognise(grey: Image.Image, lang: str, timeout: float = PAGE_TIMEOUT_S, dpi: int = OCR_DPI) -> list:
    """Words with boxes and confidences from one Tesseract run."""
    reader = _tsv_in_process if engine() == "tesserocr" else _tsv_command
    data = reader(grey, lang, timeout, dpi)
    words = []
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        conf = float(data["conf"][i])
        if not text or conf < 0 or (conf < 30 and not any(ch.isalnum() for ch in text)):
            continue  # empty boxes, and specks of dirt read as punctuation
        left, top = data["left"][i], data["top"][i]
        width, height = data["width"][i], data["height"][i]
        word = Word(text=text, x0=left, top=top, x1=left + width, bottom=top + height, conf=conf, size=height)
        word.unit = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        words.append(word)
    return drop_scribbles(words)


def drop_scribbles(words: list) -> list:
    """Handwriting read as words: doubtful, and far taller than the print beside it.

    A signature's strokes often share a line with the typed name under them; left in, they
    would garble the name ("Sir (12 Dennis Miller hers"). The ink itself is still found as
    a mark for the signature detector. A badly read word of print is as tall as its
    neighbours, and stays.
    """
    confident = sorted(w.bottom - w.top for w in words if w.conf >= 80)
    if len(confident) < 10:
        return words
    tall_print = confident[len(confident) * 3 // 4]  # a word with ascenders and descenders
    by_line: dict = {}
    for w in words:
        if w.conf >= 80:
            by_line.setdefault(w.unit, []).append(w.bottom - w.top)
    kept = []
    for w in words:
        neighbours = sorted(by_line.get(w.unit, []))
        reference = max(neighbours) if neighbours else tall_print
        if w.conf < 60 and (w.bottom - w.top) > reference * 2.2:
            continue
        kept.append(w)
    return kept


def mean_conf(words: list) -> float:
    weights = [len(w.text) for w in words]
    if not sum(weights):
        return 0.0
    return sum(w.conf * n for w, n in zip(words, weights)) / sum(weights)


def orientation(grey: Image.Image, dpi: int = OCR_DPI) -> int:
    """Degrees (clockwise) Tesseract's OSD says the page must turn to be upright, or 0."""
    tess = _tesseract()
    try:
        with _as_bmp(grey) as path:
            osd = tess.image_to_osd(path, config=f"--psm 0 --dpi {dpi}", output_type=tess.Output.DICT, timeout=60)
    except Exception:  # OSD fails on pages with too little text: keep the page as it is
        return 0
    if float(osd.get("orientation_conf", 0)) < 1.0:
        return 0
    return int(osd.get("rotate", 0)) % 360


def ocr_image(image: Image.Image, lang: str = "eng", timeout: float = PAGE_TIMEOUT_S) -> dict:
    """OCR one page image. Returns words, confidence, size and ink marks (the page as read)."""
    grey = to_grey(image)
    blue = _blue_ink(image)  # a mask that follows the page through every turn below
    dpi = _dpi(image)
    if dpi and not NATIVE_DPI[0] <= dpi <= NATIVE_DPI[1]:
        size = (round(grey.width * OCR_DPI / dpi), round(grey.height * OCR_DPI / dpi))
        grey = grey.resize(size, Image.LANCZOS)
        blue = blue.resize(size) if blue else None
    dpi = round(dpi) if dpi and NATIVE_DPI[0] <= dpi <= NATIVE_DPI[1] else OCR_DPI
    grey, angle = straighten(grey)
    if blue and angle:
        blue = blue.rotate(angle, fillcolor=0)
    ink = ink_for_ocr(grey, dpi)
    words = recognise(ink, lang, timeout, dpi)
    conf = mean_conf(words)
    # A page that reads badly is cleaned or turned and read again. Plenty of words that are
    # all nonsense is a page fed upside down or sideways: turn it first; a few doubtful words
    # on a mostly blank page is speckle: clean it first.
    remedies = ("turn", "clean") if len(words) >= 40 else ("clean", "turn")
    for remedy in remedies:
        if not _poor(words, conf):
            break
        if remedy == "clean":
            # speckle that defeats the threshold: a median filter first, then the same
            cleaned = grey.filter(ImageFilter.MedianFilter(3))
            cleaned_ink = ink_for_ocr(cleaned, dpi, despeckle=True)
            again = recognise(cleaned_ink, lang, timeout, dpi)
            if mean_conf(again) * len(again) > conf * len(words):
                grey, ink, words, conf = cleaned, cleaned_ink, again, mean_conf(again)
        else:
            # OSD cannot judge a page with little text, and upside down is the usual mistake
            turn = orientation(grey, dpi) or 180
            turned, angle = straighten(grey.rotate(-turn, expand=True, fillcolor=paper_tone(grey)))
            turned_ink = ink_for_ocr(turned, dpi)
            again = recognise(turned_ink, lang, timeout, dpi)
            if mean_conf(again) * len(again) > conf * len(words):
                grey, ink, words, conf = turned, turned_ink, again, mean_conf(again)
                if blue:
                    blue = blue.rotate(-turn, expand=True, fillcolor=0).rotate(angle, fillcolor=0)
    if ink is not grey:  # a nearly blank page is read grey: no strokes to measure
        mark_bold(words, ink)
    return {"words": words, "confidence": conf, "width": grey.width, "height": grey.height,
            "marks": ink_marks(grey, blue, words, dpi)}


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


def _poor(words: list, conf: float) -> bool:
    """Read badly: doubtful on the whole, or very few words that are not clearly print (a
    short last page, "Yours sincerely" and a name, reads few words and confidently)."""
    return conf < 60 or (len(words) < 8 and conf < 80)


def _blue_ink(image: Image.Image):
    """Where the page has blue ink (an 'L' mask), or None for grey pages."""
    if image.mode not in ("RGB", "RGBA", "P", "CMYK"):
        return None
    red, green, blue = image.convert("RGB").split()
    # Pillow's own channel arithmetic: a tenth of the time of the same sums in numpy
    bluer_than_red = ImageChops.subtract(blue, red).point(lambda v: 255 if v > 40 else 0)
    bluer_than_green = ImageChops.subtract(blue, green).point(lambda v: 255 if v > 15 else 0)
    mask = ImageChops.multiply(bluer_than_red, bluer_than_green)
    return mask if mask.getbbox() else None


def _dpi(image: Image.Image):
    dpi = image.info.get("dpi")
    try:
        return float(dpi[0]) if dpi else None
    except (TypeError, ValueError, IndexError):
        return None


CELL = 12  # pixels per cell (1 mm at 300 dpi) for finding ink that is not print


def ink_marks(grey: Image.Image, blue_mask, words: list, dpi: int = OCR_DPI) -> list:
    """Blobs of ink that OCR did not read as confident print: signatures, stamps, drawings.

    Each is {"box", "kind": "ink", "blue", "cells", "crop"}; crop is the blob's image, for the
    archive's signature crop (ingest.reader saves the one taken as the signature).
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
    dark = _majority(page < paper - 70)
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
    than the print beside it (the tallest is dropped before this, see drop_scribbles)."""
    if _confident_print(word, typical):
        return True
    tallest = line_heights.get(getattr(word, "unit", None))
    return bool(tallest) and word.bottom - word.top <= tallest * 1.5


def _majority(mask: np.ndarray) -> np.ndarray:
    """Pixels dark in at least five of their 3x3 neighbourhood: what a 3x3 median filter
    and then the threshold would give (the fifth darkest of nine is below the threshold
    exactly when five are). Counted as a column of three then a row of three: 10 ms for a
    300 dpi page, a fortieth of Pillow's median."""
    padded = np.pad(mask, 1).view(np.uint8) if mask.dtype == bool else np.pad(mask, 1).astype(np.uint8)
    column = padded[:-2] + padded[1:-1]
    column += padded[2:]
    count = column[:, :-2] + column[:, 1:-1]
    count += column[:, 2:]
    return count >= 5


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
