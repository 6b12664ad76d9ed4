"""Letters as correspondence: the CMIF export (TEI correspDesc) and the correspondence network
(GraphML, GEXF), through the CLI on letters made here, read back with lxml."""
from __future__ import annotations

import json

import pytest
from lxml import etree

from conftest import lines_json, run
from letterbook.app.cmif import CmifHeader, cmif_document
from letterbook.app.correspondence import Correspondence, Party, correspondence_from_record, letter_date
from letterbook.app.network import build_network
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


def test_cmif_is_never_written_inside_the_archive(letters):
    archive, _, _ = letters
    result = run(archive, "export", "--format", "cmif", "-o", archive / "letters.xml")
    assert result.exit_code == 1 and "is inside the archive" in result.output
    assert not (archive / "letters.xml").exists()


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


# ------------------------------------------------------------------ network

def _graphml(path):
    tree = etree.parse(str(path))
    root = tree.getroot()
    assert root.tag == f"{{{NS['g']}}}graphml"
    keys = {(k.get("for"), k.get("attr.name")): k for k in root.xpath("g:key", namespaces=NS)}
    graph = _one(root, "g:graph")
    assert graph.get("edgedefault") == "directed"

    def data(element):
        values = {}
        for d in element.xpath("g:data", namespaces=NS):
            key = next(k for k in keys.values() if k.get("id") == d.get("key"))  # every key is declared
            assert key.get("for") == element.tag.split("}")[1]
            values[key.get("attr.name")] = int(d.text) if key.get("attr.type") == "int" else d.text
        return values

    nodes = {n.get("id"): data(n) for n in graph.xpath("g:node", namespaces=NS)}
    edges = {(nodes[e.get("source")]["label"], nodes[e.get("target")]["label"]): data(e)
             for e in graph.xpath("g:edge", namespaces=NS)}
    return {v["label"]: v for v in nodes.values()}, edges


def _gexf(path):
    root = etree.parse(str(path)).getroot()
    assert root.tag == f"{{{NS['x']}}}gexf" and root.get("version") == "1.3"
    graph = _one(root, "x:graph")
    assert graph.get("defaultedgetype") == "directed"
    declared = {(a.getparent().get("class"), a.get("id")): a.get("type")
                for a in graph.xpath("x:attributes/x:attribute", namespaces=NS)}

    def values(element, klass):
        out = {}
        for v in element.xpath("x:attvalues/x:attvalue", namespaces=NS):
            kind = declared[(klass, v.get("for"))]
            out[v.get("for")] = int(v.get("value")) if kind == "integer" else v.get("value")
        return out

    nodes = {n.get("id"): dict(values(n, "node"), label=n.get("label"))
             for n in graph.xpath("x:nodes/x:node", namespaces=NS)}
    edges = {(nodes[e.get("source")]["label"], nodes[e.get("target")]["label"]):
             dict(values(e, "edge"), weight=int(float(e.get("weight"))))
             for e in graph.xpath("x:edges/x:edge", namespaces=NS)}
    return {v["label"]: v for v in nodes.values()}, edges


def test_network_as_graphml(letters, tmp_path):
    archive, _, _ = letters
    target = tmp_path / "letters.graphml"
    result = run(archive, "network", "-o", target)
    assert result.exit_code == 0
    assert result.output == f"{target}: 5 letters, 5 nodes (4 persons, 1 organisation), 4 edges\n"
    nodes, edges = _graphml(target)
    assert nodes["Rudolf Stähelin"] == {"label": "Rudolf Stähelin", "kind": "person", "letters": 4, "sent": 3,
                                        "received": 1}
    assert nodes["Société des Amis du Louvre"]["kind"] == "organisation"
    assert edges == {
        ("Rudolf Stähelin", "Emil Hoffmann"): {"weight": 2, "first": "1926-02-16", "last": "1926-03"},
        ("Emil Hoffmann", "Rudolf Stähelin"): {"weight": 1, "first": "1926-02-20", "last": "1926-02-20"},
        ("Rudolf Stähelin", "Anna Keller"): {"weight": 1, "first": "1926-04-09", "last": "1926-04-09"},
        ("Société des Amis du Louvre", "Camille Roux"): {"weight": 1, "first": "1926-03-05", "last": "1926-03-05"},
    }


def test_network_as_gexf_matches_graphml(letters, tmp_path):
    archive, _, _ = letters
    assert run(archive, "network", "-o", tmp_path / "a.graphml").exit_code == 0
    assert run(archive, "network", "-o", tmp_path / "a.GEXF").exit_code == 0
    assert _gexf(tmp_path / "a.GEXF") == _graphml(tmp_path / "a.graphml")


def test_network_of_a_query(letters, tmp_path):
    archive, _, _ = letters
    target = tmp_path / "photos.gexf"
    result = run(archive, "network", "Photographien", "-o", target, "--json")
    assert result.exit_code == 0
    assert json.loads(result.output) == {"file": str(target), "format": "gexf", "letters": 2, "letters_without_edge": 0,
                                         "nodes": 2, "persons": 2, "organisations": 0, "edges": 2, "fuzzy": False}
    nodes, edges = _gexf(target)
    assert set(nodes) == {"Rudolf Stähelin", "Emil Hoffmann"}
    assert {pair: edge["weight"] for pair, edge in edges.items()} == {("Rudolf Stähelin", "Emil Hoffmann"): 1,
                                                                      ("Emil Hoffmann", "Rudolf Stähelin"): 1}
    # the query's syntax is search's: a year range finds the same letters search does
    result = run(archive, "network", "from:stähelin", "-o", tmp_path / "s.graphml", "--json")
    assert json.loads(result.output)["letters"] == int(run(archive, "search", "from:stähelin", "--count").output)


def test_network_refuses_an_unknown_suffix(letters, tmp_path):
    archive, _, _ = letters
    result = run(archive, "network", "-o", tmp_path / "letters.csv")
    assert result.exit_code == 2
    assert result.output == f"letterbook: error: {tmp_path / 'letters.csv'}: a network is written as .graphml or " \
                            ".gexf, not .csv\n"
    assert not (tmp_path / "letters.csv").exists()


def test_network_is_never_written_inside_the_archive(letters):
    archive, _, _ = letters
    result = run(archive, "network", "-o", archive / "n.gexf")
    assert result.exit_code == 1 and "is inside the archive" in result.output
    assert not (archive / "n.gexf").exists()


def test_one_node_per_authority_identifier():
    gnd = "https://d-nb.info/gnd/118540238"
    letters = [Correspondence("1", [Party("J. W. Goethe", ref=gnd)], [Party("Schiller")], date="1794-06-13",
                              date_precision="day"),
               Correspondence("2", [Party("Goethe", ref=gnd)], [Party("Schiller")], date="1794", date_precision="year"),
               Correspondence("3", [Party("Schiller")], [], date=None)]
    network = build_network(letters)
    assert [(n.label, n.letters, n.sent, n.received) for n in network.nodes.values()] == \
        [("J. W. Goethe", 2, 2, 0), ("Schiller", 3, 1, 2)]
    [edge] = network.edges.values()
    assert (edge.weight, edge.first, edge.last) == (2, "1794", "1794-06-13")
    assert network.summary()["letters_without_edge"] == 1


def test_network_help_ends_with_an_example():
    from click.testing import CliRunner
    from letterbook.cli import cli
    result = CliRunner().invoke(cli, ["network", "--help"])
    assert result.exit_code == 0 and "Example:" in result.output and "letterbook network" in result.output
