"""Every OCR repair does what its row says: its example, as read, comes out as it should be."""
import pytest

from letterbook.ingest.repairs import TABLES, repair_name, repair_value, tidy_ocr_line

ROWS = [(kind, row) for kind, table in TABLES.items() for row in table]


@pytest.mark.parametrize("kind, row", ROWS, ids=[f"{kind}:{row.example[0]}" for kind, row in ROWS])
def test_each_repair_fixes_its_example(kind, row):
    as_read, as_it_should_be = row.example
    assert as_read != as_it_should_be
    assert row.apply(as_read) == as_it_should_be
    assert row.why


@pytest.mark.parametrize("kind, row", ROWS, ids=[f"{kind}:{row.example[0]}" for kind, row in ROWS])
def test_a_repair_leaves_its_result_alone(kind, row):
    """Applied again, a row changes nothing more: repairs do not feed on their own output."""
    assert row.apply(row.example[1]) == row.example[1]


def test_date_repairs_keep_the_length():
    for row in TABLES["date"]:
        assert len(row.apply(row.example[0])) == len(row.example[0])


@pytest.mark.parametrize("text", ["Ann Reid", "Dr. Roe", "Mr. Owen Price", "The Smiths'", "Mary O'Brien",
                                  "Robertson-Rees", "Clare Hill", "Oliver Ord"])
def test_names_printed_right_stay(text):
    assert tidy_ocr_line(text) == text
    assert repair_name(text) == text


@pytest.mark.parametrize("text", ["Our ref:      42", "Re: Water rates 2024/25", "Enc. Plan (A3)"])
def test_lines_printed_right_stay(text):
    assert tidy_ocr_line(text) == text


@pytest.mark.parametrize("as_read", ["Clir Ann Reid", "Or Karen Reeves"])
def test_no_repair_guesses_a_word(as_read):
    """Clir is not put right to Cllr, nor Or to Dr: on a real page they may be what was printed, and
    OCR reads them so only in one generator's fonts."""
    assert repair_name(as_read) == as_read


def test_a_1_parted_from_its_figures_is_left_as_read():
    assert repair_value("202 1/58497/FUL") == "202 1/58497/FUL"
