"""Letters as correspondence: the CMIF export (TEI correspDesc),
through the CLI on letters made here, read back with lxml."""
from __future__ import annotations

import json

import pytest
from lxml import etree

from conftest import lines_json, run
from letterbook.app.cmif import CmifHeader, cmif_document
from letterbook.app.correspondence import Correspondence, Party, correspondence_from_record, letter_date
from letterbook.ingest.dates import date_extent
from letterbook.model import FIELD_KINDS, LetterRecord

TEI = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
NS = {"t": TEI, "g": "http://graphml.graphdrawing.org/xmlns", "x": "http://gexf.net/1.3"}

DATELINES = {"basel-1": "Basel, den 16. Februar 1926", "engelberg": "Engelberg, den 20. Februar 1926",
             "basel-2": "Basel, den 2. März 1926", "louvre": "Paris, le 5 mars 1926",
             "basel-3": "Basel, den 9. April 1926"}


def _german(sender_org, sender_street, addressee, addressee_org, dateline, body, signer, role):
    return (f"{sender_org}\n{sender_street}\n\n{addressee}\n{addressee_org}\n\n{dateline}\n\n"
            f"Sehr geehrter Herr {addressee.split()[-1]},\n\n{body}\n\nMit freundlichen Grüßen\n\n{signer}\n{role}\n")


LETTERS = {
    "basel-1": _german("Basler Verkehrsverein", "Centralbahnplatz 7, Basel", "Emil Hoffmann", "Kurhaus Engelberg",
                       DATELINES["basel-1"], "wir danken Ihnen für Ihr Schreiben und die Prospekte des Kurhauses.",
                       "Rudolf Stähelin", "Sekretär"),
    "engelberg": _german("Kurhaus Engelberg", "Dorfstrasse 1, Engelberg", "Rudolf Stähelin", "Basler Verkehrsverein",
                         DATELINES["engelberg"], "besten Dank für Ihren Brief. Die Photographien folgen bald.",
                         "Emil Hoffmann", "Direktor"),
    "basel-2": _german("Basler Verkehrsverein", "Centralbahnplatz 7, Basel", "Emil Hoffmann", "Kurhaus Engelberg",
                       DATELINES["basel-2"], "die Photographien sind angekommen; wir danken Ihnen bestens.",
                       "Rudolf Stähelin", "Sekretär"),
    "basel-3": _german("Basler Verkehrsverein", "Centralbahnplatz 7, Basel", "Anna Keller", "Hotel Schweizerhof",
                       DATELINES["basel-3"], "wir senden Ihnen das Verzeichnis der Gasthäuser für den Sommer.",
                       "Rudolf Stähelin", "Sekretär"),
    "louvre": ("Société des Amis du Louvre\n107, rue de Rivoli\n75001 Paris\n\nCamille Roux\n57, rue Cuvier\n"
               f"75005 Paris\n\n{DATELINES['louvre']}\n\nMadame,\n\nNous vous remercions de votre adhésion à la "
               "Société pour l'année en cours.\n\nVeuillez agréer, Madame, l'expression de nos sentiments "
               "distingués.\n\nJeanne Martin\nSecrétaire\n"),
}
CMIF_OPTIONS = ["--title", "Briefe des Verkehrsvereins", "--editor", "Anna Muster", "--editor-email",
                "anna@example.org", "--publisher", "Staatsarchiv Basel", "--url", "https://example.org/cmif.xml",
                "--letter-url", "https://example.org/letters/{id}"]


@pytest.fixture(scope="module")
def letters(tmp_path_factory):
    """The archive and its letters' ids by name. The Basel letter of 2 March is known only to the
    month ('März 1926' by hand) and the Louvre's is signed by no one, as the archivist set them."""
    folder = tmp_path_factory.mktemp("correspondence")
    for name, text in LETTERS.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    archive = folder / "archive"
    assert run(archive, "ingest", "-q", *(folder / f"{name}.txt" for name in LETTERS)).exit_code == 0
    rows = {row["source"][:-4]: row for row in lines_json(run(archive, "export").output)}
    ids = {name: row["id"] for name, row in rows.items()}
    assert rows["basel-1"]["signatory"] == "Rudolf Stähelin" and rows["engelberg"]["addressee"] == "Rudolf Stähelin"
    assert rows["louvre"]["sender_org"] == "Société des Amis du Louvre"
    assert run(archive, "edit", ids["basel-2"], "--unset", "date", "--set", "date_text=März 1926").exit_code == 0
    assert run(archive, "edit", ids["louvre"], "--unset", "signatory", "--unset", "signatories").exit_code == 0
    return archive, ids, rows


def _cmif(archive, tmp_path, *more):
    target = tmp_path / "letters.xml"
    result = run(archive, "export", "--format", "cmif", *CMIF_OPTIONS, "-o", target, *more)
    assert result.exit_code == 0, result.output
    return etree.parse(str(target)), result


def _desc(tree, letter_id):
    found = tree.xpath("/t:TEI/t:teiHeader/t:profileDesc/t:correspDesc[@key=$id]", namespaces=NS, id=letter_id)
    assert len(found) == 1
    return found[0]


def _one(element, path):
    found = element.xpath(path, namespaces=NS)
    assert len(found) == 1, (path, found)
    return found[0]


# ------------------------------------------------------------------ CMIF

def test_cmif_has_the_header_cmif_requires(letters, tmp_path):
    archive, ids, _ = letters
    tree, result = _cmif(archive, tmp_path)
    assert result.output == f"wrote 5 letters as CMIF to {tmp_path / 'letters.xml'}\n"
    root = tree.getroot()
    assert root.tag == f"{{{TEI}}}TEI" and tree.docinfo.encoding == "UTF-8"
    file_desc = _one(root, "t:teiHeader/t:fileDesc")
    assert _one(file_desc, "t:titleStmt/t:title").text == "Briefe des Verkehrsvereins"
    editor = _one(file_desc, "t:titleStmt/t:editor")
    assert editor.text == "Anna Muster" and _one(editor, "t:email").text == "anna@example.org"
    publication = _one(file_desc, "t:publicationStmt")
    assert _one(publication, "t:publisher/t:ref").text == "Staatsarchiv Basel"
    assert _one(publication, "t:idno[@type='url']").text == "https://example.org/cmif.xml"
    when = _one(publication, "t:date").get("when")
    assert len(when) == 10 and when[4] == "-" and when[7] == "-"
    assert _one(publication, "t:availability/t:licence").get("target") == "https://creativecommons.org/licenses/by/4.0/"
    bibl = _one(file_desc, "t:sourceDesc/t:bibl")
    assert bibl.get("type") == "online" and bibl.get(XML_ID)
    assert _one(bibl, "t:ref").get("target") == "https://example.org/cmif.xml"
    descs = root.xpath("t:teiHeader/t:profileDesc/t:correspDesc", namespaces=NS)
    assert sorted(d.get("key") for d in descs) == sorted(ids.values())
    for desc in descs:  # each letter points at the one source and at itself
        assert desc.get("source") == "#" + bibl.get(XML_ID)
        assert desc.get("ref") == f"https://example.org/letters/{desc.get('key')}"
        assert [a.get("type") for a in desc.xpath("t:correspAction", namespaces=NS)] == ["sent", "received"]
    # CMIF holds no letter text: an empty body
    assert [el.tag for el in _one(root, "t:text/t:body").iterchildren()] == [f"{{{TEI}}}p"]


def test_cmif_round_trips_names_dates_and_organisations(letters, tmp_path):
    archive, ids, _ = letters
    tree, _ = _cmif(archive, tmp_path)
    first = _desc(tree, ids["basel-1"])
    assert _one(first, "t:correspAction[@type='sent']/t:persName").text == "Rudolf Stähelin"
    assert _one(first, "t:correspAction[@type='sent']/t:date").attrib == {"when": "1926-02-16"}
    assert _one(first, "t:correspAction[@type='received']/t:persName").text == "Emil Hoffmann"
    # a person's firm is not a second correspondent
    assert not first.xpath(".//t:orgName", namespaces=NS)
    reply = _desc(tree, ids["engelberg"])
    assert _one(reply, "t:correspAction[@type='sent']/t:persName").text == "Emil Hoffmann"
    assert _one(reply, "t:correspAction[@type='received']/t:persName").text == "Rudolf Stähelin"
    # known to the month: the month's first and last day
    month = _desc(tree, ids["basel-2"])
    assert _one(month, "t:correspAction[@type='sent']/t:date").attrib == {"notBefore": "1926-03-01",
                                                                          "notAfter": "1926-03-31"}
    # signed by no one: the organisation sends it
    louvre = _desc(tree, ids["louvre"])
    sent = _one(louvre, "t:correspAction[@type='sent']")
    assert _one(sent, "t:orgName").text == "Société des Amis du Louvre" and not sent.xpath("t:persName", namespaces=NS)
    assert _one(louvre, "t:correspAction[@type='received']/t:persName").text == "Camille Roux"
    # no authority identifiers yet: no @ref on a name
    assert not tree.xpath("//t:persName[@ref] | //t:orgName[@ref]", namespaces=NS)


def test_cmif_carries_the_place_when_letters_have_one(letters, tmp_path):
    """The place of writing is a field once persons and places are read; until then there is
    none to carry, and no empty placeName is written."""
    archive, ids, rows = letters
    tree, _ = _cmif(archive, tmp_path)
    places = {name: _desc(tree, ids[name]).xpath("t:correspAction[@type='sent']/t:placeName/text()", namespaces=NS)
              for name in ids}
    if "place" in FIELD_KINDS:
        assert places == {name: [row["place"]] if row.get("place") else [] for name, row in rows.items()}
        assert places["basel-1"] == ["Basel"] and places["louvre"] == ["Paris"]
    else:
        assert places == {name: [] for name in ids}


def test_cmif_to_stdout_and_its_defaults(letters, monkeypatch):
    archive, ids, _ = letters
    monkeypatch.delenv("EMAIL", raising=False)
    result = run(archive, "export", "--format", "cmif")
    assert result.exit_code == 0
    root = etree.fromstring(result.stdout_bytes)
    assert _one(root, "t:teiHeader/t:fileDesc/t:titleStmt/t:title").text == "Letters of the archive archive"
    assert _one(root, "t:teiHeader/t:fileDesc/t:titleStmt/t:editor/t:email").text.endswith("@localhost")
    idno = _one(root, "t:teiHeader/t:fileDesc/t:publicationStmt/t:idno").text
    assert idno == archive.resolve().as_uri()
    desc = _one(root, f"t:teiHeader/t:profileDesc/t:correspDesc[@key='{ids['basel-1']}']")
    assert desc.get("ref") == f"urn:letterbook:{ids['basel-1']}"


def test_cmif_options_belong_to_cmif(letters):
    archive, _, _ = letters
    result = run(archive, "export", "--format", "csv", "--title", "x")
    assert result.exit_code == 2 and "--title is for --format cmif, not csv" in result.output


def test_cmif_escapes_what_xml_cannot_hold():
    letter = Correspondence("abc", [Party("Ann\x1b[31m <Smith> & Co", is_org=True)], [Party("Bob", ref="https://d-nb.info/gnd/1")],
                            place="Basel", date="1926", date_precision="year")
    header = CmifHeader("T", "E", "e@example.org", "P", "https://example.org/c.xml", published="2026-01-02")
    root = etree.fromstring(etree.tostring(cmif_document([letter], header)))
    sent = _one(root, "t:teiHeader/t:profileDesc/t:correspDesc/t:correspAction[@type='sent']")
    assert _one(sent, "t:orgName").text == "Ann\\x1b[31m <Smith> & Co"
    assert _one(sent, "t:placeName").text == "Basel"
    assert _one(sent, "t:date").attrib == {"notBefore": "1926-01-01", "notAfter": "1926-12-31"}
    assert _one(root, "//t:correspAction[@type='received']/t:persName").get("ref") == "https://d-nb.info/gnd/1"
    assert _one(root, "//t:publicationStmt/t:date").get("when") == "2026-01-02"


# ------------------------------------------------------------------ dates and the adapter

@pytest.mark.parametrize("text, extent", [
    ("Basel, den 16. Februar 1926", ("day", "1926-02-16")),
    ("März 1926", ("month", "1926-03")),
    ("Anfang Februar 1926", ("month", "1926-02")),
    ("fin mars 1926", ("month", "1926-03")),
    ("Sept. 1926", ("month", "1926-09")),
    ("03/1926", ("month", "1926-03")),
    ("1926-03", ("month", "1926-03")),
    ("Frühjahr 1926", ("year", "1926")),
    ("ohne Datum", None),
    ("13/1926", None),
])
def test_date_extent(text, extent):
    assert date_extent(text) == extent


def test_letter_date_takes_the_day_from_the_field_and_the_precision_from_the_text():
    assert letter_date("1926-03-01", "März 1926") == ("1926-03", "month")
    assert letter_date("1926-03-02", "2. März 1926") == ("1926-03-02", "day")
    assert letter_date("1926-04-02", "März 1926") == ("1926-04-02", "day")  # corrected date, old text
    assert letter_date(None, "1926") == ("1926", "year")
    assert letter_date(None, None) == (None, None)
    assert Correspondence("x", date="1928-02", date_precision="month").date_bounds() == ("1928-02-01", "1928-02-29")


def test_the_adapter_reads_the_fields_of_today():
    record = LetterRecord("x", "txt", {"signatories": ["A. One", "B. Two"], "signatory": "A. One",
                                       "sender_org": "One & Two Ltd", "addressee": None,
                                       "addressee_org": "County Council", "date": "2026-03-05",
                                       "date_text": "5 March 2026"})
    letter = correspondence_from_record(record)
    assert letter.senders == [Party("A. One"), Party("B. Two")]
    assert letter.addressees == [Party("County Council", is_org=True)]
    assert (letter.date, letter.date_precision) == ("2026-03-05", "day")
    assert correspondence_from_record(LetterRecord("y", "txt", {"sender_org": "One & Two Ltd"})).senders \
        == [Party("One & Two Ltd", is_org=True)]

