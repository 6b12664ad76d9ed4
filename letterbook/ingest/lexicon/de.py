"""German: the words with which letters in German mark their parts. Data only.

Every key is described in letterbook/ingest/lexicon/__init__.py; "ä" also matches a plain "a".
"""

WORDS = {
    "code": "de",
    "tesseract": ["deu"],
    "common_words": ["der", "die", "das", "und", "wir", "sie", "ihnen", "ist", "mit", "den", "nicht", "von", "zu", "ihr", "ihre", "uns", "dass", "daß", "für", "auf", "eine", "einer", "des", "dem", "im", "werden", "haben", "sind", "bitte", "wird"],
    "salutations": ["sehr geehrte", "sehr geehrter", "sehr geehrtes", "geehrte", "geehrter", "hochgeehrter",
                    "hochgeehrte", "sehr verehrte", "sehr verehrter", "verehrte", "verehrter", "liebe", "lieber",
                    "liebes"],
    "closings": ["mit freundlichen grüßen", "mit freundlichen grüssen", "mit freundlichem gruß",
                 "mit freundlichem gruss", "freundliche grüße", "freundliche grüsse", "hochachtungsvoll",
                 "mit vorzüglicher hochachtung", "in vorzüglicher hochachtung", "mit aller hochachtung",
                 "mit hochachtungsvollen grüßen", "mit hochachtungsvollen grüssen", "mit besten grüßen",
                 "mit besten grüssen", "mit bestem gruß", "mit bestem gruss", "beste grüße", "beste grüsse",
                 "mit kollegialen grüßen", "mit kollegialen grüssen", "mit herzlichen grüßen",
                 "mit herzlichen grüssen", "herzliche grüße", "herzliche grüsse", "hochachtend",
                 "mit deutschem gruß", "mit freundlicher empfehlung", "mit vorzüglicher empfehlung"],
    "closing_openers": ["genehmigen sie", "wir verbleiben", "ich verbleibe"],
    # the last words of a closing written as a whole sentence ("... die Versicherung unserer
    # vorzüglichen Hochachtung.")
    "closing_endings": ["hochachtung", "grüßen", "grüssen", "empfehlung", "ergebenst"],
    "our_ref_labels": ["unser zeichen", "unsere zeichen", "unser az", "aktenzeichen", "geschäftszeichen",
                       "unser schreiben", "u/z", "u. z", "unser diktat"],
    "your_ref_labels": ["ihr zeichen", "ihre zeichen", "ihr schreiben vom", "ihre nachricht vom", "i/z", "i. z"],
    "subject_labels": ["betreff", "betr", "betrifft"],
    "cc_labels": ["kopie an", "kopie", "durchschlag an", "abschrift an", "verteiler"],
    "enclosure_labels": ["anlage", "anlagen", "beilage", "beilagen"],
    "run_on_words": ["und", "für", "der", "die", "des", "von", "zu", "zur", "zum", "in", "auf"],
    "role_openers": ["der", "die", "das", "für die", "für den", "für das", "namens der", "im auftrag"],
    "company_forms": ["gmbh", "ag", "kg", "ohg", "e.v.", "m.b.h.", "& co", "& co.", "& cie", "& cie.",
                      "& söhne", "gebr.", "aktiengesellschaft", "genossenschaft"],
    # "i/Fa." (in Firma), "Tit." (Titl., the Swiss courtesy before a firm): not part of its name
    "org_prefixes": ["i/fa.", "i/fa", "in firma", "firma", "fa.", "tit.", "titl.", "an die", "an den", "an das"],
    "genitive_articles": ["der", "des"],
    "attention_labels": ["z.hd", "z. hd", "z.hd.", "z. hd.", "zu händen", "zuhanden"],
    "mailing_notations": ["einschreiben", "eingeschrieben", "per einschreiben", "eilboten", "durch eilboten", "luftpost", "per luftpost", "per telefax", "per fax", "vertraulich", "persönlich", "persönlich vertraulich", "eilt", "dringend"],
    "date_labels": ["datum", "den"],
    "date_articles": ["den"],
    "cited_date_cues": ["eingang", "schreiben vom", "brief vom", "anfrage vom", "nachricht vom"],
    # "gez." (signed) before a name in a copy or transcript says the original was signed by hand
    "signature_words": ["unterschrift", "unterschrieben", "gez.", "eigenhändig"],
    # im Auftrag, in Vertretung, per procura
    "on_behalf_markers": ["i.a.", "i. a.", "i.v.", "i. v.", "ppa.", "ppa", "pp.", "p.p.", "per procura",
                          "i/fa.", "i/fa", "in firma"],
    "page_words": ["seite", "blatt"],
    "contact_labels": ["telephon", "telefon", "tel.", "telegramm", "telegramme", "telegramm-adresse",
                       "telefax", "fernruf", "fernsprecher", "postcheck", "postscheck", "bankverbindung",
                       "bankkonto", "postcheck-konto", "postscheck-konto", "drahtanschrift",
                       "drahtadresse", "telegrammadresse", "fax"],
    "street_words": ["strasse", "straße", "str.", "platz", "weg", "gasse", "allee", "ring", "graben", "quai"],
    "job_words": ["sekretär", "sekretärin", "direktor", "direktorin", "prokurist", "prokuristin",
                  "geschäftsführer", "geschäftsführerin", "vorsitzender", "vorsitzende", "leiter", "leiterin",
                  "sachbearbeiter", "sachbearbeiterin", "abteilungsleiter", "präsident", "vizepräsident",
                  "kassier", "buchhalter", "ingenieur", "vorstand", "inhaber", "teilhaber", "verwalter",
                  "beauftragter", "bevollmächtigter", "verwaltungsrat", "delegierter", "delegierte", "direktion",
                  "geschäftsleitung", "vizedirektor", "kundenberater", "kundenberaterin"],
    "org_words": ["gmbh", "ag", "kg", "ohg", "e.v.", "gesellschaft", "aktiengesellschaft", "genossenschaft",
                  "& co", "& cie", "werke", "bank", "verein", "verband", "amt", "kanzlei", "reederei",
                  "spedition", "handelsgesellschaft"],
    "honorifics": ["herr", "herrn", "frau", "fräulein", "frl", "dr", "prof", "dipl.-ing", "ing", "direktor"],
    # and the faculties of doctorates: "Dr. iur.", "Dr. rer. pol."
    "name_particles": ["von", "der", "zu", "vom", "iur", "jur", "med", "phil", "rer", "pol", "nat", "oec", "techn"],
    "months": [["januar", "jänner"], ["februar"], ["märz", "maerz"], ["april"], ["mai"], ["juni"], ["juli"],
               ["august"], ["september"], ["oktober", "okt"], ["november"], ["dezember", "dez"]],
    "weekdays": ["montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"],
}
