"""People and places through the command line, on letters made here: a person under three
variants grouped, conflicting given names kept apart, letters from two places, merges and
splits surviving --reextract, an authority file linking persons, bad authority files refused."""
import json

import pytest

from conftest import lines_json, run
from letterbook.ingest.persons import is_named_person, split_name
from letterbook.ingest.parse.place import place_in_dateline

LETTERS = {
    "a-keller-to-vischer.txt": """Chemische Fabrik Basel AG
Basel, den 16. Februar 1926

Herrn Dr. Max Vischer
Rittergasse 31
4051 Basel

Betreff: Lieferung

Sehr geehrter Herr Dr. Vischer,

wir danken Ihnen für Ihr Schreiben und senden die Ware.

Mit freundlichen Grüssen

Hans Keller
""",
    "b-vischer-to-keller.txt": """Basel, den 3. März 1926

Herrn Hans Keller
Klybeckstrasse 141
4057 Basel

Sehr geehrter Herr Keller,

ich bestätige den Empfang der Ware mit Dank.

Mit freundlichen Grüssen

Dr. M. Vischer-von Planta
""",
    "c-vischer-from-paris.txt": """Paris, le 5 mars 1927

Monsieur Hans Keller
Klybeckstrasse 141
4057 Bâle

Monsieur,

Nous avons bien reçu votre lettre et vous en remercions.

Veuillez agréer, Monsieur, l'expression de nos sentiments distingués.

Max Vischer
""",
    "d-roe-to-vischer.txt": """London, 3rd May 1950

Herr Dr. Vischer
Rittergasse 31
4051 Basel

Dear Dr. Vischer,

Thank you for your letter of last week, which we have read with interest.

Yours sincerely,

Jane Roe PhD
""",
}

PEOPLE_LISTED = """\
   2  Max Vischer
      sender 2, addressee 2, copied 0; 1926-02-16 to 1950-05-03
      = Dr. M. Vischer-von Planta
      = Herr Dr. Vischer
      = Herrn Dr. Max Vischer
      = Max Vischer
   1  Hans Keller
      sender 1, addressee 2, copied 0; 1926-02-16 to 1927-03-05
      = Hans Keller
      = Herrn Hans Keller
      = Monsieur Hans Keller
   3  Jane Roe
      sender 1, addressee 0, copied 0; 1950-05-03
      = Jane Roe PhD
"""


@pytest.fixture
def letters(tmp_path):
    folder = tmp_path / "letters"
    folder.mkdir()
    for name, text in LETTERS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def people_archive(archive, letters):
    assert run(archive, "ingest", "-q", "-j", "1", letters).exit_code == 0
    return archive


def archived(archive, folder, texts: dict) -> dict:
    """The letters (file name -> text) written to folder and ingested; export rows by file name."""
    folder.mkdir(exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    assert run(archive, "ingest", "-q", *(folder / name for name in texts)).exit_code == 0
    return ids_of(archive)


def ids_of(archive) -> dict:
    rows = lines_json(run(archive, "export").output)
    return {row["source"]: row for row in rows}


def hits(archive, query) -> list:
    return sorted(json.loads(line)["id"] for line in run(archive, "search", query, "--json").output.splitlines()
                  if '"id"' in line)


def test_a_person_under_three_variants_is_one(people_archive):
    result = run(people_archive, "people")
    assert result.exit_code == 0 and result.output == PEOPLE_LISTED
    listed = lines_json(run(people_archive, "people", "--json").output)
    assert listed[0] == {"id": 2, "name": "Max Vischer", "is_org": False, "ref": None,
                         "variants": ["Dr. M. Vischer-von Planta", "Herr Dr. Vischer", "Herrn Dr. Max Vischer",
                                      "Max Vischer"],
                         "letters": 4, "sender": 2, "addressee": 2, "copied": 0,
                         "first": "1926-02-16", "last": "1950-05-03"}


def test_from_and_to_find_a_person_by_any_variant(people_archive):
    rows = ids_of(people_archive)
    vischer_sent = sorted([rows["b-vischer-to-keller.txt"]["id"], rows["c-vischer-from-paris.txt"]["id"]])
    # the letter signed 'Dr. M. Vischer-von Planta' is found by the given name another letter prints
    assert hits(people_archive, "from:max") == vischer_sent
    assert hits(people_archive, "to:planta") == sorted([rows["a-keller-to-vischer.txt"]["id"],
                                                        rows["d-roe-to-vischer.txt"]["id"]])
    assert len(hits(people_archive, "person:vischer")) == 4
    assert hits(people_archive, "person:roe") == [rows["d-roe-to-vischer.txt"]["id"]]


def test_letters_from_places(people_archive):
    rows = ids_of(people_archive)
    assert {name: row["place"] for name, row in rows.items()} == {
        "a-keller-to-vischer.txt": "Basel", "b-vischer-to-keller.txt": "Basel",
        "c-vischer-from-paris.txt": "Paris", "d-roe-to-vischer.txt": "London"}
    assert hits(people_archive, "place:paris") == [rows["c-vischer-from-paris.txt"]["id"]]


def test_facets_of_people_and_places(people_archive):
    result = run(people_archive, "search", "person:keller", "--facet", "place", "--facet", "person")
    assert result.output.endswith("\nplace:\n       2  Basel\n       1  Paris\n\nperson:\n       3  Hans Keller\n"
                                  "       3  Max Vischer\n")


def test_export_carries_persons_and_place(people_archive, tmp_path):
    row = ids_of(people_archive)["d-roe-to-vischer.txt"]
    assert row["persons"] == [
        {"name": "Jane Roe", "role": "sender", "ref": None},
        {"name": "Max Vischer", "role": "addressee", "ref": None,
         "variants": ["Dr. M. Vischer-von Planta", "Herr Dr. Vischer", "Herrn Dr. Max Vischer", "Max Vischer"]}]
    target = tmp_path / "letters.csv"
    assert run(people_archive, "export", "--format", "csv", "-o", target).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert ",London,Jane Roe (sender); Max Vischer (addressee)," in text


def test_conflicting_given_names_are_never_one(archive, letters):
    (letters / "e-moritz.txt").write_text(LETTERS["c-vischer-from-paris.txt"].replace("Max Vischer", "Moritz Vischer"),
                                          encoding="utf-8")
    assert run(archive, "ingest", "-q", letters).exit_code == 0
    persons = {p["name"]: p["variants"] for p in lines_json(run(archive, "people", "--json").output)}
    # 'M.' and 'Herr Dr. Vischer' could be either: they stand alone
    assert persons["Max Vischer"] == ["Herrn Dr. Max Vischer", "Max Vischer"]
    assert persons["Moritz Vischer"] == ["Moritz Vischer"]
    assert persons["M. Vischer-von Planta"] == ["Dr. M. Vischer-von Planta"]
    assert persons["Vischer"] == ["Herr Dr. Vischer"]


def test_merge_and_split_survive_reextraction_and_are_logged(people_archive, letters):
    result = run(people_archive, "people", "--split", "2", "Herr Dr. Vischer")
    assert result.exit_code == 0 and result.output == "split 'Herr Dr. Vischer' off as person 4\n"
    result = run(people_archive, "people", "--merge", "Jane Roe PhD", "1")
    assert result.output == "merged into person 1: Hans Keller; Herrn Hans Keller; Jane Roe PhD; Monsieur Hans Keller\n"
    expected = """\
   1  Hans Keller
      sender 2, addressee 2, copied 0; 1926-02-16 to 1950-05-03
      = Hans Keller
      = Herrn Hans Keller
      = Jane Roe PhD
      = Monsieur Hans Keller
   2  Max Vischer
      sender 2, addressee 1, copied 0; 1926-02-16 to 1927-03-05
      = Dr. M. Vischer-von Planta
      = Herrn Dr. Max Vischer
      = Max Vischer
   4  Vischer
      sender 0, addressee 1, copied 0; 1950-05-03
      = Herr Dr. Vischer
"""
    assert run(people_archive, "people").output == expected
    rows = ids_of(people_archive)
    assert hits(people_archive, "from:keller") == sorted([rows["a-keller-to-vischer.txt"]["id"],
                                                          rows["d-roe-to-vischer.txt"]["id"]])
    result = run(people_archive, "ingest", "--reextract", letters)
    assert result.output == "0 archived, 4 re-read, 0 already there, 0 failed (4 pages in " \
        + result.output.split(" pages in ")[1]
    assert run(people_archive, "people").output == expected
    assert hits(people_archive, "to:planta") == [rows["a-keller-to-vischer.txt"]["id"]]
    import sqlite3
    db = sqlite3.connect(people_archive / "catalog.sqlite")
    logged = [(kind, json.loads(detail)) for kind, detail in
              db.execute("SELECT kind, detail FROM events WHERE kind LIKE 'people-%' ORDER BY id")]
    assert logged == [("people-split", {"person": 2, "variant": "Herr Dr. Vischer"}),
                      ("people-merged", {"first": "Jane Roe PhD", "second": "Hans Keller", "persons": [3, 1]})]


def test_bad_merges_and_splits_say_why(people_archive):
    result = run(people_archive, "people", "--merge", "2", "99")
    assert result.exit_code == 1 and result.output == \
        "letterbook: error: no person '99' in the archive (give its number from 'letterbook people' or a variant)\n"
    result = run(people_archive, "people", "--split", "3", "Jane Roe PhD")
    assert result.output == "letterbook: error: person 3 has only the variant 'Jane Roe PhD': nothing to split\n"
    result = run(people_archive, "people", "--merge", "Max Vischer", "2")
    assert result.output == "letterbook: error: 'Max Vischer' and '2' are one person already (2)\n"


def test_an_edit_of_a_person_field_regroups(people_archive):
    letter = ids_of(people_archive)["d-roe-to-vischer.txt"]["id"]
    assert run(people_archive, "edit", letter, "--set", "addressee=Frau Anna Vischer").exit_code == 0
    persons = {p["name"]: p["variants"] for p in lines_json(run(people_archive, "people", "--json").output)}
    assert persons["Anna Vischer"] == ["Frau Anna Vischer"]
    assert "Herr Dr. Vischer" not in persons["Max Vischer"]
    assert hits(people_archive, "to:anna") == [letter]


def test_an_authority_file_links_persons(people_archive, tmp_path):
    authority = tmp_path / "authority.csv"
    authority.write_text("name,variants,identifier\n"
                         "\"Vischer, Max\",Max Vischer|M. Vischer-von Planta,https://d-nb.info/gnd/000000001\n"
                         "Hans Keller,,http://www.wikidata.org/entity/Q1\n"
                         "Somebody Else,,http://www.wikidata.org/entity/Q2\n", encoding="utf-8")
    result = run(people_archive, "people", "--import", authority)
    assert result.exit_code == 0 and result.output == "read 3 authority entries; 2 persons linked\n"
    listed = run(people_archive, "people").output.splitlines()
    assert listed[0] == "   2  Vischer, Max  <https://d-nb.info/gnd/000000001>"
    assert "   1  Hans Keller  <http://www.wikidata.org/entity/Q1>" in listed
    row = ids_of(people_archive)["b-vischer-to-keller.txt"]
    assert row["persons"] == [
        {"name": "Vischer, Max", "role": "sender", "ref": "https://d-nb.info/gnd/000000001",
         "variants": ["Dr. M. Vischer-von Planta", "Herr Dr. Vischer", "Herrn Dr. Max Vischer", "Max Vischer"]},
        {"name": "Hans Keller", "role": "addressee", "ref": "http://www.wikidata.org/entity/Q1",
         "variants": ["Hans Keller", "Herrn Hans Keller", "Monsieur Hans Keller"]}]
    from letterbook.app.library import Library
    from letterbook.app.people import persons_of
    with Library(people_archive) as library:
        assert persons_of(library, row["id"]) == [
            ("Vischer, Max", "sender", "https://d-nb.info/gnd/000000001", False),
            ("Hans Keller", "addressee", "http://www.wikidata.org/entity/Q1", False)]


def test_cmif_and_the_network_know_a_person_by_the_archive_s_name_and_identifier(people_archive, tmp_path):
    """Three variants of Max Vischer are one correspondent: one node of the network, one name and
    its authority identifier in CMIF."""
    from lxml import etree
    authority = tmp_path / "authority.csv"
    authority.write_text("name,variants,identifier\nMax Vischer,,https://d-nb.info/gnd/000000001\n", encoding="utf-8")
    assert run(people_archive, "people", "--import", authority).exit_code == 0
    cmif = tmp_path / "letters.xml"
    assert run(people_archive, "export", "--format", "cmif", "-o", cmif).exit_code == 0
    tei = {"t": "http://www.tei-c.org/ns/1.0"}
    names = etree.parse(str(cmif)).xpath("//t:persName", namespaces=tei)
    vischer = [(n.getparent().get("type"), n.text, n.get("ref")) for n in names if "Vischer" in n.text]
    assert sorted(vischer) == [("received", "Max Vischer", "https://d-nb.info/gnd/000000001")] * 2 + \
        [("sent", "Max Vischer", "https://d-nb.info/gnd/000000001")] * 2
    graph = tmp_path / "letters.graphml"
    assert run(people_archive, "network", "-o", graph).exit_code == 0
    labels = etree.parse(str(graph)).xpath("//g:node/g:data[@key='label']/text()",
                                           namespaces={"g": "http://graphml.graphdrawing.org/xmlns"})
    assert sorted(label for label in labels if "Vischer" in label) == ["Max Vischer"]


@pytest.mark.parametrize("content, reason", [
    ("name;identifier\nx;y\n", "no column name, identifier in the header line "
                               "(the columns are: name, variants, identifier)"),
    ("name,identifier\nMax Vischer\n", "line 2 has 1 columns, the header 2"),
    ("name,identifier\nMax Vischer,\n", "line 2 has no name or no identifier"),
    ("name,identifier\nA B,x\nC D,x\n", "line 3: identifier 'x' is given twice"),
    ("", "empty file; the columns are: name, variants, identifier"),
])
def test_a_bad_authority_file_is_one_line(people_archive, tmp_path, content, reason):
    authority = tmp_path / "authority.csv"
    authority.write_text(content, encoding="utf-8")
    result = run(people_archive, "people", "--import", authority)
    assert result.exit_code == 1 and result.output == f"letterbook: error: {authority}: {reason}\n"


def test_names_taken_apart_by_the_lexicon():
    found = split_name("Herrn Dr. Max Vischer")
    assert (found.name, found.before, found.given, found.surname) == \
        ("Max Vischer", ["Herrn", "Dr."], ["Max"], "Vischer")
    found = split_name("Alex Wilson AM")
    assert (found.name, found.after) == ("Alex Wilson", ["AM"])
    found = split_name("Dott. Luigi di Stefano")
    assert (found.name, found.before, found.surname, found.key) == ("Luigi di Stefano", ["Dott."], "di Stefano",
                                                                     "stefano")
    assert split_name("Spedition Burckhardt AG").is_org
    assert is_named_person(split_name("Max von der Mühll"))
    assert not is_named_person(split_name("his dearest daughter in Christ I[ngeborg]"))
    assert not is_named_person(split_name("file"))


@pytest.mark.parametrize("line, date, place", [
    ("Basel, den 16. Februar 1926", "16. Februar 1926", "Basel"),
    ("Paris, le 5 mars", "5 mars", "Paris"),
    ("London, 3rd May 1950", "3rd May 1950", "London"),
    ("Roma, lì 5 marzo 1930", "5 marzo 1930", "Roma"),
    ("Frankfurt a. M., Montag, den 3. März 1930", "3. März 1930", "Frankfurt a. M."),
    ("London, Monday 3rd May 1950", "3rd May 1950", "London"),
    ("Date: 3 May 1950", "3 May 1950", None),
    # a line of words run on to a date, with no comma or article between: a title, not a place
    ("Associate Research Director   May 2, 1991", "May 2, 1991", None),
    ("3 May 1950", "3 May 1950", None),
])
def test_the_place_before_a_date(line, date, place):
    assert place_in_dateline(line, date) == place


def test_the_town_of_the_senders_address_when_the_dateline_has_none(archive, tmp_path):
    letter = archived(archive, tmp_path / "in", {"return-line.txt": (
        "Chemische Fabrik AG · Klybeckstrasse 141 · 4057 Basel\n\nHerrn\nMax Vischer\nRittergasse 31\n4051 Riehen\n\n"
        "16.02.1926\n\nSehr geehrter Herr Vischer,\n\nwir danken Ihnen für Ihren Auftrag.\n\n"
        "Mit freundlichen Grüssen\n\nHans Keller\n")})["return-line.txt"]
    assert letter["place"] == "Basel"
    shown = json.loads(run(archive, "show", letter["id"], "--json").output)
    assert shown["evidence"]["place"]["confidence"] == 0.5


def test_an_archive_from_before_people_gets_them_on_open(people_archive):
    import sqlite3
    db = sqlite3.connect(people_archive / "catalog.sqlite")
    with db:  # as a letterbook before people left it: no tables of people, nothing read
        for table in ("person_mentions", "person_variants", "persons", "person_rules", "authority_names",
                      "authority"):
            db.execute(f"DROP TABLE {table}")
        db.execute("DELETE FROM meta WHERE key = 'people_read'")
    db.close()
    assert len(hits(people_archive, "person:vischer")) == 4
    import re
    numbers = re.compile(r"^ +\d+  ", re.MULTILINE)  # read all at once, the persons are numbered otherwise
    assert numbers.sub("", run(people_archive, "people").output) == numbers.sub("", PEOPLE_LISTED)


def test_removing_a_letter_takes_its_variants_away(people_archive):
    letter = ids_of(people_archive)["d-roe-to-vischer.txt"]["id"]
    assert run(people_archive, "remove", letter).exit_code == 0
    persons = {p["name"]: p for p in lines_json(run(people_archive, "people", "--json").output)}
    assert "Jane Roe" not in persons
    assert persons["Max Vischer"]["variants"] == ["Dr. M. Vischer-von Planta", "Herrn Dr. Max Vischer", "Max Vischer"]
    assert persons["Max Vischer"]["last"] == "1927-03-05"


def test_copies_name_persons_and_organisations(archive, tmp_path):
    letter = archived(archive, tmp_path / "in", {"copies.txt": (
        "Acme Widgets Ltd\n12 High Street\nManchester M1 1AE\n\n3 May 1950\n\nMr John Smith\n4 Church Lane\n"
        "Leeds LS1 4AP\n\nDear Mr Smith,\n\nThank you for your order, which we shall send next week.\n\n"
        "Yours sincerely,\n\nJane Roe\nSales Manager\n\ncc: Dr Anna Keller; Accounts Department\n")})["copies.txt"]
    assert letter["place"] == "Manchester"
    assert letter["persons"] == [{"name": "Jane Roe", "role": "sender", "ref": None},
                                 {"name": "John Smith", "role": "addressee", "ref": None},
                                 {"name": "Anna Keller", "role": "copied", "ref": None},
                                 {"name": "Accounts Department", "role": "copied", "ref": None}]
    listed = run(archive, "people").output
    assert "Accounts Department (organisation)\n      sender 0, addressee 0, copied 1; 1950-05-03\n" in listed


def test_help_ends_with_an_example_and_show_json_names_the_persons(people_archive):
    result = run(people_archive, "people", "--help")
    assert result.exit_code == 0 and "Example:" in result.output and "letterbook people --merge 3 7" in result.output
    letter = ids_of(people_archive)["c-vischer-from-paris.txt"]["id"]
    shown = json.loads(run(people_archive, "show", letter, "--json").output)
    assert [(p["name"], p["role"], p["printed"]) for p in shown["persons"]] == [
        ("Max Vischer", "sender", "Max Vischer"), ("Hans Keller", "addressee", "Monsieur Hans Keller")]
    assert run(people_archive, "people", "--merge", "1", "2", "--split", "1", "x").output == \
        "Usage: cli people [OPTIONS]\nTry 'cli people --help' for help.\n\n" \
        "Error: give one of --merge, --split at a time\n"


def test_a_frau_and_a_herr_are_never_one(archive, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    letter = LETTERS["a-keller-to-vischer.txt"]
    (folder / "frau.txt").write_text(letter.replace("Herrn Dr. Max Vischer", "Frau Dr. Vischer"), encoding="utf-8")
    (folder / "herr.txt").write_text(letter.replace("Herrn Dr. Max Vischer", "Herrn Vischer")
                                     .replace("16. Februar", "17. Februar"), encoding="utf-8")
    (folder / "unsure.txt").write_text(letter.replace("Herrn Dr. Max Vischer", "Dr. Vischer")
                                       .replace("16. Februar", "18. Februar"), encoding="utf-8")
    assert run(archive, "ingest", "-q", folder).exit_code == 0
    groups = sorted(p["variants"] for p in lines_json(run(archive, "people", "--json").output)
                    if "Vischer" in p["name"])
    assert groups == [["Dr. Vischer"], ["Frau Dr. Vischer"], ["Herrn Vischer"]]
    # beside one Max Vischer they could be him or not: each stays alone
    (folder / "max.txt").write_text(LETTERS["c-vischer-from-paris.txt"], encoding="utf-8")
    assert run(archive, "ingest", "-q", folder).exit_code == 0
    groups = sorted(p["variants"] for p in lines_json(run(archive, "people", "--json").output)
                    if "Vischer" in p["name"])
    assert groups == [["Dr. Vischer"], ["Frau Dr. Vischer"], ["Herrn Vischer"], ["Max Vischer"]]
    # once a letter calls him Herr Max Vischer, the Herr joins him; the Frau never, and the
    # Dr. could be either
    (folder / "herr-max.txt").write_text(LETTERS["a-keller-to-vischer.txt"], encoding="utf-8")
    assert run(archive, "ingest", "-q", folder).exit_code == 0
    groups = sorted(p["variants"] for p in lines_json(run(archive, "people", "--json").output)
                    if "Vischer" in p["name"])
    assert groups == [["Dr. Vischer"], ["Frau Dr. Vischer"], ["Herrn Dr. Max Vischer", "Herrn Vischer", "Max Vischer"]]


def test_a_bag_carries_the_archivists_merges_splits_and_authority(people_archive, tmp_path):
    assert run(people_archive, "people", "--split", "2", "Herr Dr. Vischer").exit_code == 0
    authority = tmp_path / "authority.csv"
    authority.write_text("name,variants,identifier\nHans Keller,,http://www.wikidata.org/entity/Q1\n",
                         encoding="utf-8")
    assert run(people_archive, "people", "--import", authority).exit_code == 0
    before = run(people_archive, "people").output
    bag = tmp_path / "bag"
    assert run(people_archive, "export", "--format", "bagit", bag).exit_code == 0
    carried = json.loads((bag / "data" / "people.json").read_text(encoding="utf-8"))
    assert carried == {"rules": [{"kind": "split", "first": "Herr Dr. Vischer", "second": None}],
                       "authority": [{"ref": "http://www.wikidata.org/entity/Q1", "name": "Hans Keller",
                                      "variants": []}]}
    restored = tmp_path / "restored"
    assert run(restored, "ingest", "-q", "-j", "1", bag).exit_code == 0
    assert run(restored, "people").output == before
    assert hits(restored, "to:planta") == [ids_of(restored)["a-keller-to-vischer.txt"]["id"]]


@pytest.mark.parametrize("carried, problem", [
    ("[1]", "must be an object with the lists 'rules' and 'authority'"),
    ('{"rules": [{"kind": "merge", "first": "Max Vischer"}], "authority": []}',
     "rules[0] must be a merge of two variants or a split of one"),
    ('{"rules": [], "authority": [{"ref": "x", "name": ""}]}',
     "authority[0] must have a ref, a name and a list of variants"),
])
def test_a_bag_with_bad_people_is_refused_whole(people_archive, tmp_path, carried, problem):
    import bagit
    assert run(people_archive, "people", "--split", "2", "Herr Dr. Vischer").exit_code == 0
    bag = tmp_path / "bag"
    assert run(people_archive, "export", "--format", "bagit", bag).exit_code == 0
    (bag / "data" / "people.json").write_text(carried, encoding="utf-8")
    bagit.Bag(str(bag)).save(manifests=True)  # its checksums agree: only what it says is wrong
    restored = tmp_path / "restored"
    result = run(restored, "ingest", "-q", bag)
    assert result.exit_code == 1
    assert f"{bag / 'data' / 'people.json'}: {problem}" in result.output
    assert lines_json(run(restored, "export").output) == []


def test_stats_by_person_and_by_place(people_archive):
    """A person under three variants counts once a letter; letters without a place or a person
    are counted apart; the chart ranks, the JSON lists."""
    by_person = run(people_archive, "stats", "--by", "person")
    assert by_person.exit_code == 0
    assert by_person.output == ("3 persons named in the letters\n"
                                "Max Vischer  4  " + "\u2588" * 40 + "\n"
                                "Hans Keller  3  " + "\u2588" * 30 + "\n"
                                "Jane Roe     1  " + "\u2588" * 10 + "\n")
    assert json.loads(run(people_archive, "stats", "--by", "place", "--json").output) == {
        "by": "place", "counts": [{"value": "Basel", "letters": 2}, {"value": "London", "letters": 1},
                                  {"value": "Paris", "letters": 1}]}
    letter = ids_of(people_archive)["c-vischer-from-paris.txt"]["id"]
    assert run(people_archive, "edit", letter, "--unset", "place").exit_code == 0
    assert run(people_archive, "stats", "--by", "place").output == (
        "4 letters by place\nBasel     2  " + "\u2588" * 40 + "\nLondon    1  " + "\u2588" * 20
        + "\nno place  1  " + "\u2588" * 20 + "\n")


def test_a_chart_of_many_persons_shows_the_commonest(archive, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(25):
        (folder / f"l{n:02d}.txt").write_text(
            f"Basel, den {n + 1}. März 1926\n\nHerrn Hans Keller\nKlybeckstrasse 141\n4057 Basel\n\n"
            f"Sehr geehrter Herr Keller,\n\nwir danken Ihnen für den Brief Nummer {n}.\n\n"
            f"Mit freundlichen Grüssen\n\n{'Anna Amsler Beat Brun Carla Conti Dora Diener Emil Egli'.split()[n % 10]} "
            f"Muster{chr(65 + n)}\n", encoding="utf-8")
    assert run(archive, "ingest", "-q", folder).exit_code == 0
    lines = run(archive, "stats", "--by", "person").output.splitlines()
    assert lines[0] == "26 persons named in the letters"
    assert lines[1].split() == ["Hans", "Keller", "25", "\u2588" * 40]
    assert len(lines) == 1 + 20 + 1 and lines[-1] == "... and 6 more (--json lists them all)"
    assert len(json.loads(run(archive, "stats", "--by", "person", "--json").output)["counts"]) == 26


def test_the_town_after_the_sender_s_street_without_a_postcode(archive, tmp_path):
    letters = {"en.txt": "Bromley Historical Society\n130 Glenbridge Lane, Coldhampton\n\nJune 1, 1950\n\n"
                         "Dr Arthur Fenton\nThe Sandcaster Gazette\n92 Radham Road\nFarnwick\n\nDear Dr Fenton,\n\n"
                         "Thank you for the photographs of the old mill.\n\nYours sincerely,\n\nMary Lowe\n",
               "fr.txt": "Archives municipales de Marcourt\n224, avenue de la Gare, Fontaine-les-Bains\n\n"
                         "3 mai 1931\n\nMonsieur Paul Roux\n12, rue Neuve\n1800 Vevey\n\nMonsieur,\n\n"
                         "Nous vous remercions de votre envoi.\n\nVeuillez agréer, Monsieur, nos salutations "
                         "distinguées.\n\nJean Morel\n"}
    assert {name: row["place"] for name, row in archived(archive, tmp_path / "in", letters).items()} == {
        "en.txt": "Coldhampton", "fr.txt": "Fontaine-les-Bains"}
