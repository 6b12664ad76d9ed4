"""From a file to pages of words with boxes: the first stage of reading a letter."""
from __future__ import annotations

from pathlib import Path

from letterbook.ingest import layout
from letterbook.ingest.discover import UnsupportedFile, sniff
from letterbook.model import Page, ReadOptions


class ExtractError(Exception):
    """A file could not be read; the message is the reason, for one line of output."""


def read_pages(path: Path, data: bytes, options: ReadOptions) -> list:
    """Pages of one file, each with words (boxes) and text, numbered from 1 within the file."""
    try:
        media = sniff(data[:2048])
    except UnsupportedFile as err:
        raise ExtractError(str(err))
    if media == "application/pdf":
        return _pdf_pages(path, options)
    if media == "text/plain":
        from letterbook.ingest.transcript import TranscriptError, read_transcript
        try:
            return read_transcript(data)
        except TranscriptError as err:
            raise ExtractError(str(err))
    return _image_pages(path, options)


def _pdf_pages(path: Path, options: ReadOptions) -> list:
    from letterbook.ingest.pdf import PageRenderer, PdfError, graphic_marks, open_pdf, text_layer_words
    try:
        pdf = open_pdf(path, options.password)
    except PdfError as err:
        raise ExtractError(str(err))
    pages = []
    renderer = PageRenderer(path, options.password)
    try:
        count = len(pdf.pages)
        if count > options.max_pages:
            raise ExtractError(f"PDF has {count} pages, more than --max-pages {options.max_pages}")
        for index, plumber_page in enumerate(pdf.pages):
            words = [] if options.ocr == "always" else text_layer_words(plumber_page)
            if words:
                width, height = float(plumber_page.width), float(plumber_page.height)
                page = Page(number=index + 1, method="text-layer", text="", width=width, height=height,
                            words=words, frame=index, marks=graphic_marks(plumber_page))
            elif options.ocr == "never":
                page = Page(number=index + 1, method="none", text="", frame=index)
            else:
                try:
                    image = renderer.render(index)
                except Exception as err:
                    raise ExtractError(f"page {index + 1} could not be rendered ({err})")
                page = _ocr_page(image, index, options)
            pages.append(page)
            plumber_page.flush_cache()
    except ExtractError:
        raise
    except Exception as err:
        raise ExtractError(f"damaged PDF ({type(err).__name__}: {err})".replace("\n", " "))
    finally:
        pdf.close()
        renderer.close()
    return pages


def _image_pages(path: Path, options: ReadOptions) -> list:
    from PIL import Image, ImageSequence
    if options.ocr == "never":
        raise ExtractError("an image needs OCR, and --ocr never was given")
    import warnings
    Image.MAX_IMAGE_PIXELS = 120_000_000  # about A0 at 300 dpi; beyond it is a decompression bomb
    pages = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                frames = getattr(image, "n_frames", 1)  # counted before any frame is read
                if frames > options.max_pages:
                    raise ExtractError(f"image has {frames} frames, more than --max-pages {options.max_pages}")
                for index, frame in enumerate(ImageSequence.Iterator(image)):
                    if index >= options.max_pages:  # a file that grew frames since they were counted
                        raise ExtractError(f"image has more than --max-pages {options.max_pages} frames")
                    frame.load()
                    pages.append(_ocr_page(frame.copy(), index, options))
    except ExtractError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ExtractError("image is too large (over 120 megapixels), refused as a decompression bomb")
    except (OSError, SyntaxError, ValueError) as err:
        raise ExtractError(f"damaged or truncated image ({err})".replace("\n", " "))
    return pages


def _ocr_page(image, index: int, options: ReadOptions) -> Page:
    from letterbook.ingest.ocr import ocr_image
    from letterbook.ingest.tesseract import OcrError
    try:
        read = ocr_image(image, options.lang, options.ocr_timeout)
    except OcrError as err:
        raise ExtractError(str(err))
    return Page(number=index + 1, method="ocr", text="", width=read.width, height=read.height,
                words=read.words, confidence=round(read.confidence, 1), frame=index, marks=read.marks)


def page_lines(page: Page) -> list:
    """The page's lines, and its text set from them (transcripts keep their own text)."""
    if page.method == "transcript":
        from letterbook.ingest.transcript import transcript_lines
        return transcript_lines(page)
    lines = layout.lines_from_words(page.words, page.number, page.width)
    page.text = layout.page_text(lines)
    return lines


def page_image(path: Path, media_type: str, frame: int, password: str = None):
    """A page of an archived file as a picture, as reading it began: a PDF page rendered as it
    is for OCR, an image's frame as it is stored."""
    if media_type == "application/pdf":
        from letterbook.ingest.pdf import PageRenderer
        renderer = PageRenderer(path, password)
        try:
            return renderer.render(frame)
        finally:
            renderer.close()
    from PIL import Image
    with Image.open(path) as image:
        image.seek(frame)
        image.load()
        return image.copy()
