"""OCR one page image: prepare it, read it with Tesseract, read it again if it read badly.

`ocr_image` is the order of the steps: the page is made grey and level (image.py), read
once (tesseract.py), and a doubtful reading is tried again cleaned of speckle or turned
upright, keeping whichever reading is better. The words then get their bold flags and the
page its ink marks (marks.py), and the result is a `PageReading`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from PIL import Image, ImageFilter

from letterbook.ingest.image import (NATIVE_DPI, OCR_DPI, bounded, ink_for_ocr, native_dpi, paper_tone, scan_dpi,
                                     straighten, text_scale, to_grey, true_aspect)
from letterbook.ingest.marks import blue_ink, ink_marks, mark_bold
from letterbook.ingest.dictionary import known_weight
from letterbook.ingest.language import AUTO, FIRST_READING, guess_language
from letterbook.ingest.tesseract import PAGE_TIMEOUT_S, missing_languages, orientation, read_words


@dataclass
class PageReading:
    """A page as OCR read it, in the pixels of the image Tesseract was given (resized to
    OCR_DPI when the scan's resolution was unfit, and turned upright when it was not)."""
    width: int
    height: int
    words: list = field(default_factory=list)   # list[Word], each with its Tesseract line as `unit`
    confidence: float = 0.0                     # mean word confidence, weighted by letters
    marks: list = field(default_factory=list)   # list[Mark]: ink that is not print, largest first


def prepared_page(image: Image.Image) -> tuple:
    """The page as Tesseract is first given it: grey, at true proportions, scaled by its text's
    size, straightened. (grey, blue-ink mask or None, resolution, scale factor)."""
    grey = to_grey(image)
    blue = blue_ink(image)  # a mask that follows the page through every turn below
    grey, blue = true_aspect(image, grey, blue)
    dpi = scan_dpi(image)
    factor = text_scale(grey)
    if factor != 1.0:
        # text far from the size Tesseract reads best (a 75 dpi page, a fax, a 600 dpi scan):
        # scaled by its own glyphs, whatever the file's DPI tag says
        size = bounded(grey.size, factor)
        grey = grey.resize(size, Image.BICUBIC if factor > 1 else Image.BOX)
        blue = blue.resize(size) if blue else None
        dpi = OCR_DPI
    elif dpi and not NATIVE_DPI[0] <= dpi <= NATIVE_DPI[1]:
        size = bounded(grey.size, OCR_DPI / dpi)
        grey = grey.resize(size, Image.LANCZOS)
        blue = blue.resize(size) if blue else None
    dpi = round(dpi) if dpi and NATIVE_DPI[0] <= dpi <= NATIVE_DPI[1] else OCR_DPI
    grey, angle = straighten(grey)
    if blue and angle:
        blue = blue.rotate(angle, fillcolor=0)
    return grey, blue, dpi, factor


def ocr_image(image: Image.Image, lang: str = "eng", timeout: float = PAGE_TIMEOUT_S) -> PageReading:
    """OCR one page image: its words, confidence, size and ink marks (the page as read)."""
    grey, blue, dpi, factor = prepared_page(image)
    # An enlarged page's strokes are soft and bled: a global threshold of ours broke them (26
    # real scans: 338 label words found against 405 grey); Tesseract's own Sauvola reads them.
    ink = grey if factor > 1 else ink_for_ocr(grey, dpi)
    auto = lang == AUTO
    lang = FIRST_READING if auto else lang
    words = recognise(ink, lang, timeout, dpi, sauvola=factor > 1)
    conf = mean_conf(words)
    if auto:
        lang, words, conf = _in_its_language(ink, words, conf, timeout, dpi, factor > 1)
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
    plain = plain_if_better(image, words, conf, lang, timeout)
    if plain is not None:
        grey = ink = to_grey(image)
        # the marks are measured on the page as it came: at the resolution its glyphs show
        words, conf, blue = plain, mean_conf(plain), blue_ink(image)
        dpi = native_dpi(image) or max(1, round(OCR_DPI / factor))
    if ink is not grey:  # a nearly blank page is read grey: no strokes to measure
        mark_bold(words, ink)
    return PageReading(width=grey.width, height=grey.height, words=words, confidence=conf,
                       marks=ink_marks(grey, blue, words, dpi))


# a page read with less confidence than this is also read plainly, and the better reading kept
GUARD_CONFIDENCE = 60


def plain_if_better(image: Image.Image, words: list, conf: float, lang: str, timeout: float = PAGE_TIMEOUT_S):
    """The guard: a doubtful reading (conf under GUARD_CONFIDENCE) is set beside plain Tesseract
    on the page as it came; plain's words are returned when they hold more words the language
    knows (weighted by confidence), so that our steps never read a page worse than the plain
    command does. None: keep ours."""
    if conf >= GUARD_CONFIDENCE:
        return None
    plain_dpi = native_dpi(image)  # None: Tesseract guesses it, as the command does
    # a copy: the file's own header (a JPEG's 1:1 "density") must not pass for a resolution
    plain_page = image.convert("L" if image.mode in ("1", "L", "I;16") else "RGB")
    plain = read_words(plain_page, lang, timeout, plain_dpi)  # plain: every word it reads kept
    ours, theirs = known_weight(words, lang), known_weight(plain, lang)
    return plain if ours is not None and theirs > ours else None


def _in_its_language(ink, words: list, conf: float, timeout: float, dpi: int, sauvola: bool) -> tuple:
    """--lang auto: the page read again in the language its first reading shows, if that is
    another installed one; the better of the two readings is kept, with its language."""
    guess = guess_language(w.text for w in words)
    if guess is None or guess == FIRST_READING or missing_languages(guess)[0]:
        return FIRST_READING, words, conf
    lang = f"{guess}+{FIRST_READING}"
    again = recognise(ink, lang, timeout, dpi, sauvola=sauvola)
    if mean_conf(again) * len(again) >= conf * len(words) * 0.95:  # its own language reads no worse
        return lang, again, mean_conf(again)
    return FIRST_READING, words, conf


def recognise(page: Image.Image, lang: str, timeout: float = PAGE_TIMEOUT_S, dpi: int = OCR_DPI,
              sauvola: bool = False) -> list:
    """Words with boxes and confidences from one Tesseract run, without handwriting read as words."""
    return drop_scribbles(read_words(page, lang, timeout, dpi, sauvola))


def _poor(words: list, conf: float) -> bool:
    """Read badly: doubtful on the whole, or very few words that are not clearly print (a
    short last page, "Yours sincerely" and a name, reads few words and confidently)."""
    return conf < 60 or (len(words) < 8 and conf < 80)


def drop_scribbles(words: list) -> list:
    """Handwriting read as words: doubtful, and far taller than the print beside it.

    A signature's strokes often share a line with the typed name under them; left in, they
    would garble the name ("Sir (12 Dennis Miller hers"). The ink itself is still found as
    a mark for the signature detector (marks.ink_marks). A badly read word of print is as
    tall as its neighbours, and stays.
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
    """The page's confidence: its words' mean, weighted by their length, so that a doubtful
    speck read as one letter weighs less than a word."""
    weights = [len(w.text) for w in words]
    if not sum(weights):
        return 0.0
    return sum(w.conf * n for w, n in zip(words, weights)) / sum(weights)
