"""Write the sample letters in samples/ (run: make samples). Every letter here is invented.

    harbour-trust.pdf           born-digital PDF with a drawn signature
    allotment-society.pdf       image-only (scanned) PDF, blue ink signature
    bramley-quince.tif          two-page letter as a multi-page TIFF (Group 4)
    county-records-p1.png       a two-page letter as two PNG files
    county-records-p2.png
    cedar-valley.jpg            an American letter scanned to JPEG
    basel-1926.txt              a German transcript from 1926 (UTF-8)
    paris-mairie.txt            a French transcript in a legacy 8-bit encoding (cp1252)
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from letterkit import LETTER, Letter, Row, degrade, image_pdf, paragraph, render_pages, save_image, save_tiff, write_pdf  # noqa: E402


def harbour_trust() -> Letter:
    rows = [Row("KILBRIDE HARBOUR TRUST", align="center", size=16, bold=True),
            Row("Pier Office, 4 Quay Street, Kilbride KA9 2QT", align="center", size=9),
            Row("Cllr Morag Fairlie", space=2), Row("North Ayrshire Council"), Row("Cunninghame House"),
            Row("Irvine KA12 8EE"),
            Row("Our ref: KHT/2025/118", space=1), Row("Date: 12 September 2025"),
            Row("Dear Councillor Fairlie,", space=1),
            Row("Dredging of the inner harbour", bold=True, space=1)]
    rows += paragraph("Thank you for your letter of 28 August 2025 asking when the inner harbour will be "
                      "dredged. The silt survey carried out in July shows that the approach channel has lost "
                      "almost a metre of depth since the last dredge in 2019.")
    rows += paragraph("The Trust has agreed a contract for the work to begin in the first week of November, when "
                      "the fishing fleet is at its quietest. Moorings on the east pontoon will be moved for about "
                      "ten days, and every berth holder will receive a letter from the harbour master.")
    rows += paragraph("I would be glad to show you the survey drawings if that would help your discussions with "
                      "residents of the Quay Street flats.")
    rows += [Row("Yours sincerely,", space=1), Row("", space=1.5), Row("Eilidh Gemmell", signature=True),
             Row("Harbour Master")]
    return Letter(rows, footer="KILBRIDE HARBOUR TRUST")


def allotment_society() -> Letter:
    rows = [Row("Northfield Allotment Society", size=15, bold=True),
            Row("The Pavilion, Cress Lane", align="right", size=10),
            Row("Northfield, Leeds LS17 4PW", align="right", size=10),
            Row("Tel: 0113 496 0720", align="right", size=10),
            Row("3 March 2024", align="right", space=1),
            Row("Mrs Adaeze Okafor", space=1), Row("Plot 27, Cress Lane Allotments"), Row("Leeds LS17 4PW"),
            Row("Ref: NAS-0042", space=1),
            Row("Dear Mrs Okafor,", space=1)]
    rows += paragraph("I am writing on behalf of the committee about the water trough beside plot 27. At our "
                      "meeting on 14 February the committee agreed to replace the cracked trough before the "
                      "spring sowing, at no cost to plot holders.")
    rows += paragraph("The new trough will be delivered in the week of 18 March. Please keep the path beside your "
                      "plot clear that week so that the contractor can reach the standpipe with a barrow.")
    rows += [Row("Yours sincerely,", space=1), Row("", space=1.5), Row("Harold Pickersgill", signature=True),
             Row("Honorary Secretary"), Row("cc: Brenda Walsh, Tariq Mahmood", space=1.5)]
    return Letter(rows)


def bramley_quince() -> Letter:
    rows = [Row("Bramley & Quince LLP", align="right", size=15, bold=True),
            Row("Solicitors", align="right", size=10), Row("17 Orchard Row, Taunton TA1 3PF", align="right", size=10),
            Row("Mr Tomas Lindqvist", space=2), Row("Flat 6, Weir House"), Row("Bridgwater TA6 5LX"),
            Row("Our ref: BQ/TL/5521", space=1), Row("Your ref: TL-ESTATE", space=0),
            Row("Date: 9 January 2026"),
            Row("Dear Mr Lindqvist,", space=1),
            Row("Estate of the late Ingrid Lindqvist", bold=True, space=1)]
    body = ["We have now received the grant of probate for your mother's estate, and we enclose a copy for "
            "your records. The original will be kept on our file until the administration is complete.",
            "The building society has confirmed that the two savings accounts held in your mother's sole name "
            "will be closed once they receive a certified copy of the grant. We expect the funds within three "
            "weeks, and we will hold them in our client account until the estate accounts are approved.",
            "The house at Weir Lane has been valued at a figure close to the one given in the probate "
            "application. You asked whether the sale could wait until the spring; there is no legal reason "
            "why it cannot, but the buildings insurance must be kept in force while the house is empty."]
    for text in body:
        rows += paragraph(text)
    rows.append(Row(page_break=True))
    rows.append(Row("Page 2", align="right", size=9))
    more = ["The final step will be the estate accounts, which we will send to you and to your sister for "
            "approval before any money is paid out. Please telephone me if anything in this letter is unclear."]
    for text in more:
        rows += paragraph(text)
    rows += [Row("Yours sincerely,", space=1), Row("", space=1.5), Row("Philippa Quince", signature=True),
             Row("Partner"), Row("Enc. Copy of the grant of probate", space=1.5)]
    return Letter(rows, ink="black")


def county_records() -> Letter:
    rows = [Row("WESTMOOR COUNTY RECORDS OFFICE", align="center", size=15, bold=True),
            Row("Archive House, Mill Street, Westmoor WM3 8RD", align="center", size=9),
            Row("Dr Helena Marsh", space=2), Row("Department of History"), Row("University of Eastbridge"),
            Row("Eastbridge EB1 2AA"),
            Row("Our ref: WCRO/ENQ/2291", space=1), Row("Date: 21 November 2025"),
            Row("Dear Dr Marsh,", space=1),
            Row("Your enquiry about the Tanner family papers", bold=True, space=1)]
    for text in ["Thank you for your enquiry about the papers of the Tanner family of Holloway Farm. The "
                 "collection came to us in 1987 and has now been fully catalogued, including the letter books "
                 "kept by Josiah Tanner between 1841 and 1866.",
                 "The letter books are fragile, and we ask readers to use the digitised copies in the search "
                 "room. Of the eleven volumes, nine have been photographed; the remaining two will be done "
                 "when our conservator has repaired their bindings early next year.",
                 "Several of the letters concern the building of the canal basin at Westmoor and the disputes "
                 "over water rights that followed it. You may also find the minute books of the canal company "
                 "useful, since they record the same quarrels from the other side."]:
        rows += paragraph(text)
    rows.append(Row(page_break=True))
    rows.append(Row("- 2 -", align="center", size=9))
    for text in ["Our search room is open from Tuesday to Saturday. Please book a seat at least two days in "
                 "advance and bring a reader's ticket or proof of address."]:
        rows += paragraph(text)
    rows += [Row("Yours sincerely,", space=1), Row("", space=1.5), Row("Gareth Pryce", signature=True),
             Row("County Archivist")]
    return Letter(rows, footer="WESTMOOR COUNTY RECORDS OFFICE")


def cedar_valley() -> Letter:
    rows = [Row("Cedar Valley Historical Society", align="center", size=15, bold=True),
            Row("210 Elm Street | Cedar Falls, IA 50613", align="center", size=9),
            Row("March 5, 2026", space=2),
            Row("Dr. Lucia Alvarez", space=1), Row("Curator of Manuscripts"), Row("Prairie State Library"),
            Row("400 Capitol Avenue"), Row("Des Moines, IA 50319"),
            Row("Re: Loan of the Hartwell diaries", space=1),
            Row("Dear Dr. Alvarez:", space=1)]
    for text in ["On behalf of the board, thank you for agreeing to lend the Hartwell diaries for our spring "
                 "exhibition on river trade. The exhibition opens on April 18 and closes on July 31.",
                 "Our display cases hold a steady humidity and the gallery lights are kept low. A courier from "
                 "the Society will collect the diaries on 04/10/2026 and return them the week after the "
                 "exhibition closes."]:
        rows += paragraph(text)
    rows += [Row("Sincerely,", space=1), Row("", space=1.5), Row("Nathaniel Brooks", signature=True),
             Row("Executive Director")]
    return Letter(rows, paper=LETTER)


BASEL_1926 = """Basler Verkehrsverein
Centralbahnplatz 7, Basel

Herrn Direktor Emil Hoffmann
Kurhaus Engelberg
Engelberg

Basel, den 16. Februar 1926

Unser Zeichen: BV/26/031

Sehr geehrter Herr Direktor,

wir danken Ihnen für Ihr Schreiben vom 2. Februar und die beigelegten Prospekte. Gerne nehmen wir Ihr Kurhaus in unser Verzeichnis der Gasthäuser für den kommenden Sommer auf.

Für die Ausstellung im Mai bitten wir Sie, uns bis Ende März zwei Photographien des Hauses zu senden. Die Kosten für den Eintrag übernimmt der Verein.

Mit freundlichen Grüßen

(gez.) Unterschrift

Rudolf Stähelin
Sekretär
"""

PARIS_MAIRIE = """Mairie du 5e arrondissement
21, place du Panthéon, 75005 Paris

Madame Camille Roux
Association des amis du Jardin des Plantes
57, rue Cuvier
75005 Paris

Paris, le 5 mars 2026

Notre réf. : CAB/2026/117

Objet : Fête des jardins du quartier

Madame,

J'ai bien reçu votre lettre du 12 février au sujet de la fête des jardins. La mairie mettra à votre disposition le square Paul-Langevin le samedi 6 juin, de neuf heures à dix-huit heures.

Les services techniques installeront deux tables et un point d'eau. Je vous prie de leur faire connaître le nombre de stands prévus avant la fin du mois d'avril.

Veuillez agréer, Madame, l'expression de mes salutations distinguées.

Signé : signature manuscrite

Florence Aubert
Maire du 5e arrondissement
"""


def main(folder: str) -> None:
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    (out / "harbour-trust.pdf").write_bytes(write_pdf(harbour_trust()))
    scans = [degrade(page, skew=0.8, seed=2) for page in render_pages(allotment_society(), dpi=200, seed=2)]
    (out / "allotment-society.pdf").write_bytes(image_pdf(scans))
    pages = [degrade(page, skew=-0.6, noise=0, seed=3) for page in render_pages(bramley_quince(), colour=False, seed=3)]
    (out / "bramley-quince.tif").write_bytes(save_tiff(pages, bilevel=True))
    for n, page in enumerate(render_pages(county_records(), seed=4), 1):
        (out / f"county-records-p{n}.png").write_bytes(save_image(degrade(page, skew=0.4, noise=0, seed=n).convert("L"),
                                                                  "PNG", optimize=True))
    page = degrade(render_pages(cedar_valley(), seed=5)[0], skew=-1.0, seed=5)
    (out / "cedar-valley.jpg").write_bytes(save_image(page, "JPEG", quality=80))
    (out / "basel-1926.txt").write_text(BASEL_1926, encoding="utf-8")
    (out / "paris-mairie.txt").write_bytes(PARIS_MAIRIE.encode("cp1252"))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(Path(__file__).resolve().parent.parent / "samples"))
