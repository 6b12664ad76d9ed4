"""PDF pages: the text layer through pdfplumber where a page has real text, else OCR.

Pages are rendered for OCR with pypdfium2 (already under pdfplumber): greyscale at 300 dpi
took 6 ms a page here against 127 ms through pdfplumber's to_image.
"""
from __future__ import annotations

from letterbook.model import Mark, Word


class PdfError(Exception):
    """The PDF cannot be opened or read; the message says why."""


MIN_TEXT_CHARS = 25  # fewer real characters than this and a page counts as a scan
# A scanned page with a line or two of text laid over it (a court's filing header, a stamp
# added by software) is a scan: its text layer is not the letter. An image covering this
# share of the page, under a text layer of fewer words than a letter has, is read by OCR.
SCAN_COVER, OVERLAY_WORDS = 0.6, 40


def open_pdf(path, password=None):
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    try:
        pdf = pdfplumber.open(path, password=password or "")
        pages = pdf.pages  # forces the page tree to load, where broken files fail
    except Exception as err:  # pdfminer raises many kinds for damaged files; pdfplumber wraps them
        inner = err.args[0] if err.args and isinstance(err.args[0], Exception) else err
        if isinstance(inner, PDFPasswordIncorrect) or isinstance(err, PDFPasswordIncorrect):
            raise PdfError("encrypted PDF: give its password with --password" if not password
                           else "encrypted PDF: the password given does not open it")
        if isinstance(inner, PDFSyntaxError):
            raise PdfError(f"not a readable PDF ({inner})".replace("\n", " "))
        raise PdfError(f"damaged PDF ({type(inner).__name__}: {inner})".replace("\n", " "))
    if not pages:
        pdf.close()
        raise PdfError("PDF has no pages")
    return pdf


def text_layer_words(page) -> list:
    """Words of a page's text layer, with font size and boldness; [] if it has no real text."""
    try:
        raw = page.extract_words(keep_blank_chars=False, use_text_flow=False, extra_attrs=["fontname", "size"])
    except Exception:
        return []
    words = [Word(text=w["text"], x0=w["x0"], top=w["top"], x1=w["x1"], bottom=w["bottom"],
                  bold="bold" in (w.get("fontname") or "").lower(), size=w.get("size"))
             for w in raw if w["text"].strip()]
    real = sum(sum(ch.isalnum() for ch in w.text) for w in words)
    if real < MIN_TEXT_CHARS or (len(words) < OVERLAY_WORDS and _image_cover(page) >= SCAN_COVER):
        return []
    # A layer of replacement characters or glyph ids (cid:NN) is no text at all.
    junk = sum(w.text.count("\ufffd") + w.text.count("(cid:") * 5 for w in words)
    if junk > real * 0.2:
        return []
    return words


def _image_cover(page) -> float:
    """The share of the page its largest image covers."""
    area = float(page.width * page.height) or 1.0
    try:
        return max(((i["x1"] - i["x0"]) * (i["bottom"] - i["top"]) / area for i in page.images), default=0.0)
    except Exception:  # a damaged image dictionary: no image to speak of
        return 0.0


def graphic_marks(page) -> list:
    """Boxes of images and drawn curves on a page: where a pasted or drawn signature would be."""
    marks = []
    try:
        for image in page.images:
            marks.append(Mark(box=(image["x0"], image["top"], image["x1"], image["bottom"]), kind="image"))
        curves = page.curves
    except Exception:
        return marks
    for curve in curves:
        if curve["x1"] - curve["x0"] > 20:
            marks.append(Mark(box=(curve["x0"], curve["top"], curve["x1"], curve["bottom"]), kind="drawing"))
    return marks


# The longest side (pixels) a page is rendered at: A3 at 300 dpi. A page of a huge size
# (a drawing, or a MediaBox of 200 inches) is rendered smaller rather than at gigapixels.
MAX_RENDER_SIDE = 5000


class PageRenderer:
    """Pages of one PDF as greyscale images for OCR; the document is opened once, when first needed."""

    def __init__(self, path, password=None, dpi: int = 300):
        self.path, self.password, self.dpi = path, password, dpi
        self.document = None

    def render(self, index: int):
        import pypdfium2
        if self.document is None:
            self.document = pypdfium2.PdfDocument(str(self.path), password=self.password)
        page = self.document[index]
        longest = max(page.get_size()) or 1.0  # points
        scale = min(self.dpi / 72, MAX_RENDER_SIDE / longest)
        image = page.render(scale=scale, grayscale=True).to_pil()
        image.info["dpi"] = (scale * 72, scale * 72)
        return image

    def close(self):
        if self.document is not None:
            self.document.close()
            self.document = None
