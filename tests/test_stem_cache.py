"""The body's analyzer stems with a cache of its own: the same words as Whoosh's default
stemming analyzer, and a schema that still pickles (Whoosh stores it in the index)."""
from __future__ import annotations

import pickle

from whoosh.analysis import CharsetFilter, StemmingAnalyzer
from whoosh.support.charset import accent_map

from letterbook.index.schema import letter_schema

TEXT = ("The Councils' meetings were adjourned; Größere Bestellungen für Basel, réunions prévues à "
        "Genève. Running runners ran and organisational ORGANISATIONS organised 1926-03-05 MGLA040725-9342")


def test_body_words_are_whoosh_stems_and_the_schema_pickles():
    schema = letter_schema()
    whoosh_default = StemmingAnalyzer() | CharsetFilter(accent_map)
    ours = [(t.text, t.pos) for t in schema["body"].analyzer(TEXT, positions=True)]
    assert ours == [(t.text, t.pos) for t in whoosh_default(TEXT, positions=True)]
    assert ("council", 1) in ours and ("organis", 15) in ours
    again = pickle.loads(pickle.dumps(schema))
    assert [t.text for t in again["body"].analyzer(TEXT)] == [t for t, _ in ours]
