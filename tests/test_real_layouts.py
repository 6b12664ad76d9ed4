"""The parser on layouts real archives hold and generated letters seldom do: pages of words with
boxes and confidences, laid into lines by the same layout step OCR's words go through."""
from letterbook.ingest.extract import page_lines
from letterbook.ingest.parse import parse_letter
from letterbook.model import Page, Word

CHAR_W, LINE_H = 20, 36   # a typewriter's 10 pitch at 200 dpi, near enough


def ocr_page(rows) -> dict:
    """Fields parsed from rows of (text, left x, top y[, confidence]) set as OCR would give them:
    one Word per token, runs of three spaces parting columns."""
    words = []
    for row in rows:
        text, x, top = row[:3]
        conf = row[3] if len(row) > 3 else 91.0
        for column in text.split("   "):
            for token in column.split():
                words.append(Word(text=token, x0=x, top=top, x1=x + CHAR_W * len(token), bottom=top + 28,
                                  conf=conf, size=28))
                x += CHAR_W * (len(token) + 1)
            x += CHAR_W * 6
    page = Page(number=1, method="ocr", text="", width=1700, height=2200, words=words, confidence=80.0)
    reading = parse_letter(page_lines(page), [page])
    return {name: f.value for name, f in reading.fields.items()}


BODY = [("We have received your samples and shall report on them within the month, as agreed.", 150, 1500),
        ("The costs of the trials will be shared between our two firms in equal parts.", 150, 1536)]


def test_salutation_below_a_long_list_of_partners():
    """A law firm's letterhead lists its partners down the page; the salutation comes after more
    than half the lines, and still stands above the closing with prose between."""
    rows = [("STERN, HALE & MORROW", 600, 80)]
    rows += [(f"Partner{n} Name{n}   Counsel{n} Person{n}   Associate{n} Other{n}", 100, 160 + n * LINE_H, 30.0)
             for n in range(30)]
    rows += [("June 2, 1988", 150, 1290), ("Attorney General Ann Ross", 150, 1360), ("State Capitol", 150, 1396),
             ("Dear General:", 150, 1460)] + BODY + [("Respectfully yours,", 900, 1640), ("Paul Stern", 900, 1800)]
    got = ocr_page(rows)
    assert got["salutation"] == "Dear General:"
    assert got["addressee"] == "Attorney General Ann Ross"
    assert got["closing"] == "Respectfully yours,"


def test_garbled_small_print_does_not_start_the_address():
    rows = [("GRAY & PARTNERS", 600, 80), ("eee ortee eh owe   Bi wee ore", 100, 200, 20.0),
            ("rere fo Sete ame", 100, 236, 25.0), ("May 4, 1970", 150, 330), ("Mr. John Hart", 150, 420),
            ("Hart Mills Inc.", 150, 456), ("Dear Mr. Hart:", 150, 560)] + BODY + \
           [("Sincerely,", 900, 1640), ("Ed Gray", 900, 1800)]
    got = ocr_page(rows)
    assert got["addressee"] == "Mr. John Hart"
    assert got["addressee_org"] == "Hart Mills Inc."


def test_address_set_to_the_right_as_french_letters_do():
    rows = [("Société des Entrepôts Réunis", 150, 80), ("Téléphone : 12-34", 150, 116),
            ("Lyon, le 3 mai 1931", 1000, 300), ("Compagnie Fluviale du Rhône", 1000, 400),
            ("12, quai Perrache", 1000, 436), ("LYON", 1000, 472), ("Messieurs,", 150, 600)] + BODY + \
           [("Veuillez agréer, Messieurs, nos salutations distinguées.", 150, 1640), ("Jean Morel", 900, 1800)]
    got = ocr_page(rows)
    assert got["addressee_org"] == "Compagnie Fluviale du Rhône"
    assert got.get("addressee") is None


def test_return_line_with_dashes_is_not_the_address():
    """A window envelope's return line, its dots read by OCR as dashes."""
    rows = [("Reederei Brunner AG", 150, 80), ("Reederei Brunner AG - Hafenstrasse 4 - 4057 Basel", 150, 300),
            ("Herrn", 150, 350), ("Dr. Otto Keller", 150, 386), ("Rheinweg 9", 150, 422),
            ("Basel, den 5. Mai 1950", 1000, 500), ("Sehr geehrter Herr Dr. Keller,", 150, 600)] + \
           [("wir haben Ihre Anfrage erhalten und senden Ihnen die gewünschten Unterlagen gern zu.", 150, 1500),
            ("Die Preise gelten bis Ende des Jahres und verstehen sich ab unserem Lager in Basel.", 150, 1536),
            ("Hochachtungsvoll", 900, 1640), ("Hans Brunner", 900, 1800)]
    got = ocr_page(rows)
    assert got["addressee"] == "Herrn Dr. Otto Keller"


def test_department_then_its_firm_in_the_genitive():
    rows = [("Spedition Roth AG", 150, 80), ("Basel, den 5. Mai 1950", 1000, 200), ("An die Direktion", 150, 300),
            ("der Mainzer Lagerhaus AG", 150, 336), ("Rheinstrasse 8", 150, 372), ("Mainz", 150, 408),
            ("Sehr geehrte Herren,", 150, 600)] + \
           [("wir haben Ihre Anfrage erhalten und senden Ihnen die gewünschten Unterlagen gern zu.", 150, 1500),
            ("Die Preise gelten bis Ende des Jahres und verstehen sich ab unserem Lager in Basel.", 150, 1536),
            ("Hochachtungsvoll", 900, 1640), ("Hans Roth", 900, 1800)]
    got = ocr_page(rows)
    assert got["addressee"] == "An die Direktion"
    assert got["addressee_org"] == "Mainzer Lagerhaus AG"


GERMAN_BODY = [("wir haben Ihre Anfrage erhalten und senden Ihnen die gewünschten Unterlagen gern zu.", 150, 1500),
               ("Die Preise gelten bis Ende des Jahres und verstehen sich ab unserem Lager in Basel.", 150, 1536),
               ("Hochachtungsvoll", 900, 1640), ("Hans Roth", 900, 1800)]


def test_unlabelled_subject_above_the_salutation():
    rows = [("Spedition Roth AG", 150, 80), ("Herrn Otto Keller", 150, 300), ("Rheinweg 9", 150, 336),
            ("4058 Basel", 150, 372), ("Datum: 5. Mai 1950", 150, 460), ("Angebot Nr. 277", 150, 560),
            ("Sehr geehrter Herr Keller,", 150, 650)] + GERMAN_BODY
    got = ocr_page(rows)
    assert got["subject"] == "Angebot Nr. 277"
    assert got["addressee"] == "Herrn Otto Keller"


def test_the_last_address_line_above_the_salutation_is_no_subject():
    rows = [("Spedition Roth AG", 150, 80), ("Datum: 5. Mai 1950", 150, 200), ("Herrn Otto Keller", 150, 400),
            ("Rheinweg 9", 150, 436), ("4058 Basel", 150, 472), ("Sehr geehrter Herr Keller,", 150, 600)] + GERMAN_BODY
    assert "subject" not in ocr_page(rows)


def test_a_subject_label_misread_by_ocr_is_dropped():
    rows = [("Spedition Roth AG", 150, 80), ("Herrn Otto Keller", 150, 300), ("Rheinweg 9", 150, 336),
            ("4058 Basel", 150, 372), ("Datum: 5. Mai 1950", 150, 460), ("B_tr. Tarife 1960", 150, 560),
            ("Sehr geehrter Herr Keller,", 150, 650)] + GERMAN_BODY
    assert ocr_page(rows)["subject"] == "Tarife 1960"


def _german_letter_signed(sign_off: list) -> dict:
    rows = [("Spedition Roth AG", 150, 80), ("Herrn Otto Keller", 150, 300), ("Rheinweg 9", 150, 336),
            ("4058 Basel", 150, 372), ("Basel, den 5. Mai 1950", 1000, 460),
            ("Sehr geehrter Herr Keller,", 150, 650)] + GERMAN_BODY[:2] + [("Hochachtungsvoll", 150, 1640)]
    return ocr_page(rows + [(text, x, 1720 + n * 90) for n, (text, x) in enumerate(sign_off)])


def test_a_file_copy_names_its_signers_after_gez():
    got = _german_letter_signed([("Rheinhafen-Betriebsgesellschaft Basel", 150), ("Der Präsident:   Der Direktor:", 150),
                                 ("gez. Dr. Ernst Weber   gez. C. Wehrli", 150)])
    assert got["signatory"] == "Dr. Ernst Weber"
    assert got["signatories"] == ["Dr. Ernst Weber", "C. Wehrli"]
    assert got["signatory_title"] == "Der Präsident"


def test_two_roles_whose_gap_ocr_lost_are_parted_at_the_second_opener():
    got = _german_letter_signed([("Der Prokurist, Der Direktor,", 150), ("Hans Roth   Paul Frey", 150)])
    assert got["signatory"] == "Hans Roth"
    assert got["signatory_title"] == "Der Prokurist"


def test_a_described_signature_is_not_a_name():
    got = _german_letter_signed([("[Unterschrift]", 150), ("Hans Roth", 150), ("Direktor", 150)])
    assert got["signatory"] == "Hans Roth"


def test_inside_address_under_the_date_not_the_officers_above_it():
    """A letterhead's officers stand at the left under the firm's name; the dateline parts them
    from the inside address, which is the block under it."""
    rows = [("THE TOBACCO INSTITUTE", 600, 80), ("JOHN R. MILLS, PH.D.", 150, 200), ("Vice President", 150, 236),
            ("Research & Development", 150, 272), ("October 20, 1992", 150, 380), ("Mr. Robert Gerber", 150, 470),
            ("The Research Council", 150, 506), ("900 Third Avenue", 150, 542), ("New York, NY 10022", 150, 578),
            ("Dear Bob,", 150, 660)] + BODY + [("Very truly yours,", 900, 1640), ("John Mills", 900, 1800)]
    got = ocr_page(rows)
    assert got["addressee"] == "Mr. Robert Gerber"
    assert got["addressee_org"] == "The Research Council"


def test_how_the_letter_was_sent_is_not_the_addressee():
    rows = [("HARBOUR MOTOR CO.", 600, 80), ("May 2, 1986", 1000, 200), ("VIA FEDERAL EXPRESS", 150, 300),
            ("Mr. Thomas Hale", 150, 370), ("Lorimer, Inc.", 150, 406), ("666 Fifth Avenue", 150, 442),
            ("New York, New York 10019", 150, 478), ("Dear Tom,", 150, 560)] + BODY + \
           [("Very truly yours,", 900, 1640), ("Jeff Baum", 900, 1800)]
    got = ocr_page(rows)
    assert got["addressee"] == "Mr. Thomas Hale"
    assert got["addressee_org"] == "Lorimer, Inc."


def test_garbled_form_of_address_taken_from_the_salutation():
    rows = [("HARBOUR MOTOR CO.", 600, 80), ("May 2, 1991", 1000, 200), ("Mis, Mel Feany", 150, 300),
            ("Harvard Medical School", 150, 336), ("Boston, MA 02115", 150, 372), ("Dear Ms. Feany:", 150, 460)] \
        + BODY + [("Sincerely,", 900, 1640), ("Arthur Eisen", 900, 1800)]
    assert ocr_page(rows)["addressee"] == "Ms. Mel Feany"


def test_indented_first_line_of_a_paragraph_is_no_subject():
    """Set in and running to the right margin with space under it (a blurred scan's loose lines):
    a paragraph's first line, not a heading."""
    rows = [("HARBOUR MOTOR CO.", 600, 80), ("January 9, 1985", 1000, 200), ("Mr. V. B. Long", 150, 300),
            ("American Brands, Inc.", 150, 336), ("New York, New York 10167", 150, 372), ("Dear Mr. Long:", 150, 460),
            ("Attached are copies of the minutes of the Annual", 350, 530),
            ("Meeting of Members and of the Board of Directors, both", 150, 580)] \
        + BODY + [("Sincerely,", 900, 1640), ("Lorraine Pollard", 900, 1800)]
    assert "subject" not in ocr_page(rows)


def test_copies_listed_under_a_misread_label():
    """OCR reads "cc:" as "ce:" and an initial's full stop as a comma; the names under the first,
    set in from the label, are copies too."""
    rows = [("HARBOUR MOTOR CO.", 600, 80), ("May 2, 1986", 1000, 200), ("Mr. Thomas Hale", 150, 300),
            ("Lorimer, Inc.", 150, 336), ("New York, New York 10019", 150, 372), ("Dear Tom,", 150, 460)] + BODY + \
           [("Sincerely,", 900, 1640), ("Constance Fass", 900, 1800), ("Enclosure", 150, 1900),
            ("ce: J, Spector", 150, 1960), ("A. Udow", 250, 1996), ("T. Mau", 250, 2032)]
    got = ocr_page(rows)
    assert got["cc"] == ["J. Spector", "A. Udow", "T. Mau"]
    assert got["signatory"] == "Constance Fass"


def test_letter_typed_with_a_line_and_a_half_keeps_its_blocks():
    """Space under every line (a typewriter set to 1.5): the inside address is one block still,
    its form of address on a line of its own joined to the name under it."""
    step = 60  # a line and a half at LINE_H 36 with 28-pixel glyphs
    rows = [("SOCIETE DES TRANSPORTS DU LEMAN", 150, 80), ("Lausanne, 43, place Saint-Francois", 150, 80 + step),
            ("Telephone 358.98", 150, 80 + 2 * step), ("Lausanne, le 17 juillet 1910", 1000, 400),
            ("Monsieur", 1000, 560), ("A. Beuchat", 1000, 560 + step), ("Etablissements Bahon", 1000, 560 + 2 * step),
            ("64, avenue de la Gare", 1000, 560 + 3 * step), ("LAUSANNE", 1000, 560 + 4 * step),
            ("Monsieur,", 150, 1000)]
    rows += [(text, 150, 1100 + n * step) for n, text in enumerate(
        ["Nous avons l'honneur de vous informer que notre Conseil a pris sa decision.",
         "Le solde de votre compte au 8 janvier s'eleve a Fr. 750.- en notre faveur.",
         "Nous restons a votre entiere disposition pour tous renseignements."])]
    rows += [("Veuillez agreer, Monsieur, nos salutations distinguees.", 150, 1400),
             ("Le Secretaire general,", 1000, 1560), ("L. Chenaux", 1000, 1560 + step)]
    got = ocr_page(rows)
    assert got["addressee"] == "Monsieur A. Beuchat"
    assert got["addressee_org"] == "Etablissements Bahon"


def test_firm_under_the_addressee_s_department():
    rows = [("HARBOUR MOTOR CO.", 600, 80), ("December 10, 1986", 150, 200), ("Dr. Raymond M. David", 150, 300),
            ("Pulmonary Toxicology", 150, 336), ("Microbiological Associates, Inc.", 150, 372),
            ("5221 River Road", 150, 408), ("Bethesda, MD 20816", 150, 444), ("Dear Dr. David:", 150, 530)] + BODY \
        + [("Sincerely,", 900, 1640), ("Ann Berg", 900, 1800)]
    got = ocr_page(rows)
    assert got["addressee"] == "Dr. Raymond M. David"
    assert got["addressee_org"] == "Microbiological Associates, Inc."


def test_french_sign_off_read_through_ocr_slips():
    """The closing's accents lost and its full stop read as a comma; the firm's name misread by a
    letter above the roles; the signers' names under the signatures."""
    rows = [("ETABLISSEMENTS MOREL", 150, 80), ("Lausanne, le 21 avril 1909", 1000, 200), ("Monsieur J. Mayor", 1000, 300),
            ("49, rue du Seyon", 1000, 336), ("NEUCHATEL", 1000, 372), ("Monsieur,", 150, 460)] + BODY + \
           [("Agreez, Monsieur, nos salutations empressees,", 150, 1640), ("Etoblissements Morel", 1000, 1720),
            ("Le Directeur,   Le Chef du Service du Fret,", 150, 1780), ("P.p. Jean BARMAN   P.p. A. MOTTET", 150, 1960)]
    got = ocr_page(rows)
    assert got["closing"] == "Agreez, Monsieur, nos salutations empressees,"
    assert got["signatory"] == "Jean BARMAN"
    assert got["signatories"] == ["Jean BARMAN", "A. MOTTET"]
    assert got["signatory_title"] == "Le Directeur"


def test_a_misread_cue_is_the_nearest_phrase():
    from letterbook.ingest.parse.cues import matches_phrase
    assert matches_phrase("Mit freundlichen Gruss,", ["mit freundlichen grüssen", "mit freundlichem gruss"]) \
        == "mit freundlichem gruss"
    assert matches_phrase("Ayreez", ["agréez"]) == "agréez"
