"""The medieval opening protocol: sender and addressee from the first sentence (invented letters)."""
import pytest

from letterbook.ingest.parse.protocol import office_of, read_protocol


@pytest.mark.parametrize("text, sender, office, addressee", [
    ("Beatrice, abbess of Larnwick, to her beloved tenants of the mill at Osby, greeting and love.\n"
     "We order that you grind the abbey's grain before your own.",
     "Beatrice, abbess of Larnwick", "abbess of Larnwick", "her beloved tenants of the mill at Osby"),
    ("Conrad by the grace of God duke of Merania to his faithful burghers of Altdorf greetings and grace.  "
     "Know that we have granted you the market.",
     "Conrad by the grace of God duke of Merania", "duke of Merania", "his faithful burghers of Altdorf"),
    ("To his venerable lord Anselm, bishop of Tessel, Odo, by divine permission the abbot of Welde, [sends] "
     "greetings in the Lord.  We make known to you that the tithe was paid.",
     "Odo, by divine permission the abbot of Welde", "abbot of Welde", "his venerable lord Anselm, bishop of Tessel"),
    ("Bishop Otto to Count Reginar\nMuch time has passed since we wrote to you about the bridge.",
     "Bishop Otto", None, "Count Reginar"),
    ("Rainald bishop, servant of the church of Osby.  To the brothers of the hospital of St. Giles, greetings "
     "and blessing.  We confirm your rights.",
     "Rainald bishop, servant of the church of Osby", "servant of the church of Osby",
     "the brothers of the hospital of St. Giles"),
])
def test_protocols(text, sender, office, addressee):
    found = read_protocol(text)
    assert (found.sender, found.office, found.addressee) == (sender, office, addressee)


@pytest.mark.parametrize("text", [
    "Dear Mrs Lindqvist,\nThank you for your letter of 3 May.",
    "I write to tell you about the meeting, greetings to all.",
    "Harbour Trust\n4 Quay Street\nto be collected by hand",
    "We are pleased to confirm that the survey of the inner harbour was carried out in July and found "
    "that the silt had risen by a third since the last dredging, which was in the spring.",
])
def test_modern_letters_have_no_protocol(text):
    assert read_protocol(text) is None


def test_office_without_style():
    assert office_of("Gerard, count of Loon") == "count of Loon"
    assert office_of("The king") is None
