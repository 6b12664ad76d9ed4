"""Dates as letters write them; which one is the letter's is tested in test_letter_parser."""
import pytest

from letterbook.ingest.dates import find_dates


@pytest.mark.parametrize("text, iso", [
    ("5 March 2026", "2026-03-05"),
    ("5th March 2026", "2026-03-05"),
    ("March 5, 2026", "2026-03-05"),
    ("Thursday 5 March 2026", "2026-03-05"),
    ("5 Mar 2026", "2026-03-05"),
    ("Mar. 5, 2026", "2026-03-05"),
    ("05/03/2026", "2026-03-05"),
    ("2026-03-05", "2026-03-05"),
    ("14.02.2026", "2026-02-14"),
    ("Basel, den 16. Februar 1926", "1926-02-16"),
    ("Paris, le 5 mars 2026", "2026-03-05"),
    ("London, 1st January 1850", "1850-01-01"),
    ("Date: 14-September 2022", "2022-09-14"),
    ("5 March 2O26", "2026-03-05"),  # OCR read a zero as the letter O
])
def test_date_formats(text, iso):
    found = find_dates(text)
    assert found and found[0].iso == iso


def test_numeric_dates_follow_the_order_given():
    assert find_dates("03/05/2026", "MDY")[0].iso == "2026-03-05"
    assert find_dates("03/05/2026", "DMY")[0].iso == "2026-05-03"
    assert find_dates("25/12/2025", "MDY") == [] or find_dates("25/12/2025", "MDY")[0].iso == "2025-12-25"


def test_not_dates():
    assert find_dates("Ref: FOI-2026-00123") == []
    assert find_dates("invoice 2026/0345 for £1,250") == []
    assert find_dates("on 31 February 2026") == []
