"""The image steps around Tesseract: finding the skew, and despeckling the ink mask."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageFilter

from letterbook.ingest import ocr
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
