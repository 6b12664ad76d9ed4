"""French: the words with which letters in French mark their parts. Data only.

Every key is described in letterbook/ingest/lexicon/__init__.py; "é" also matches a plain "e".
"""

WORDS = {
    "code": "fr",
    "salutations": ["cher", "chère", "chers", "chères", "très cher", "très chère"],
    "salutations_alone": ["madame", "monsieur", "mesdames", "messieurs", "madame, monsieur",
                          "mesdames, messieurs", "monsieur le directeur", "madame la directrice",
                          "monsieur le président", "madame la présidente", "maître"],
    "closings": ["cordialement", "bien cordialement", "bien à vous", "salutations distinguées",
                 "meilleures salutations", "sincères salutations", "avec mes salutations distinguées",
                 "avec nos salutations distinguées", "respectueusement", "amicalement", "bien amicalement"],
    "closing_openers": ["veuillez agréer", "veuillez croire", "veuillez recevoir", "je vous prie d'agréer",
                        "je vous prie dagréer", "nous vous prions d'agréer", "je vous prie de croire",
                        "nous vous prions de croire", "je vous prie de recevoir", "nous vous prions de recevoir",
                        "agréez", "recevez", "croyez"],
    # the last words of a closing written as a whole sentence ("... l'assurance de nos sentiments
    # dévoués.")
    "closing_endings": ["sentiments", "salutations", "considération", "respect", "hommages", "dévoués",
                        "distingués", "distinguée", "empressées", "meilleurs", "respectueux", "respectueuses"],
    "our_ref_labels": ["notre réf", "notre référence", "n/réf", "n. réf", "nos réf", "n/r", "réf"],
    "your_ref_labels": ["votre réf", "votre référence", "v/réf", "v. réf", "vos réf", "v/r", "votre lettre du"],
    "subject_labels": ["objet", "concerne", "concernant"],
    "cc_labels": ["copie à", "copie", "copies à", "cc"],
    # pièce(s) jointe(s), annexe(s)
    "enclosure_labels": ["pj", "p.j", "p j", "p. j", "annexe", "annexes", "pièce jointe", "pièces jointes"],
    "role_openers": ["le", "la", "les", "l'", "pour le", "pour la", "pour l'", "pour les", "p. le", "p. la"],
    "company_forms": ["s.a.", "sa", "sarl", "s.à r.l.", "& cie", "et cie", "& fils", "& co"],
    # "Messieurs X & Cie": a firm addressed by the partners' names
    "org_prefixes": ["de la", "de l'", "des", "du", "à la", "aux", "messieurs"],
    "attention_labels": ["à l'attention de", "a l'attention de", "à l'att. de", "à l'att de", "attn"],
    "date_labels": ["le"],
    "date_articles": ["le"],
    "cited_date_cues": ["reçu", "votre lettre du", "votre demande du", "notre lettre du", "en date du"],
    "signature_words": ["signé", "signée", "manuscrite", "signature"],
    "on_behalf_markers": ["p.o.", "p/o", "pour le directeur", "par ordre", "p.p.", "pour"],
    "page_words": ["page"],
    "contact_labels": ["téléphone", "tél", "télégrammes", "télégramme", "télex", "chèques postaux",
                       "compte de chèques", "c.c.p", "registre du commerce", "r.c"],
    "street_words": ["rue", "allée", "avenue", "boulevard", "bd", "place", "quai", "chemin", "route", "faubourg"],
    "job_words": ["directeur", "directrice", "maire", "président", "présidente", "chef", "secrétaire",
                  "administrateur", "administratrice", "gérant", "gérante", "fondé de pouvoir",
                  "fondé de pouvoirs", "ingénieur", "comptable", "caissier", "sous-directeur", "mandataire",
                  "responsable", "adjoint", "adjointe", "inspecteur", "délégué", "service", "direction",
                  "conseil d'administration"],
    "org_words": ["sa", "s.a.", "sarl", "s.à r.l.", "société", "compagnie", "cie", "& cie", "& fils",
                  "et cie", "banque", "comptoir", "maison", "établissements", "ets", "union", "syndicat",
                  "chambre", "administration"],
    "honorifics": ["m", "mme", "mlle", "monsieur", "madame", "mademoiselle", "messieurs", "maître", "me"],
    "name_particles": ["de", "la", "le", "du", "des", "d'"],
    "months": [["janvier", "janv"], ["février", "fevrier", "févr", "fevr"], ["mars"], ["avril", "avr"], ["mai"],
               ["juin"], ["juillet", "juil"], ["août", "aout"], ["septembre", "sept"], ["octobre", "oct"],
               ["novembre", "nov"], ["décembre", "decembre", "déc"]],
    "weekdays": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
    "ordinal_suffixes": ["er"],
    "day_month_links": ["de"],
}
