"""No input makes the letter parser or the query parser raise."""
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from letterbook.ingest.dates import find_dates
from letterbook.ingest.parse import parse_letter
from letterbook.model import Line, Mark, Page
from letterbook.ingest.transcript import read_transcript, transcript_lines

CUES = ["Dear Sir,", "Yours sincerely,", "Our ref: ", "Your ref:", "Date: ", "Re: ", "cc: ", "Enc.", "To: ",
        "From: ", "5 March 2026", "03/05/2026", "Page 2", "MEMORANDUM", "pp", "\f", "\n\n", "   ", "FAO "]
letter_text = st.lists(st.one_of(st.sampled_from(CUES), st.text(min_size=0, max_size=40)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(letter_text)
def test_parser_never_raises_on_transcripts(text):
    try:
        pages = read_transcript(text.encode("utf-8", "surrogatepass"))
    except Exception as err:  # an unreadable transcript is refused with a reason, never a crash
        assert type(err).__name__ == "TranscriptError"
        return
    lines = [ln for p in pages for ln in transcript_lines(p)]
    reading = parse_letter(lines, pages)
    assert isinstance(reading.fields["has_signature"].value, bool)


boxes = st.tuples(st.floats(0, 2000), st.floats(0, 3000), st.floats(0, 2000), st.floats(0, 3000))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(letter_text, boxes, st.one_of(st.none(), st.floats(0, 100)), st.floats(0, 5)), max_size=30),
       st.lists(boxes, max_size=4))
def test_parser_never_raises_on_boxed_lines(rows, marks):
    lines = [Line(text=t, page=1, box=b, conf=c, gap=g) for t, b, c, g in rows]
    page = Page(number=1, method="ocr", text="", width=2480, height=3508,
                marks=[Mark(box=m, kind="ink") for m in marks])
    parse_letter(lines, [page])


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_dates_never_raise(text):
    for found in find_dates(text):
        assert len(found.iso) == 10


query_text = st.lists(st.one_of(st.sampled_from(['"', "(", ")", "[", "]", "date:", "year:", "ref:", " TO ", " AND ",
                                                 " OR ", "NOT ", "~2", "*", "from:", "signed:yes", "..", "2026-03",
                                                 "{", "}", "^", ":"]),
                                st.text(alphabet=string.ascii_letters + string.digits + " -/", max_size=8)),
                      max_size=12).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query_text)
def test_query_parser_never_raises(sample_index, text):
    from letterbook.index import QueryError
    try:
        sample_index.search(text, limit=3)
    except QueryError:
        pass  # a clear, one-line refusal is the right answer to a malformed query
