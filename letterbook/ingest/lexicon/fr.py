"""French: the words with which letters in French mark their parts. Data only.

Every key is described in letterbook/ingest/lexicon/__init__.py; "é" also matches a plain "e".
"""

WORDS = {
    "code": "fr",
    "salutations": ["cher", "chère"],
    "salutations_alone": ["madame", "monsieur", "mesdames", "messieurs"],
    "closings": ["cordialement", "bien cordialement", "bien à vous", "salutations distinguées"],
    "closing_openers": ["veuillez agréer", "je vous prie d'agréer", "je vous prie dagréer"],
    "our_ref_labels": ["notre réf", "notre référence", "n/réf"],
    "your_ref_labels": ["votre réf", "votre référence", "v/réf"],
    "subject_labels": ["objet"],
    "cc_labels": ["copie à"],
    # pièce(s) jointe(s)
    "enclosure_labels": ["pj", "p.j", "p j", "p. j"],
    "date_labels": ["le"],
    "date_articles": ["le"],
    "cited_date_cues": ["reçu"],
    "signature_words": ["signé", "signée", "manuscrite"],
    "street_words": ["rue", "allée"],
    "job_words": ["directeur", "directrice", "maire", "président"],
    "org_words": ["sa", "sarl"],
    "honorifics": ["m", "mme", "mlle"],
    "name_particles": ["de", "la", "le", "du"],
    "months": [["janvier", "janv"], ["février", "fevrier", "févr", "fevr"], ["mars"], ["avril", "avr"], ["mai"],
               ["juin"], ["juillet", "juil"], ["août", "aout"], ["septembre"], ["octobre"], ["novembre"],
               ["décembre", "decembre", "déc"]],
    "weekdays": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
    "ordinal_suffixes": ["er"],
    "day_month_links": ["de"],
}
