"""The letter parser, field by field, on letters of our own in several layouts."""
import pytest

from letterbook.ingest.parse import parse_letter
from letterbook.model import Line, Mark, Page
from letterbook.ingest.transcript import read_transcript, transcript_lines


def parse(text: str) -> dict:
    pages = read_transcript(text.encode())
    lines = [ln for page in pages for ln in transcript_lines(page)]
    reading = parse_letter(lines, pages)
    return {name: fv.value for name, fv in reading.fields.items()}, reading


def fields(text: str) -> dict:
    return parse(text)[0]


COUNCIL = """Ashcombe District Council
Planning Services
Town Hall, Market Place
Ashcombe AS1 1AA
Email: planning@ashcombe.example

Ms Priya Natarajan
The Old Forge
12 Mill Lane
Ashcombe AS3 9QP

Your ref: PN/2025/07
Our ref: PL/25/00871
Date: 4th December 2025

Dear Ms Natarajan

Application for a dropped kerb at 12 Mill Lane

Thank you for your application of 2 November 2025, which we received on 5 November 2025.

The highways officer visited the site on 20 November and has no objection to the crossing.

Yours sincerely

Signed electronically

Martin Oduya
Principal Planning Officer
cc: Joan Hale, Dev Patel
Enc. Approved drawing
"""


def test_council_letter_every_field():
    f = fields(COUNCIL)
    assert f["sender_org"] == "Ashcombe District Council"
    assert f["addressee"] == "Ms Priya Natarajan"
    assert f["your_ref"] == "PN/2025/07"
    assert f["ref"] == "PL/25/00871"
    assert f["date"] == "2025-12-04" and f["date_text"] == "4th December 2025"
    assert f["salutation"] == "Dear Ms Natarajan"
    assert f["subject"] == "Application for a dropped kerb at 12 Mill Lane"
    assert f["closing"] == "Yours sincerely"
    assert f["signatory"] == "Martin Oduya"
    assert f["signatory_title"] == "Principal Planning Officer"
    assert f["has_signature"] is False  # signed electronically is not signed by hand
    assert f["cc"] == ["Joan Hale", "Dev Patel"]
    assert f["enclosures"] == "Approved drawing"


def test_the_letters_date_not_a_cited_one():
    text = """Fenwick & Daughters Ltd

Mr Hugo Baird
4 Rope Walk
Whitby YO21 3PU

Your letter of 12 January 2026

19 January 2026

Dear Mr Baird,

Further to your letter of 12 January 2026 and our call on 15 January 2026, I confirm the order.

Yours faithfully,

Ann Fenwick
Director
"""
    f = fields(text)
    assert f["date"] == "2026-01-19"


def test_american_numeric_date_and_colon_salutation():
    text = """Lakeshore Printing Co.
88 Harbor Drive, Duluth, MN 55802

03/05/2026

Mr. Carl Jensen
Purchasing Manager
Northwoods Paper LLC
12 Pine Road
Ely, MN 55731

Re: Order 4471

Dear Mr. Jensen:

The order you placed on 02/20/2026 has shipped today.

Sincerely,

Dana Whitfield
Sales Director
"""
    f = fields(text)
    assert f["date"] == "2026-03-05"           # month first: an American letter
    assert f["addressee"] == "Mr. Carl Jensen"
    assert f["addressee_org"] == "Northwoods Paper LLC"  # the job title line is skipped
    assert f["subject"] == "Order 4471"
    assert f["salutation"] == "Dear Mr. Jensen:"
    assert f["signatory"] == "Dana Whitfield"


def test_uk_numeric_date_is_day_first():
    text = "Orchard Books\n\n03/05/2026\n\nDear Ms Reed,\n\nThank you for the proofs.\n\nYours sincerely,\n\nTom Ash\n"
    assert fields(text)["date"] == "2026-05-03"


def test_ocr_noise_in_cue_words():
    text = """Harlow Bridge Trust

Mr Owen Price
2 Canal Side
Harlow CM20 1AB

0ur ref: HBT/114

Dcar Mr Price,

We have repaired the towpath.

Yours sinoerely,

Grace Ekwueme
Trust Manager
"""
    f = fields(text)
    assert f["ref"] == "HBT/114"
    assert f["salutation"] == "Dcar Mr Price,"
    assert f["closing"] == "Yours sinoerely,"
    assert f["signatory"] == "Grace Ekwueme"


def test_printed_but_empty_reference_is_null():
    text = "Tillyard Estates\n\nOur ref:\nYour ref:\n\n1 June 2025\n\nDear Sir,\n\nRent is due.\n\nYours faithfully,\n\nJ Tillyard\n"
    f = fields(text)
    assert "ref" not in f and "your_ref" not in f


def test_german_and_french_references():
    assert fields("Firma Abel\n\nUnser Zeichen: AB-17/3\n\nSehr geehrte Frau Roth,\n\nText.\n\n"
                  "Mit freundlichen Grüßen\n\nKarl Abel\n")["ref"] == "AB-17/3"
    assert fields("Maison Lefèvre\n\nNotre réf. : ML/88\n\nMadame,\n\nTexte.\n\nCordialement,\n\nLuc Lefèvre\n")["ref"] == "ML/88"


def test_in_reply_please_quote():
    text = "Office of Works\n\nIn reply please quote: W/1927/88\n\nSir,\n\nI am directed to reply.\n\nYours faithfully,\n\nH. G. Wells\n"
    assert fields(text)["ref"] == "W/1927/88"


def test_memo_to_and_from():
    text = """Brackley Foods plc
MEMORANDUM

To: Sunita Rao, Finance Manager
From: Peter Doyle, Head of Operations
Date: 2 April 2024
Subject: Overtime budget

Overtime in March ran above budget because of the line refit.
"""
    f = fields(text)
    assert f["addressee"] == "Sunita Rao"
    assert f["signatory"] == "Peter Doyle"
    assert f["signatory_title"] == "Head of Operations"
    assert f["subject"] == "Overtime budget"
    assert f["sender_org"] == "Brackley Foods plc"
    assert f["date"] == "2024-04-02"
    assert "salutation" not in f and "closing" not in f


def test_signature_described_in_a_transcript():
    text = "Rowan Trust\n\nDear Ann,\n\nThanks.\n\nYours sincerely,\n\n[Handwritten signature]\n\nIvy Rowan\n"
    f = fields(text)
    assert f["has_signature"] is True and f["signatory"] == "Ivy Rowan"


def test_pp_signature_and_two_signatories():
    text = "Grey & Co\n\nDear Sirs,\n\nAgreed.\n\nYours faithfully,\n\npp\nEdith Grey\nPartner\n"
    assert fields(text)["signatory"] == "Edith Grey"
    text = "Grey & Co\n\nDear Sirs,\n\nAgreed.\n\nYours faithfully,\n\nEdith Grey      Samuel Okoro\nPartner      Partner\n"
    f = fields(text)
    assert f["signatories"] == ["Edith Grey", "Samuel Okoro"] and f["signatory"] == "Edith Grey"


def test_nothing_is_invented():
    f, reading = parse("just a note to say the parcel came.\n")
    assert f == {"has_signature": False}
    assert reading.fields["has_signature"].line is None


def test_evidence_points_at_the_line():
    f, reading = parse(COUNCIL)
    ref = reading.fields["ref"]
    assert ref.line.text == "Our ref: PL/25/00871"
    start, end = ref.line.span
    assert COUNCIL[start:end] == "Our ref: PL/25/00871"
    assert 0 < ref.confidence <= 1


def _line(text, top, x0=100, conf=None, bold=False, height=30):
    width = len(text) * 16
    return Line(text=text, page=1, box=(x0, top, x0 + width, top + height), conf=conf, bold=bold, height=height)


def test_scan_layout_with_boxes_and_an_ink_mark():
    """The same parser on lines with boxes, as OCR gives them, and a signature found by ink."""
    rows = [("HOLT & SONS", 100, 900, True), ("Miss Ada Holt", 300, 100, False), ("5 Bell Yard", 335, 100, False),
            ("Ref: HS/77", 450, 100, False), ("1 May 1931", 500, 100, False), ("Dear Miss Holt,", 600, 100, False),
            ("We enclose the deeds you asked for, and our account.", 700, 100, False),
            ("Yours faithfully,", 800, 100, False), ("Walter Holt", 1000, 100, False)]
    lines = []
    previous = None
    for text, top, x0, bold in rows:
        line = _line(text, top, x0=x0, conf=92.0, bold=bold)
        line.gap = 0 if previous is None else max(0, (top - previous - 30) / 36 - 0.25)
        previous = top
        lines.append(line)
    page = Page(number=1, method="ocr", text="", width=2480, height=3508,
                marks=[Mark(box=(100, 860, 500, 980), kind="ink", blue=True)])
    reading = parse_letter(lines, [page])
    got = {k: v.value for k, v in reading.fields.items()}
    assert got["sender_org"] == "HOLT & SONS"
    assert got["addressee"] == "Miss Ada Holt"
    assert got["date"] == "1931-05-01"
    assert got["signatory"] == "Walter Holt"
    assert got["has_signature"] is True
    page.marks = []
    assert parse_letter(lines, [page]).fields["has_signature"].value is False


def _ocr_letter(rows):
    lines, previous = [], None
    for text, top, bold in rows:
        line = _line(text, top, conf=85.0, bold=bold)
        line.gap = 0 if previous is None else max(0, (top - previous - 30) / 36 - 0.25)
        previous = top
        lines.append(line)
    page = Page(number=1, method="ocr", text="", width=2480, height=3508)
    return {k: v.value for k, v in parse_letter(lines, [page]).fields.items()}


def test_specks_read_as_points_leave_a_title():
    """A speck read as a point inside or after an OCR'd title goes; a transcript's title is as typed."""
    rows = [("WESTFORD TOWN COUNCIL", 100, True), ("Mr Owen Price", 300, False), ("2 March 2024", 450, False),
            ("Dear Mr Price,", 550, False),
            ("Thank you for writing about the market on Bell Street and its trading hours.", 650, False),
            ("Yours sincerely,", 750, False), ("Ann Reid", 950, False), ("Information Rights. Manager.", 990, False)]
    assert _ocr_letter(rows)["signatory_title"] == "Information Rights Manager"
    text = ("Westford Town Council\n\nMr Owen Price\n\n2 March 2024\n\nDear Mr Price,\n\nThank you for writing "
            "about the market.\n\nYours sincerely,\n\nAnn Reid\nInformation Rights Manager.\n")
    assert fields(text)["signatory_title"] == "Information Rights Manager."


def test_rules_glued_to_an_ocr_value_go():
    """A dash or rule OCR glued to the end of a value ("Robertson-Rees—.") is no part of it."""
    rows = [("WESTFORD TOWN COUNCIL", 100, True), ("Ms Jo Hart", 300, False), ("Robertson-Rees—.", 335, False),
            ("Your ref: VBX26/583__—", 420, False), ("2 March 2024", 450, False), ("Dear Ms Hart,", 550, False),
            ("Thank you for writing about the market on Bell Street and its trading hours.", 650, False),
            ("Yours sincerely,", 750, False), ("Ann Reid", 950, False)]
    got = _ocr_letter(rows)
    assert got["addressee_org"] == "Robertson-Rees"
    assert got["your_ref"] == "VBX26/583"


def test_specks_past_a_wide_gap_and_points_between_words_go():
    rows = [("WESTFORD TOWN COUNCIL", 100, True), ("Ms Jo Hart", 300, False), ("Burns Maxwell and.Fletcher", 335, False),
            ("Our ref:      42", 420, False), ("2 March 2024", 450, False), ("Dear Ms Hart,   : so", 550, False),
            ("Thank you for writing about the market on Bell Street and its trading hours.", 650, False),
            ("Yours sincerely,", 750, False), ("Ann Reid", 950, False)]
    got = _ocr_letter(rows)
    assert got["addressee_org"] == "Burns Maxwell and Fletcher"
    assert got["salutation"] == "Dear Ms Hart,"
    assert got["ref"] == "42"  # a value past a wide gap stays


def test_ocr_slips_around_titles_and_labels():
    """Specks beside a title or a label, in OCR'd lines only: "Ms," for "Ms.", "Dr.Karen" for "Dr Karen",
    "Ref;" for "Ref:", an accent over a label's letter, an apostrophe between month and year."""
    rows = [("Vasquez: Group", 100, True), ("Ms: Laura Gross", 300, False), ("Steele- -Kennedy", 335, False),
            ("Referencé: LUP/12/30", 420, False), ("Friday 23 May'2025", 450, False),
            ("Dear Ms, Gross:", 550, False), ("Consultation on the new leisure centre.", 610, True),
            ("Thank you for writing about the market on Bell Street and its trading hours.", 680, False),
            ("Yours sincerely,", 780, False), ("Dr.Karen Reeves", 980, False)]
    got = _ocr_letter(rows)
    assert got["sender_org"] == "Vasquez Group"
    assert got["addressee"] == "Ms. Laura Gross"
    assert got["addressee_org"] == "Steele-Kennedy"
    assert got["ref"] == "LUP/12/30"
    assert got["date"] == "2025-05-23"
    assert got["salutation"] == "Dear Ms. Gross:"
    assert got["subject"] == "Consultation on the new leisure centre."  # a bold line after the salutation
    assert got["signatory"] == "Dr Karen Reeves"
    rows[3] = ("Ref; PZX-2022-5668", 420, False)
    assert _ocr_letter(rows)["ref"] == "PZX-2022-5668"
    # the same line not in bold, ending in a point, is the first sentence of the body
    rows[6] = ("Consultation on the new leisure centre.", 610, False)
    assert "subject" not in _ocr_letter(rows)


def test_a_transcript_keeps_what_was_typed_around_titles():
    text = ("Vasquez: Group\n\nMs Laura Gross\n\n23 May 2025\n\nDear Ms Gross,\n\nThank you for writing.\n\n"
            "Yours sincerely,\n\nOr Karen Reeves\n")
    got = fields(text)
    assert got["sender_org"] == "Vasquez: Group"
    assert got["signatory"] == "Or Karen Reeves"


def test_a_wrapped_first_sentence_is_no_subject():
    """The first line of the body, wrapped after "in", with a place name under it a little
    apart (blur): no heading ends with a preposition."""
    rows = [("WESTFORD TOWN COUNCIL", 100, True), ("Ms Jo Hart", 300, False), ("2 March 2024", 450, False),
            ("Dear Ms Hart,", 550, False),
            ("Thank you for your letter of 23 September 2017 regarding allotment rents in", 650, False),
            ("Sallyside.", 702, False),
            ("Yours sincerely,", 800, False), ("Ann Reid", 1000, False)]
    assert "subject" not in _ocr_letter(rows)
    rows[4] = ("Allotment rents in Sallyside", 650, False)
    assert _ocr_letter(rows)["subject"] == "Allotment rents in Sallyside"


def test_points_and_dashes_read_into_an_ocr_subject_and_names():
    rows = [("WESTFORD TOWN COUNCIL", 100, True), ("Mr.Owen Price", 300, False), ("2 March 2024", 450, False),
            ("Dear Mr.Price,", 550, False),
            ("Environmental Information Regulations. 2004 - -Request for information", 610, True),
            ("Thank you for writing about the market on Bell Street and its trading hours.", 680, False),
            ("Yours sincerely,", 780, False), ("Sir Ben French.OBE", 980, False)]
    got = _ocr_letter(rows)
    assert got["addressee"] == "Mr Owen Price"
    assert got["salutation"] == "Dear Mr Price,"
    assert got["subject"] == "Environmental Information Regulations 2004 - Request for information"
    assert got["signatory"] == "Sir Ben French OBE"


def test_figures_parted_and_marks_inside_an_ocr_subject():
    rows = [("WESTFORD TOWN COUNCIL", 100, True), ("Ms Jo Hart", 300, False), ("2 March 2024", 450, False),
            ("Dear Ms Hart,", 550, False), ("Planning application 2021/58497/FUL. - 65 Cummings » Skyway", 610, True),
            ("Thank you for writing about the market on Bell Street and its trading hours.", 680, False),
            ("Yours sincerely,", 780, False), ("Ann Reid", 980, False)]
    assert _ocr_letter(rows)["subject"] == "Planning application 2021/58497/FUL - 65 Cummings Skyway"
    # a first line that begins as a sentence does is the body, not a heading
    rows[4] = ("I refer to your recent enquiry concerning bin collections in the South Veronica", 610, False)
    rows[5] = ("area.", 662, False)
    assert "subject" not in _ocr_letter(rows)


def test_addressee_email_in_the_inside_address_not_the_letterheads():
    found = fields("KILBRIDE HARBOUR TRUST\nenquiries@kilbride-harbour.example\n\nMs Ruth Okafor\n"
                  "C/o clerk.office@osby-parish.example\n\nDear Ms Okafor,\n\nThe dredging starts in May.\n\n"
                  "Yours sincerely,\n\nEilidh Gemmell\nHarbour Master\n")
    assert found["addressee"] == "Ms Ruth Okafor"
    assert found["addressee_email"] == "clerk.office@osby-parish.example"


def test_no_addressee_email_without_one_in_the_address():
    found = fields("KILBRIDE HARBOUR TRUST\nenquiries@kilbride-harbour.example\n\nMs Ruth Okafor\n4 Mill Lane\n\n"
                  "Dear Ms Okafor,\n\nWrite to us at dredging@kilbride-harbour.example.\n\nYours sincerely,\n\nEilidh Gemmell\n")
    assert "addressee_email" not in found


# A US business letter as OCR reads a letterhead strip and a sign-off that lost its closing:
# the company heads one printed line that goes on with its address; the typed name and title
# stand above the typist's initials.
US_STRIP = """ACME WIDGET CORP. • 12 HARBOR ROAD, BOSTON, MASSACHUSETTS 02110 • (617) 555-0100

June 3, 1987

Mr. Harold Finch
Finch & Reese, Inc.
40 State Street
Albany, New York 12207

Dear Mr. Finch:

The samples you asked for on our call last week are on their way to you by courier today.

If you have any questions about them, please feel free to call me at any time.


Joanna B. Carter, Ph.D.
Director, Product Research

JBC/lp
cc: T. Wells
"""


def test_letterhead_strip_and_sign_off_without_a_closing():
    f = fields(US_STRIP)
    assert f["sender_org"] == "ACME WIDGET CORP."
    assert f["date"] == "1987-06-03"
    assert f["signatory"].rstrip(".") == "Joanna B. Carter, Ph.D"  # the scorer ignores end points
    assert f["signatory_title"] == "Director, Product Research"
    assert f["cc"] == ["T. Wells"]


STACKED = """THE
NORTHERN
CANNING
COMPANY

March 2, 1962

Mr. R. Olsen
Olsen Brothers
Duluth, Minnesota

Dear Mr. Olsen:

We thank you for your order of February 20 and will ship the cases within the week.

Very truly yours,

NORTHERN CANNING COMPANY

Paul T. Maki
Sales Manager
Regional Office for the Lakes
"""


def test_stacked_letterhead_and_a_company_above_the_name():
    f = fields(STACKED)
    assert f["sender_org"] == "THE NORTHERN CANNING COMPANY"
    assert f["signatory"] == "Paul T. Maki"  # the company line above the name is not the name
    assert f["signatory_title"] == "Sales Manager"


def test_company_under_the_title_is_the_sender_when_no_letterhead():
    f = fields("""May 1, 1993

Mr. Joseph Lentol
Room 632
Albany, NY 12248

Dear Mr. Lentol:

I write to ask that you oppose the passage of the bill now before the committee this month.

Sincerely,

Christopher J. Ferraro
Vice President, Marketing
ENTERTAINMENT MARKETING, INC.
""")
    assert f["signatory"] == "Christopher J. Ferraro"
    assert f["signatory_title"] == "Vice President, Marketing"
    assert f["sender_org"] == "ENTERTAINMENT MARKETING, INC."


def test_title_on_two_lines_and_initials_in_the_name():
    f = fields("""Dear Lorraine,

I enclose my expense account for the meeting, which I hope you will find in order.

Yours sincerely,

Dr. J.R. Idle
Reader in Pharmacogenetics
Wellcome Trust Senior Lecturer
""")
    assert f["signatory"] == "Dr. J.R. Idle"
    assert f["signatory_title"] == "Reader in Pharmacogenetics, Wellcome Trust Senior Lecturer"


def test_a_capitals_address_strip_is_not_the_body():
    f = fields("""DANIEL & PARTNERS ASSOCIATES, LTD.
TWO HUNDRED PARK AVENUE, NEW YORK, NEW YORK TEN ZERO ONE SEVEN PLAZA FLOOR

October 12, 1978

Mr. Robert Costa
The Harbor Company
245 Park Avenue
New York, New York 10017

Attached is the updated schedule of the monthly expenditure for newspaper advertising.

Cordially,

Marilyn Shaw
Media Planner
""")
    assert f["date"] == "1978-10-12"
    assert f["addressee"] == "Mr. Robert Costa"


# A Swiss business letter of the 1920s as typed: the letterhead broken at a hyphen, the place
# and date beside it, "Herrn" on a line of its own, the firm after "i/Fa.", the company typed
# over the signature, a role over the typed name in brackets.
SWISS = """Rheinische Lagerhaus-
und Speditions-AG   Winterthur, den 3. März 1927.
Marktgasse 12
Telephon 24 11

Herrn
Dr. iur. Felix Amsler
i/Fa. Gebrüder Keller & Cie.
Seestrasse 8
Zürich

Betrifft: Lagerung von 40 Fass Öl

Sehr geehrter Herr Doktor,

wir bestätigen Ihnen den Eingang Ihres Schreibens und teilen Ihnen mit, dass die Ware eingelagert ist.

Mit vorzüglicher Hochachtung

Rheinische Lagerhaus- und Speditions-AG

Der Prokurist:

[Unterschrift]

(Hans Meili)
"""


def test_a_swiss_business_letter():
    f = fields(SWISS)
    assert f["sender_org"] == "Rheinische Lagerhaus-und Speditions-AG"
    assert f["date"] == "1927-03-03"
    assert f["addressee"] == "Herrn Dr. iur. Felix Amsler"
    assert f["addressee_org"] == "Gebrüder Keller & Cie."
    assert f["subject"] == "Lagerung von 40 Fass Öl"
    assert f["closing"] == "Mit vorzüglicher Hochachtung"
    assert f["signatory"] == "Hans Meili"
    assert f["signatory_title"] == "Der Prokurist"
    assert f["has_signature"] is True


FRENCH = """Compagnie Lyonnaise de
Navigation Fluviale
4, quai Saint-Clair, LYON
Téléphone 38.21

Lyon, le 9 juin 1931

Société Dauphinoise des Ciments
à l'attention de Monsieur Paul Girod
12, rue Voltaire
Grenoble

Objet : Votre commande du 2 juin

Monsieur,

Nous avons l'honneur de vous informer que le chargement partira de Lyon lundi prochain.

Veuillez agréer, Monsieur, l'expression de nos sentiments distingués.

Le Directeur,

(signé) J. Morel

Jacques MOREL
"""


def test_a_french_business_letter():
    f = fields(FRENCH)
    assert f["sender_org"] == "Compagnie Lyonnaise de Navigation Fluviale"
    assert f["date"] == "1931-06-09"
    assert f["addressee"] == "Monsieur Paul Girod"
    assert f["addressee_org"] == "Société Dauphinoise des Ciments"
    assert f["closing"] == "Veuillez agréer, Monsieur, l'expression de nos sentiments distingués."
    assert f["signatory"] == "Jacques MOREL"
    assert f["signatory_title"] == "Le Directeur"
    assert f["has_signature"] is True


def test_place_and_figures_with_a_two_digit_year():
    f = fields("""Reederei Brun & Co.

St. Gallen, 21.7.30

Herrn Karl Egli
Basel

Sehr geehrter Herr Egli,

wir danken Ihnen für Ihre Zahlung, die wir Ihrem Konto gutgeschrieben haben.

Mit freundlichen Grüssen

Reederei Brun & Co.
""")
    assert f["date"] == "1930-07-21"
    assert f["addressee"] == "Herrn Karl Egli"


def test_a_garbled_closing_over_the_typists_initials():
    # OCR lost the typed name under the signature and read "Cordially," as "Cordial"
    text = """September 9, 1985

Mr. Arnold Henson
245 Park Avenue
New York, New York 10167

Dear Mr. Henson:

This will acknowledge with thanks receipt of your check in the amount of the special fund.

Cordial


RFG/lp
"""
    pages = read_transcript(text.encode())
    lines = [ln for page in pages for ln in transcript_lines(page)]
    for ln in lines:
        ln.conf = 80.0  # as OCR read it
    got = {name: f.value for name, f in parse_letter(lines, pages).fields.items()}
    assert got["closing"] == "Cordially"
    assert "signatory" not in got


def test_a_letter_filed_in_court():
    f = fields("""Case 1:19-cr-00725-JPO Document 191 Filed 05/25/21 Page 1 of 4

May 20, 2021

The Honorable Paula Grant
United States District Judge
40 Foley Square
New York, NY 10007

Re: United States v. Marsh

Dear Judge Grant:

We write on behalf of our client to ask that the Court adjourn the sentencing by thirty days.

Respectfully submitted,

/s/ Daniel R. Hale
Daniel R. Hale
Counsel for Defendant
""")
    assert "sender_org" not in f  # the court's filing stamp is no letterhead
    assert f["closing"] == "Respectfully submitted,"
    assert f["signatory"] == "Daniel R. Hale"
    assert f["has_signature"] is False  # "/s/" is a typed signature, not one by hand
    assert f["date"] == "2021-05-20"


def test_a_fax_machines_line_is_no_part_of_the_letter():
    f = fields("""FROM: K HOLT FAX NO.: 0161 498 9814 12/03/2021 4:51PM P.01

Harlow Joinery Ltd
12 Mill Street, Harlow CM20 1AA

14 March 2021

Mr Peter Vance
8 Elm Road
Harlow CM20 2BB

Dear Mr Vance,

Thank you for your order, which we shall deliver on Friday morning as agreed.

Yours sincerely,

Karen Holt
""")
    assert f["sender_org"] == "Harlow Joinery Ltd"
    assert f["date"] == "2021-03-14"
    assert f["addressee"] == "Mr Peter Vance"


@pytest.mark.parametrize("line, fax", [
    ("(WED) 6.6'18 7:32PM FROM: ROBINSON-JACKSON FAX NO.: +44 20 373 3354 P.01", True),
    ("FROM MCDONALD & YOUNG FAX NO. 01223 806 9287 Oct 22 2018 11:46AM. P.O1", True),
    ("The meeting is at 10:30 on 5 March in room 12", False),
    ("Tel 0117 213 7444 open 9:00-17:00", False),
])
def test_transmission_lines(line, fax):
    from letterbook.ingest.parse.blocks import is_transmission_line
    assert is_transmission_line(line) is fax
