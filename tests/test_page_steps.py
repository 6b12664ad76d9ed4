"""The image steps around Tesseract: finding the skew, and despeckling the ink mask."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageFilter

from letterbook.ingest import ocr
from letterbook.ingest.model import Word
from letterkit import degrade, render_pages
from make_samples import allotment_society


@pytest.fixture(scope="module")
def page():
    return ocr.to_grey(render_pages(allotment_society(), dpi=150, seed=4)[0])


@pytest.mark.parametrize("turn", [0.0, 1.5, -2.75, 4.0])
def test_skew_is_found_within_a_quarter_degree(page, turn):
    turned = degrade(page.convert("RGB"), skew=turn, noise=4, seed=3).convert("L")
    # straightening turns the page back by the angle found
    assert ocr.estimate_skew(turned) == pytest.approx(-turn, abs=0.3)


def test_majority_is_a_median_filter_then_a_threshold():
    rng = np.random.default_rng(5)
    grey = rng.integers(0, 256, size=(90, 120), dtype=np.uint8)
    grey[30:60, 20:100] = rng.integers(0, 120, size=(30, 80), dtype=np.uint8)  # a stroke, with speckle around
    median = np.asarray(Image.fromarray(grey).filter(ImageFilter.MedianFilter(3)))
    ours = ocr._majority(grey < 128)
    inner = (slice(1, -1), slice(1, -1))  # Pillow and the mask treat the border differently
    assert np.array_equal(ours[inner], (median < 128)[inner])


def _word(text, top, bottom, conf, unit=(1, 1, 1), x0=100):
    word = Word(text=text, x0=x0, top=top, x1=x0 + 20 * len(text), bottom=bottom, conf=conf)
    word.unit = unit
    return word


def test_a_doubtful_word_as_tall_as_its_line_is_print_not_ink():
    # Tesseract gave "Dame" of "Dame Hazel Tomlinson" a confidence of 0: it is still print
    line = {(1, 1, 1): 46}
    assert ocr._print_like(_word("Dame", 2273, 2319, 0.0), line)
    assert ocr._print_like(_word("Hazel", 2273, 2309, 96.0), line)
    # a doubtful word twice the height of the print on its line is handwriting
    assert not ocr._print_like(_word("Jnbw", 2200, 2300, 20.0), line)
    # and a doubtful word on a line with no confident print is judged by nothing: ink
    assert not ocr._print_like(_word("Jnbw", 2200, 2240, 20.0, unit=(4, 1, 1)), line)
