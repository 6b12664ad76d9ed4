"""The lexicon: languages are files of words, and a new file is all a new language needs."""
import json

import pytest

from letterbook.ingest.dates import find_dates
from letterbook.ingest.lexicon import KEYS, LexiconError, active, installed_languages, load_lexicon, using
from letterbook.ingest.parse import parse_letter
from letterbook.ingest.transcript import read_transcript, transcript_lines

DUTCH = {
    "code": "nl",
    "salutations": ["geachte", "beste"],
    "closings": ["met vriendelijke groet", "met vriendelijke groeten", "hoogachtend"],
    "our_ref_labels": ["ons kenmerk"],
    "subject_labels": ["betreft", "onderwerp"],
    "months": [["januari"], ["februari"], ["maart"], ["april"], ["mei"], ["juni"], ["juli"], ["augustus"],
               ["september"], ["oktober"], ["november"], ["december"]],
}

LETTER = """Scheepswerf Visser

Ons kenmerk: SV/2026/41

Rotterdam, 5 maart 2026

Geachte mevrouw De Wit,

Betreft: Oplevering van de romp

Wij bevestigen dat de romp voor het einde van de maand wordt opgeleverd, zoals afgesproken.

Met vriendelijke groet,

Pieter Visser
"""

ITALIAN_LETTER = """Cantiere Navale Ferri

Prot. n. CNF/2026/41

Genova, 5 marzo 2026

Gentile Signora Conti,

Oggetto: Consegna dello scafo

Le confermiamo che la consegna dello scafo avverrà entro la fine del mese, come concordato.

Distinti saluti,

Paolo Ferri
"""


def _fields(text: str) -> dict:
    pages = read_transcript(text.encode())
    lines = [ln for page in pages for ln in transcript_lines(page)]
    return {name: f.value for name, f in parse_letter(lines, pages).fields.items()}


@pytest.fixture
def dutch(tmp_path):
    (tmp_path / "nl.json").write_text(json.dumps(DUTCH), encoding="utf-8")
    return load_lexicon([tmp_path])


def test_a_language_file_brings_its_words(dutch):
    assert "nl" in dutch.codes and {"de", "en", "fr", "it"} <= set(dutch.codes)
    assert dutch.salutation.match("Geachte mevrouw De Wit,")
    assert dutch.salutation.match("Dear Ms Reed,")  # the installed languages stay
    assert dutch.reference.match("ons kenmerk: sv/2026/41")["our"]
    assert not active().salutation.match("Geachte mevrouw De Wit,")


def test_the_parser_reads_a_letter_in_the_new_language(dutch):
    assert "salutation" not in _fields(LETTER)
    with using(dutch):
        got = _fields(LETTER)
        assert find_dates("Rotterdam, 5 maart 2026")[0].iso == "2026-03-05"
    assert got["salutation"] == "Geachte mevrouw De Wit,"
    assert got["closing"] == "Met vriendelijke groet,"
    assert got["signatory"] == "Pieter Visser"
    assert got["ref"] == "SV/2026/41"
    assert got["subject"] == "Oplevering van de romp"
    assert got["date"] == "2026-03-05"
    assert "salutation" not in _fields(LETTER)  # outside the with block, the installed languages only


def test_italian_is_installed():
    got = _fields(ITALIAN_LETTER)
    assert got["salutation"] == "Gentile Signora Conti,"
    assert got["closing"] == "Distinti saluti,"
    assert got["signatory"] == "Paolo Ferri"
    assert got["ref"] == "CNF/2026/41"
    assert got["subject"] == "Consegna dello scafo"
    assert got["date"] == "2026-03-05"


def test_a_python_file_holding_a_dict_is_a_language_too(tmp_path):
    (tmp_path / "nl.py").write_text('WORDS = {"code": "nl", "salutations": ["geachte", "beste"],\n'
                                    '         "closings": ["met vriendelijke groet"]}\n', encoding="utf-8")
    dutch = load_lexicon([tmp_path])
    assert dutch.salutation.match("Geachte heer De Vries,")
    assert "met vriendelijke groet" in dutch.closings


def test_a_file_with_an_unknown_key_is_refused(tmp_path):
    (tmp_path / "xx.json").write_text(json.dumps({"code": "xx", "salutation": ["hej"]}), encoding="utf-8")
    with pytest.raises(LexiconError, match="salutation"):
        load_lexicon([tmp_path])


def _plain(value) -> bool:
    if isinstance(value, (str, int)):  # words, and the figures of a feast's day
        return True
    return isinstance(value, list) and all(_plain(v) for v in value)


def test_installed_languages_are_plain_data():
    languages = installed_languages()
    assert {words["code"] for words in languages} >= {"en", "de", "fr"}
    for words in languages:
        assert set(words) <= set(KEYS)
        assert all(_plain(value) for value in words.values()), words["code"]


def test_accents_are_optional_in_labels():
    assert active().reference.match("notre ref: ml/88")["our"]
    assert active().reference.match("notre réf: ml/88")["our"]
