"""German: the words with which letters in German mark their parts. Data only.

Every key is described in letterbook/ingest/lexicon/__init__.py; "ä" also matches a plain "a".
"""

WORDS = {
    "code": "de",
    "salutations": ["sehr geehrte", "sehr geehrter", "sehr geehrtes", "liebe", "lieber", "liebes"],
    "closings": ["mit freundlichen grüßen", "mit freundlichen grüssen", "mit freundlichem gruß", "hochachtungsvoll",
                 "freundliche grüße"],
    "our_ref_labels": ["unser zeichen", "unser az", "aktenzeichen", "geschäftszeichen"],
    "your_ref_labels": ["ihr zeichen", "ihre zeichen", "ihr schreiben vom"],
    "subject_labels": ["betreff", "betr"],
    "cc_labels": ["kopie an"],
    "enclosure_labels": ["anlage", "anlagen"],
    "attention_labels": ["z.hd", "z. hd", "z.hd.", "z. hd."],
    "date_labels": ["datum", "den"],
    "date_articles": ["den"],
    "cited_date_cues": ["eingang"],
    "signature_words": ["unterschrift", "unterschrieben", "gez."],
    # im Auftrag, in Vertretung
    "on_behalf_markers": ["i.a.", "i. a.", "i.v.", "i. v."],
    "page_words": ["seite"],
    "street_words": ["strasse", "straße", "str.", "platz", "weg", "gasse"],
    "job_words": ["sekretär"],
    "org_words": ["gmbh", "ag"],
    "honorifics": ["herr", "frau"],
    "name_particles": ["von", "der"],
    "months": [["januar", "jänner"], ["februar"], ["märz", "maerz"], ["april"], ["mai"], ["juni"], ["juli"],
               ["august"], ["september"], ["oktober", "okt"], ["november"], ["dezember", "dez"]],
    "weekdays": ["montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"],
}
