"""The image steps around Tesseract: finding the skew, and despeckling the ink mask."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageFilter

from letterbook.ingest import image, marks, ocr
from letterbook.model import Word
from letterkit import Letter, Row, degrade, paragraph, render_pages
from make_samples import allotment_society


@pytest.fixture(scope="module")
def page():
    return image.to_grey(render_pages(allotment_society(), dpi=150, seed=4)[0])


@pytest.mark.parametrize("turn", [0.0, 1.5, -2.75, 4.0])
def test_skew_is_found_within_a_quarter_degree(page, turn):
    turned = degrade(page.convert("RGB"), skew=turn, noise=4, seed=3).convert("L")
    # straightening turns the page back by the angle found
    assert image.estimate_skew(turned) == pytest.approx(-turn, abs=0.3)


def test_majority_is_a_median_filter_then_a_threshold():
    rng = np.random.default_rng(5)
    grey = rng.integers(0, 256, size=(90, 120), dtype=np.uint8)
    grey[30:60, 20:100] = rng.integers(0, 120, size=(30, 80), dtype=np.uint8)  # a stroke, with speckle around
    median = np.asarray(Image.fromarray(grey).filter(ImageFilter.MedianFilter(3)))
    ours = image.majority(grey < 128)
    inner = (slice(1, -1), slice(1, -1))  # Pillow and the mask treat the border differently
    assert np.array_equal(ours[inner], (median < 128)[inner])


def _word(text, top, bottom, conf, unit=(1, 1, 1), x0=100):
    word = Word(text=text, x0=x0, top=top, x1=x0 + 20 * len(text), bottom=bottom, conf=conf)
    word.unit = unit
    return word


def test_a_doubtful_word_as_tall_as_its_line_is_print_not_ink():
    # Tesseract gave "Dame" of "Dame Hazel Tomlinson" a confidence of 0: it is still print
    line = {(1, 1, 1): 46}
    assert marks._print_like(_word("Dame", 2273, 2319, 0.0), line)
    assert marks._print_like(_word("Hazel", 2273, 2309, 96.0), line)
    # a doubtful word twice the height of the print on its line is handwriting
    assert not marks._print_like(_word("Jnbw", 2200, 2300, 20.0), line)
    # and a doubtful word on a line with no confident print is judged by nothing: ink
    assert not marks._print_like(_word("Jnbw", 2200, 2240, 20.0, unit=(4, 1, 1)), line)


def _paper(shape=(400, 600), tone=205, grain=6.0, seed=1):
    rng = np.random.default_rng(seed)
    return np.clip(rng.normal(tone, grain, size=shape), 0, 255)


def test_tesseract_gets_the_ink_without_the_dirt():
    grey = _paper()
    grey[100:140, 50:550:20] = 70          # strokes, 4 pixels wide
    grey[100:140, 51:551:20] = 70
    grey[100:140, 52:552:20] = 70
    grey[100:140, 53:553:20] = 70
    rng = np.random.default_rng(2)
    dots = rng.integers(0, [400, 600], size=(300, 2))
    for y, x in dots:                       # single-pixel specks of dirt
        if not 95 <= y <= 145:
            grey[y, x] = 60
    ink = np.asarray(image.ink_for_ocr(Image.fromarray(grey.astype(np.uint8)), dpi=300))
    assert set(np.unique(ink)) <= {0, 255}
    assert (ink[102:138, 51:550:20] == 0).all()                 # the strokes are kept
    outside = np.ones(ink.shape, bool)
    outside[95:146] = False
    assert (ink[outside] == 255).all()                          # and every speck is gone
    # at 150 dpi a stroke may be a pixel or two wide: thresholded, not thinned
    thin = image.ink_for_ocr(Image.fromarray(grey.astype(np.uint8)), dpi=150)
    assert (np.asarray(thin)[dots[:, 0], dots[:, 1]] == 0).any()


def test_a_blank_page_is_left_to_tesseract_and_a_short_one_is_found():
    blank = Image.fromarray(_paper(grain=10).astype(np.uint8))
    assert image.ink_for_ocr(blank, dpi=300) is blank   # no threshold splits paper from paper
    # a last page with a few words: the grain outweighs the ink in the histogram
    short = _paper(shape=(1200, 1000), grain=14)
    short[300:330, 100:400:12] = 80
    short[300:330, 101:401:12] = 80
    short[300:330, 102:402:12] = 80
    page = Image.fromarray(short.astype(np.uint8))
    assert image.otsu_level(page.histogram())[1] < image.MIN_CONTRAST
    ink = np.asarray(image.ink_for_ocr(page, dpi=300))
    assert (ink[305:325, 101:400:12] == 0).all()
    assert (ink[500:] == 255).mean() > 0.999


def test_otsu_level_splits_paper_from_ink():
    histogram = [0] * 256
    histogram[60] = 500        # ink
    histogram[200] = 9500      # paper
    level, contrast = image.otsu_level(histogram)
    assert 60 <= level < 200 and contrast == 140


def test_bold_lines_are_found_by_their_strokes():
    from letterkit import _font
    from PIL import ImageDraw
    page = Image.new("L", (2480, 1400), 250)
    draw = ImageDraw.Draw(page)
    draw.text((300, 200), "Consultation on the new leisure centre", font=_font(42, True), fill=20)
    body = ["Thank you for your letter about the leisure centre on Mill Lane, which",
            "reached me last week. The council will consult residents in the spring",
            "before any decision is taken on its opening hours or on the charges."]
    for n, text in enumerate(body):
        draw.text((300, 320 + 70 * n), text, font=_font(42, False), fill=20)
    page.info["dpi"] = (300, 300)
    result = ocr.ocr_image(page)
    from letterbook.ingest.layout import lines_from_words
    lines = lines_from_words(result.words, 1, result.width)
    assert [ln.bold for ln in lines] == [True, False, False, False]
    assert lines[0].text == "Consultation on the new leisure centre"


def test_a_doubtful_speck_beside_words_is_part_of_the_line():
    from letterbook.ingest.layout import lines_from_words
    line = [_word("Date:", 1280, 1318, 90.0, x0=297), _word("6", 1279, 1318, 32.0, x0=410),
            _word("June", 1280, 1327, 32.0, x0=440), _word("2019", 1279, 1318, 80.0, x0=530)]
    line.append(_word("oo", 1285, 1300, 20.0, x0=1600))   # dirt far out in the margin
    [read] = lines_from_words(line, 1, 2480)
    assert read.text.split()[:4] == ["Date:", "6", "June", "2019"]
    assert "oo" not in read.text


def test_a_signature_read_as_confident_words_is_still_ink():
    # "heirs brow": a signature Tesseract read at 61 and 85, three times the print's height
    typical = 45
    assert not marks._confident_print(_word("brow", 1760, 1895, 85.0), typical)
    assert marks._confident_print(_word("MAYOR", 100, 220, 95.0), typical)   # a large letterhead
    assert marks._confident_print(_word("Atkins", 2207, 2246, 70.0), typical)


def test_punctuation_alone_in_the_margin_is_no_part_of_the_line():
    from letterbook.ingest.layout import lines_from_words
    line = [_word(";", 400, 440, 70.0, x0=120), _word(".", 430, 440, 87.0, x0=300),
            _word("Information", 400, 440, 95.0, x0=1500), _word("Governance", 400, 440, 95.0, x0=1760),
            _word("Team", 400, 440, 95.0, x0=2000)]
    [read] = lines_from_words(line, 1, 2480)
    assert read.text == "Information Governance Team"
    assert read.box[0] == 1500 and read.align == "right"
    # a dash between words at the usual spacing stays
    line = [_word("2000", 400, 440, 95.0, x0=300), _word("-", 415, 420, 60.0, x0=400),
            _word("Request", 400, 440, 95.0, x0=440)]
    assert lines_from_words(line, 1, 2480)[0].text == "2000 - Request"


def test_page_shape_and_text_size_decide_the_scale():
    """A 300 dpi page keeps its size; the same page squashed square and shrunk to 75 dpi (as
    archives export scans) is stretched back to letter proportions and enlarged to read."""
    grey = image.to_grey(render_pages(allotment_society(), dpi=300, seed=4)[0])
    assert image.text_scale(grey) == 1.0
    small = grey.resize((grey.width // 4, grey.width // 4), Image.BOX)  # square, a quarter the size
    stretched, _ = image.true_aspect(small, small)
    assert abs(stretched.height / stretched.width - image.LETTER_ASPECT) < 0.01
    factor = image.text_scale(stretched)
    assert factor > image.KEEP_SCALE[1] and max(stretched.size) * factor <= image.MAX_ENLARGED_SIDE + 1


def test_specks_never_make_a_full_size_page_huge():
    rng = np.random.default_rng(3)
    paper = np.full((3300, 2550), 235, np.uint8)
    ys, xs = rng.integers(0, 3296, 20000), rng.integers(0, 2546, 20000)
    for dy in range(3):
        for dx in range(3):
            paper[ys + dy, xs + dx] = 40
    assert image.text_scale(Image.fromarray(paper)) == 1.0


def test_the_guard_keeps_plain_tesseract_when_our_reading_is_worse():
    """A doubtful reading is set beside plain Tesseract on the page as it came; the one holding
    more words the language knows wins. A good reading is never second-guessed."""
    from letterbook.ingest.dictionary import known_weight, known_words
    if not known_words("eng"):
        pytest.skip("no English word list installed (Debian: wamerican)")
    page = render_pages(allotment_society(), dpi=300, seed=5)[0]
    good = ocr.ocr_image(page, "eng")
    assert ocr.plain_if_better(page, good.words, good.confidence, "eng") is None  # confident: no second reading
    noise = [Word(text=t, x0=0, top=0, x1=10, bottom=10, conf=40) for t in "Xqz Wrtp Mnbv Qlkj".split()]
    plain = ocr.plain_if_better(page, noise, 40.0, "eng")
    assert plain is not None and known_weight(plain, "eng") > known_weight(good.words, "eng") * 0.8


def test_lang_auto_reads_a_german_page_in_german():
    from letterbook.ingest.language import guess_language
    from letterbook.ingest.tesseract import missing_languages
    if missing_languages("deu")[0]:
        pytest.skip("no German data for Tesseract")
    rows = [Row("Basel, den 16. Februar 1926", align="right"), Row("Herrn Direktor Müller", space=2),
            Row("Sehr geehrter Herr Müller,", space=2)]
    rows += paragraph("Wir bestätigen Ihnen den Empfang Ihres Schreibens und teilen Ihnen mit, dass die "
                      "Ware bei uns eingetroffen ist. Für Ihre Bemühungen danken wir Ihnen bestens und "
                      "werden Ihnen die Rechnung in den nächsten Tagen zustellen.")
    rows += [Row("Mit freundlichen Grüßen", space=1), Row("Hans Meier", space=3)]
    page = render_pages(Letter(rows), dpi=300, seed=2)[0]
    english = ocr.ocr_image(page, "eng")
    assert guess_language(w.text for w in english.words) == "deu"
    auto = " ".join(w.text for w in ocr.ocr_image(page, "auto").words)
    assert "Grüßen" in auto and "Müller" in auto and "bestätigen" in auto
