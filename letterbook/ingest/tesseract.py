"""Running Tesseract: the two ways of running it, which one is used, and its language data.

tesserocr keeps Tesseract loaded in the process; the tesseract command (through
pytesseract) is started once per page. Both give Tesseract's own TSV, which `read_words`
turns into words with boxes and confidences, so the engine makes no difference to what
is read. This is the only module that imports tesserocr or pytesseract.

Tesseract is limited to one thread: with its default OpenMP threads a page took three
times longer on a 2-core machine, and letterbook parallelises across pages instead.
"""
from __future__ import annotations

import contextlib
import os
import tempfile

os.environ["OMP_THREAD_LIMIT"] = "1"  # before any tesseract process is started

from PIL import Image

from letterbook.ingest.image import OCR_DPI
from letterbook.model import Word

# A page not read in this time is given up on, with an error naming --ocr-timeout (which
# sets it per ingest): a page takes a second or two, so this only stops a run that hangs.
PAGE_TIMEOUT_S = 180


class OcrError(Exception):
    """Tesseract could not read a page (missing, timed out or failed)."""


def _tesseract():
    # imported when first needed: pytesseract takes 60 ms to import, paid only by runs that OCR
    import pytesseract
    return pytesseract


def engine() -> str:
    """tesserocr (Tesseract kept loaded in the process) when installed, else the tesseract command.

    LETTERBOOK_OCR_ENGINE=tesseract forces the command. Both give the same words, boxes and
    confidences: each returns Tesseract's own TSV, read by the same code (read_words).
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
    if lang == "auto":  # --lang auto starts in English and moves to whatever else is installed
        lang = "eng"
    return tuple(code for code in lang.split("+") if code and code not in have), tuple(have)


# Tesseract's own thresholding_method values: its global Otsu (the default), and Sauvola's
# adaptive threshold, which keeps soft strokes of enlarged low-resolution pages (ocr.py).
OTSU, SAUVOLA = "0", "2"


# --- tesserocr: Tesseract loaded once in the process --------------------------------------

_APIS: dict = {}  # one loaded Tesseract per language set, per process


def _tsv_in_process(grey: Image.Image, lang: str, timeout: float, dpi: int, sauvola: bool = False) -> dict:
    import tesserocr
    api = _APIS.get(lang)
    if api is None:
        try:
            api = tesserocr.PyTessBaseAPI(path=_tessdata() + "/", lang=lang, psm=tesserocr.PSM.AUTO)
        except RuntimeError as err:
            raise OcrError(f"Tesseract could not load the languages {lang!r} ({err})")
        _APIS[lang] = api
    api.SetVariable("user_defined_dpi", str(dpi or 0))  # 0: Tesseract estimates it, as the command does
    api.SetVariable("thresholding_method", SAUVOLA if sauvola else OTSU)
    api.SetImage(grey)
    if not api.Recognize(timeout=int(timeout * 1000)):
        raise OcrError(f"Tesseract took longer than {timeout:g} s on a page (see --ocr-timeout)")
    # the same columns, in the same types, as pytesseract's image_to_data gives the command's
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


# --- the tesseract command, through pytesseract --------------------------------------------

@contextlib.contextmanager
def _as_bmp(grey: Image.Image):
    """The page as an uncompressed BMP file for the tesseract command. Given a PIL image,
    pytesseract writes a PNG, whose compression took over a second for a 300 dpi page."""
    with tempfile.NamedTemporaryFile(suffix=".bmp") as handle:
        grey.save(handle, format="BMP")
        handle.flush()
        yield handle.name


def _tsv_command(grey: Image.Image, lang: str, timeout: float, dpi: int, sauvola: bool = False) -> dict:
    tess = _tesseract()
    with _as_bmp(grey) as path:
        try:
            # the resolution is given, not left in the image: turned images lose it, and Tesseract
            # then assumes 70 dpi and reads worse (or finds "too few characters" to orient)
            resolution = f"--dpi {dpi} " if dpi else ""  # none given: Tesseract estimates it
            return tess.image_to_data(path, lang=lang, config=f"--psm 3 {resolution}-c thresholding_method={SAUVOLA if sauvola else OTSU}",
                                      output_type=tess.Output.DICT, timeout=timeout)
        except tess.TesseractNotFoundError:
            raise OcrError("Tesseract is not installed (on Debian: apt-get install tesseract-ocr tesseract-ocr-eng)")
        except RuntimeError as err:
            if "timeout" in str(err).lower():
                raise OcrError(f"Tesseract took longer than {timeout:g} s on a page (see --ocr-timeout)")
            raise OcrError(f"Tesseract failed: {err}")
        except tess.TesseractError as err:
            raise OcrError(f"Tesseract failed: {err.message or err.status}".strip())


def orientation(grey: Image.Image, dpi: int = OCR_DPI) -> int:
    """Degrees (clockwise) Tesseract's OSD says the page must turn to be upright, or 0.
    Asked of the tesseract command whichever engine reads the words."""
    tess = _tesseract()
    try:
        with _as_bmp(grey) as path:
            osd = tess.image_to_osd(path, config=f"--psm 0 --dpi {dpi}", output_type=tess.Output.DICT, timeout=60)
    except Exception:  # OSD fails on pages with too little text: keep the page as it is
        return 0
    if float(osd.get("orientation_conf", 0)) < 1.0:
        return 0
    return int(osd.get("rotate", 0)) % 360


# --- either engine's answer, as words --------------------------------------------------------

def read_words(grey: Image.Image, lang: str, timeout: float = PAGE_TIMEOUT_S, dpi: int = OCR_DPI,
               sauvola: bool = False) -> list:
    """Words with boxes and confidences from one Tesseract run, by the engine in use.

    Each word carries `unit`, Tesseract's (block, paragraph, line): the line it found the
    word in, which ocr.py and marks.py compare a word's height within."""
    reader = _tsv_in_process if engine() == "tesserocr" else _tsv_command
    data = reader(grey, lang, timeout, dpi, sauvola)
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
    return words
