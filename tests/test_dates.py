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


@pytest.mark.parametrize("text, iso", [
    ("Septenber 14, 1982", "1982-09-14"),      # m read as n
    ("Jarwary 22, 1981", "1981-01-22"),        # two letters misread in a long name
    ("Soptarber 9, 1985", "1985-09-09"),
    ("October i3, 1989", "1989-10-13"),        # a figure read as a letter
    ("September 13, L981", "1981-09-13"),
    ("Basel, den 16. Februsr 1926", "1926-02-16"),
])
def test_dates_that_ocr_garbled(text, iso):
    found = find_dates(text, "MDY")
    assert [d.iso for d in found] == [iso]


@pytest.mark.parametrize("text", [
    "Members 12, 1998",        # a word near no month
    "Order 12, 1999",
    "Moy 12, 1999",            # a short name: one slip is too many to tell
    "invoice 12 of 1999",
])
def test_words_near_no_month_are_not_dates(text):
    assert find_dates(text, "MDY") == []


# Dating clauses of medieval letters, in words of our own. Days before 1583 are Julian days;
# January to 24 March of "the year of the Lord N" is in N + 1 (the year began on 25 March).
@pytest.mark.parametrize("clause, iso", [
    ("Given at York in the year of the Lord 1302, on the morrow of Michaelmas.", "1302-09-30"),
    ("Dated at Lincoln, in the year of our Lord 1275, on the feast of blessed Lawrence.", "1275-08-10"),
    ("Done in the 1230th year of the Lord, the fourth nones of May.", "1230-05-04"),
    ("Written at Paris, second kalends of March, in the year of grace 1210.", "1211-02-28"),
    ("Dated at Bruges in the year of the Lord 1260, the Monday after Easter.", "1260-04-05"),
    ("Enacted in the year of the Lord 1290 on the octave of the Assumption.", "1290-08-22"),
    ("Issued at Rouen, in the year of the Lord 1199, the Sunday before Christmas.", "1199-12-19"),
])
def test_dating_clause(clause, iso):
    from letterbook.ingest.dating_clause import read_dating_clause
    found = read_dating_clause("We command you to keep the peace of the said town.\n" + clause)
    assert found is not None and found.iso == iso


def test_a_year_the_letter_tells_of_is_not_its_date():
    from letterbook.ingest.dating_clause import read_dating_clause
    assert read_dating_clause("The crusade set out on the feast of St. John in the year of grace 1250, "
                              "and we ask you to pray for it.") is None
    assert read_dating_clause("Given at the Lateran, third ides of June, in the fifth year of our pontificate.") is None


def test_a_weekday_is_a_word_of_its_own():
    # "thur" (Thursday) ends "Winterthur": the date after the place is still read
    assert [d.iso for d in find_dates("Winterthur, 13. April 1953")] == ["1953-04-13"]


def test_two_digit_years_only_when_asked():
    from letterbook.ingest.dates import short_year
    assert find_dates("21.7.30") == []
    assert [d.iso for d in find_dates("21.7.30", short_years=True)] == ["1930-07-21"]
    import datetime as dt
    assert short_year("30", dt.date(2026, 12, 2)) == "1930" and short_year("15", dt.date(2026, 12, 2)) == "2015"
