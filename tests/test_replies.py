"""Correspondence through the CLI: reply links and threads, the concordance, the spread of letters."""
import hashlib
import json

import pytest
from click.testing import CliRunner

from conftest import lines_json, run
from letterbook.cli import cli

ACME = ["Acme Trading Ltd", "12 Mill Road", "Leeds LS1 4AB"]
BROWN = ["Brown & Sons", "4 High Street", "York YO1 7HH"]


def transcript(head: list, ref_line: str, date: str, to: list, salutation: str, subject: str, body: str,
               signer: str, role: str) -> str:
    return "\n".join(head + ["", ref_line, "", date, ""] + to + ["", salutation, "", subject, "", body, "",
                                                                   "Yours sincerely,", "", signer, role]) + "\n"


def offer():
    return transcript(ACME, "Our ref: ACM/2026/17", "12 January 2026", ["Mr John Brown"] + BROWN,
                      "Dear Mr Brown,", "Order of brass fittings",
                      "We should be glad to supply the brass fittings you asked about. Our price\n"
                      "for the fittings is enclosed.", "Jane Smith", "Sales Manager")


def order():  # answers the offer by its reference
    return transcript(BROWN, "Your ref: ACM/2026/17", "20 January 2026", ["Mrs Jane Smith"] + ACME,
                      "Dear Mrs Smith,", "Order of brass fittings",
                      "We accept your price for the brass fittings and ask you to deliver them\n"
                      "to our works at York.", "John Brown", "Partner")


def delivery():  # answers the order by "your letter of" its date, without the year
    return transcript(ACME, "Our ref: ACM/2026/31", "3 February 2026", ["Mr John Brown"] + BROWN,
                      "Dear Mr Brown,", "Delivery of brass fittings",
                      "Thank you for your letter of 20 January. The brass fittings will leave\n"
                      "our works on Monday.", "Jane Smith", "Sales Manager")


def letter_id(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def write(folder, **letters) -> dict:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in letters.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return {name: letter_id(text) for name, text in letters.items()}


def ok(archive, *args) -> str:
    result = run(archive, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def exchange(tmp_path, archive):
    ids = write(tmp_path / "post", offer=offer(), order=order(), delivery=delivery())
    ok(archive, "ingest", "-q", tmp_path / "post")
    return ids


def test_letters_answering_by_reference_and_by_your_letter_of_make_a_thread(archive, exchange):
    a, b, c = exchange["offer"], exchange["order"], exchange["delivery"]
    assert ok(archive, "thread", c) == (
        f"3 letters in the thread of {c}:\n"
        f"  {a}  2026-01-12  from: Jane Smith  to: Mr John Brown  subject: Order of brass fittings\n"
        f"  {b}  2026-01-20  from: John Brown  to: Mrs Jane Smith  subject: Order of brass fittings\n"
        f"      in reply to {a}\n"
        f"> {c}  2026-02-03  from: Jane Smith  to: Mr John Brown  subject: Delivery of brass fittings\n"
        f"      in reply to {b}\n")
    shown = ok(archive, "show", b, "--no-text").splitlines()
    assert [line for line in shown if line.startswith(("In reply to", "Answered by"))] == [
        f"In reply to   {a}  2026-01-12  from: Jane Smith  to: Mr John Brown  subject: Order of brass fittings"
        "  (by reference)",
        f"Answered by   {c}  2026-02-03  from: Jane Smith  to: Mr John Brown  subject: Delivery of brass fittings"
        "  (by 'your letter of')"]
    described = json.loads(ok(archive, "show", b, "--json"))
    assert [(x["id"], x["how"]) for x in described["in_reply_to"]] == [(a, "ref")]
    assert [(x["id"], x["how"]) for x in described["answered_by"]] == [(c, "letter")]
    as_json = json.loads(ok(archive, "thread", a, "--json"))
    assert as_json["id"] == a and [(x["id"], x["in_reply_to"]) for x in as_json["letters"]] == \
        [(a, []), (b, [a]), (c, [b])]
    rows = {row["id"]: row["in_reply_to"] for row in lines_json(ok(archive, "export", "--format", "jsonl"))}
    assert rows == {a: [], b: [a], c: [b]}
    csv_rows = ok(archive, "export", "--format", "csv").splitlines()
    assert "in_reply_to" in csv_rows[0].split(",")


def test_a_reply_archived_before_the_letter_it_answers_is_linked_when_that_comes(tmp_path, archive):
    first = write(tmp_path / "first", delivery=delivery())
    ok(archive, "ingest", "-q", tmp_path / "first")
    assert ok(archive, "thread", first["delivery"]).startswith("1 letter in the thread")
    later = write(tmp_path / "later", order=order())
    ok(archive, "ingest", "-q", tmp_path / "later")
    rows = {row["id"]: row["in_reply_to"] for row in lines_json(ok(archive, "export"))}
    assert rows == {first["delivery"]: [later["order"]], later["order"]: []}


def test_your_letter_of_from_someone_else_is_no_reply(tmp_path, archive):
    """The cited date matches, but the earlier letter is not from the person or firm written to."""
    stranger = transcript(["Zenith Tools plc", "1 Canal Street", "Hull HU1 1AA"], "Our ref: ZT/9",
                          "20 January 2026", ["Mrs Ada Green", "Green Fabrics", "Bath BA1 1AA"], "Dear Mrs Green,",
                          "Tools", "We enclose our list of tools.", "Peter White", "Director")
    ids = write(tmp_path / "post", stranger=stranger, delivery=delivery())
    ok(archive, "ingest", "-q", tmp_path / "post")
    rows = {row["id"]: row["in_reply_to"] for row in lines_json(ok(archive, "export"))}
    assert rows == {ids["stranger"]: [], ids["delivery"]: []}


def test_german_ihr_schreiben_vom_links_by_the_lexicon(tmp_path, archive):
    anfrage = "\n".join(["Maschinenfabrik Keller AG", "Bahnhofstrasse 5", "8400 Winterthur", "",
                         "Winterthur, den 2. Februar 1926", "", "Herrn Dr. Max Vischer", "Rheinweg 3", "4000 Basel",
                         "", "Sehr geehrter Herr Doktor,", "",
                         "Wir erlauben uns, Ihnen unser Angebot für die Pumpen zu senden.", "",
                         "Hochachtungsvoll", "", "Hans Keller", "Direktor"]) + "\n"
    antwort = "\n".join(["Dr. M. Vischer", "Rheinweg 3", "4000 Basel", "", "Basel, den 16. Februar 1926", "",
                         "Herrn Hans Keller", "Maschinenfabrik Keller AG", "8400 Winterthur", "",
                         "Sehr geehrter Herr Keller,", "",
                         "Ich danke Ihnen für Ihr Schreiben vom 2. Februar und bestelle die Pumpen.", "",
                         "Hochachtungsvoll", "", "Max Vischer"]) + "\n"
    ids = write(tmp_path / "post", anfrage=anfrage, antwort=antwort)
    ok(archive, "ingest", "-q", tmp_path / "post")
    rows = {row["id"]: row["in_reply_to"] for row in lines_json(ok(archive, "export"))}
    assert rows == {ids["anfrage"]: [], ids["antwort"]: [ids["anfrage"]]}


def test_links_corrected_by_hand_are_logged_and_survive_reextraction(tmp_path, archive, exchange):
    a, b, c = exchange["offer"], exchange["order"], exchange["delivery"]
    assert ok(archive, "edit", b, "--not-reply-to", a) == f"{b}: in_reply_to: ['{a}'] -> []\n"
    assert ok(archive, "edit", c, "--reply-to", a) == f"{c}: in_reply_to: ['{b}'] -> ['{a}', '{b}']\n"
    ok(archive, "ingest", "-q", "--reextract", tmp_path / "post")
    rows = {row["id"]: row["in_reply_to"] for row in lines_json(ok(archive, "export"))}
    assert rows == {a: [], b: [], c: [a, b]}
    events = json.loads(ok(archive, "show", b, "--json"))["events"]
    assert [(e["kind"], e["detail"].get("field"), e["detail"].get("new")) for e in events if e["kind"] == "corrected"] \
        == [("corrected", "in_reply_to", [])]
    shown = ok(archive, "show", c, "--no-text")
    assert f"In reply to   {a}  2026-01-12  from: Jane Smith  to: Mr John Brown  subject: Order of brass fittings" \
           "  (linked by hand)" in shown


def test_a_corrected_reference_relinks_the_letter(archive, exchange):
    a, b = exchange["offer"], exchange["order"]
    ok(archive, "edit", b, "--set", "your_ref=ACM/2026/99")
    assert {row["id"]: row["in_reply_to"] for row in lines_json(ok(archive, "export"))}[b] == []
    ok(archive, "edit", a, "--set", "ref=acm 2026-99")  # the same reference, written otherwise
    assert {row["id"]: row["in_reply_to"] for row in lines_json(ok(archive, "export"))}[b] == [a]


def test_bad_links_are_refused_in_one_line(archive, exchange):
    a = exchange["offer"]
    result = run(archive, "edit", a, "--reply-to", a)
    assert result.exit_code == 1 and result.output == f"letterbook: error: letter {a} cannot answer itself\n"
    result = run(archive, "edit", a, "--reply-to", "ffffffffffff")
    assert result.exit_code == 1 and result.output == "letterbook: error: no letter 'ffffffffffff' in the archive\n"
    result = run(archive, "thread", "ffffffffffff")
    assert result.exit_code == 1 and result.output == "letterbook: error: no letter 'ffffffffffff' in the archive\n"


def test_thread_help_has_an_example():
    result = CliRunner().invoke(cli, ["thread", "--help"])
    assert result.exit_code == 0 and "Example:" in result.output and "letterbook thread" in result.output


# -- the concordance

def test_kwic_lines_aligned_and_sorted_by_the_words_around_the_match(archive, exchange):
    a, b, c = exchange["offer"], exchange["order"], exchange["delivery"]
    lines = {  # each place's line, by the letter and the words after the match
        (c, "thank"): f"{c}  2026-02-03  p.1  7HH Dear Mr Brown, Delivery of brass  fittings  Thank you for your letter of 20",
        (a, "we"): f"{a}  2026-01-12  p.1     7HH Dear Mr Brown, Order of brass  fittings  We should be glad to supply the",
        (b, "we"): f"{b}  2026-01-20  p.1    4AB Dear Mrs Smith, Order of brass  fittings  We accept your price for the brass",
        (b, "and"): f"{b}  2026-01-20  p.1    We accept your price for the brass  fittings  and ask you to deliver them to our",
        (c, "will"): f"{c}  2026-02-03  p.1  your letter of 20 January. The brass  fittings  will leave our works on Monday.",
        (a, "you"): f"{a}  2026-01-12  p.1    should be glad to supply the brass  fittings  you asked about. Our price for the",
        (a, "is"): f"{a}  2026-01-12  p.1    you asked about. Our price for the  fittings  is enclosed. Yours sincerely, Jane",
    }

    def listing(*keys):
        return "7 matches in 3 letters.\n" + "".join(lines[key] + "\n" for key in keys)

    # by the words before: brass of delivery < brass of order brown < brass of order smith < brass the ... < the
    assert ok(archive, "search", "--kwic", "fittings", "--sort", "left", "--limit", "20") == listing(
        (c, "thank"), (a, "we"), (b, "we"), (b, "and"), (c, "will"), (a, "you"), (a, "is"))
    assert ok(archive, "search", "--kwic", "fittings", "--sort", "right", "--limit", "20") == listing(
        (b, "and"), (a, "is"), (c, "thank"), (b, "we"), (a, "we"), (c, "will"), (a, "you"))
    assert ok(archive, "search", "--kwic", "fittings", "--sort", "date", "--limit", "20") == listing(
        (a, "we"), (a, "you"), (a, "is"), (b, "we"), (b, "and"), (c, "thank"), (c, "will"))
    assert ok(archive, "search", "--kwic", "fittings", "--sort", "right", "--limit", "2", "--offset", "1") == (
        "7 matches in 3 letters, showing 2-3.\n" + lines[(a, "is")] + "\n" + lines[(c, "thank")] + "\n")
    assert ok(archive, "search", "--kwic", "nowhere") == "No matches found.\n"


def test_kwic_phrase_accents_and_json(tmp_path, archive):
    note = transcript(ACME, "Our ref: ACM/1", "5 March 2026", ["Mr John Brown"] + BROWN, "Dear Mr Brown,",
                      "Lunch", "We met at the Café Royal, and the cafe was full; stop and search\n"
                      "was the word of the day.", "Jane Smith", "Sales Manager")
    ids = write(tmp_path / "post", note=note)
    ok(archive, "ingest", "-q", tmp_path / "post")
    n = ids["note"]
    assert ok(archive, "search", "--kwic", "cafe") == (
        "2 matches in 1 letter.\n"
        f"{n}  2026-03-05  p.1  Dear Mr Brown, Lunch We met at the  Café  Royal, and the cafe was full; stop\n"
        f"{n}  2026-03-05  p.1   We met at the Café Royal, and the  cafe  was full; stop and search was the\n")
    places = lines_json(ok(archive, "search", "--kwic", '"stop and search"', "--json"))
    assert [(p["id"], p["page"], p["match"], p["right"]) for p in places] == \
        [(n, 1, "stop and search", "was the word of the day. Yours")]
    assert ok(archive, "search", "--kwic", "cafe", "--count") == "2\n"
    result = run(archive, "search", "cafe", "--sort", "left")
    assert result.exit_code == 2 and "--sort left orders a concordance's lines: add --kwic" in result.output


# -- the spread

def test_stats_by_year_and_month_as_a_bar_chart(tmp_path, archive):
    dated = {f"l{i}": transcript(ACME, f"Our ref: X/{i}", day, ["Mr John Brown"] + BROWN, "Dear Mr Brown,",
                                 "Note", f"Note number {i}.", "Jane Smith", "Sales Manager")
             for i, day in enumerate(["3 March 2024", "9 May 2024", "1 June 2026", "2 June 2026", "9 June 2026"])}
    undated = "\n".join(["Dear John,", "", "A note without a date.", "", "Yours sincerely,", "", "Jane"]) + "\n"
    write(tmp_path / "post", undated=undated, **dated)
    ok(archive, "ingest", "-q", tmp_path / "post")
    assert ok(archive, "stats", "--by", "year") == (
        "6 letters by year\n"
        "2024     2  " + "█" * 27 + "\n"
        "2025     0\n"
        "2026     3  " + "█" * 40 + "\n"
        "undated  1  " + "█" * 13 + "\n")
    assert ok(archive, "stats", "--by", "month") == (  # a short gap month by month, a long one in a row
        "6 letters by month\n"
        "2024-03           1  " + "█" * 13 + "\n"
        "2024-04           0\n"
        "2024-05           1  " + "█" * 13 + "\n"
        "2024-06..2026-05  0\n"
        "2026-06           3  " + "█" * 40 + "\n"
        "undated           1  " + "█" * 13 + "\n")
    assert json.loads(ok(archive, "stats", "--by", "year", "--json")) == {"by": "year", "counts": [
        {"value": "2024", "letters": 2}, {"value": "2026", "letters": 3}, {"value": None, "letters": 1}]}


def test_hand_links_travel_in_a_bag(tmp_path, archive, exchange):
    a, b, c = exchange["offer"], exchange["order"], exchange["delivery"]
    ok(archive, "edit", b, "--not-reply-to", a)
    ok(archive, "edit", c, "--reply-to", a)
    ok(archive, "export", "--format", "bagit", tmp_path / "bag")
    restored = tmp_path / "restored"
    ok(restored, "ingest", "-q", tmp_path / "bag")
    rows = {row["id"]: row["in_reply_to"] for row in lines_json(ok(restored, "export"))}
    assert rows == {a: [], b: [], c: [a, b]}


def test_of_letters_under_one_reference_the_latest_is_answered_and_then_the_one_before(tmp_path, archive):
    earlier = transcript(ACME, "Our ref: ACM/2026/17", "5 January 2026", ["Mr John Brown"] + BROWN, "Dear Mr Brown,",
                         "Brass fittings", "We have your enquiry and shall send our price within the week.",
                         "Jane Smith", "Sales Manager")
    ids = write(tmp_path / "post", earlier=earlier, offer=offer(), order=order())
    ok(archive, "ingest", "-q", tmp_path / "post")
    assert {r["id"]: r["in_reply_to"] for r in lines_json(ok(archive, "export"))}[ids["order"]] == [ids["offer"]]
    ok(archive, "remove", ids["offer"])
    assert {r["id"]: r["in_reply_to"] for r in lines_json(ok(archive, "export"))}[ids["order"]] == [ids["earlier"]]


@pytest.mark.parametrize("first", ["thread", "export"])
def test_an_archive_made_before_reply_links_gets_them_when_first_read(archive, exchange, first):
    import sqlite3
    db = sqlite3.connect(archive / "catalog.sqlite")
    for table in ("reply_cues", "reply_links", "reply_corrections"):
        db.execute(f"DROP TABLE {table}")
    db.commit()
    db.close()
    a, b, c = exchange["offer"], exchange["order"], exchange["delivery"]
    if first == "thread":
        assert ok(archive, "thread", a).startswith(f"3 letters in the thread of {a}:\n")
    rows = {row["id"]: row["in_reply_to"] for row in lines_json(ok(archive, "export"))}
    assert rows == {a: [], b: [a], c: [b]}


def test_french_votre_lettre_du_links_by_the_lexicon(tmp_path, archive):
    closing = "Veuillez agréer, Monsieur, l'expression de nos sentiments distingués."
    demande = "\n".join(["Fonderie Dubois S.A.", "12, rue des Forges", "69002 Lyon", "", "Lyon, le 5 mars 1930", "",
                         "Monsieur Pierre Martin", "Ateliers Martin", "8, quai du Rhône", "13002 Marseille", "",
                         "Monsieur,", "", "Nous avons l'honneur de vous adresser notre offre pour les vannes.", "",
                         closing, "", "Jean Dubois", "Directeur"]) + "\n"
    reponse = "\n".join(["Ateliers Martin", "8, quai du Rhône", "13002 Marseille", "", "Marseille, le 20 mars 1930",
                         "", "Monsieur Jean Dubois", "Fonderie Dubois S.A.", "12, rue des Forges", "69002 Lyon", "",
                         "Monsieur,", "", "En réponse à votre lettre du 5 mars, nous vous commandons les vannes.", "",
                         closing, "", "Pierre Martin"]) + "\n"
    ids = write(tmp_path / "post", demande=demande, reponse=reponse)
    ok(archive, "ingest", "-q", tmp_path / "post")
    rows = {row["id"]: row["in_reply_to"] for row in lines_json(ok(archive, "export"))}
    assert rows == {ids["demande"]: [], ids["reponse"]: [ids["demande"]]}
