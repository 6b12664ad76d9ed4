"""The whole path on the bundled samples: every format in, fields out, searches, show, export."""
import csv
import io
import json
import os
import stat

from conftest import SAMPLES, lines_json, run

EXPORT_KEYS = {"id", "source", "ref", "your_ref", "date", "addressee", "addressee_org", "salutation", "subject",
               "sender_org", "signatory", "signatory_title", "closing", "has_signature", "text"}


def test_every_sample_format_went_in(sample_records):
    assert set(sample_records) == {"harbour-trust.pdf", "allotment-society.pdf", "bramley-quince.tif",
                                   "county-records-p1.png", "cedar-valley.jpg", "basel-1926.txt",
                                   "paris-mairie.txt"}
    formats = {name: r["format"] for name, r in sample_records.items()}
    assert formats["harbour-trust.pdf"] == "pdf"
    assert formats["allotment-society.pdf"] == "scan-pdf"
    assert formats["bramley-quince.tif"] == "image"
    assert formats["basel-1926.txt"] == "txt"


def test_born_digital_pdf_fields(sample_records):
    r = sample_records["harbour-trust.pdf"]
    assert r["ref"] == "KHT/2025/118" and r["date"] == "2025-09-12"
    assert r["addressee"] == "Cllr Morag Fairlie" and r["addressee_org"] == "North Ayrshire Council"
    assert r["subject"] == "Dredging of the inner harbour"
    assert r["signatory"] == "Eilidh Gemmell" and r["signatory_title"] == "Harbour Master"
    assert r["has_signature"] is True  # a drawn signature in the signature space
    assert r["text"].count("KILBRIDE HARBOUR TRUST") == 2  # letterhead and footer, text kept whole


def test_scans_fields(sample_records):
    r = sample_records["allotment-society.pdf"]
    assert (r["ref"], r["date"], r["signatory"]) == ("NAS-0042", "2024-03-03", "Harold Pickersgill")
    assert r["has_signature"] is True and r["cc"] == ["Brenda Walsh", "Tariq Mahmood"]
    r = sample_records["bramley-quince.tif"]
    assert (r["ref"], r["your_ref"], r["date"]) == ("BQ/TL/5521", "TL-ESTATE", "2026-01-09")
    assert r["signatory"] == "Philippa Quince" and r["has_signature"] is True
    assert r["enclosures"] == "Copy of the grant of probate"
    assert "\f" in r["text"]  # two TIFF frames, two pages
    r = sample_records["cedar-valley.jpg"]
    assert r["date"] == "2026-03-05" and r["salutation"] == "Dear Dr. Alvarez:" and r["closing"] == "Sincerely,"
    assert r["addressee_org"] == "Prairie State Library"


def test_two_png_files_are_one_letter(sample_records):
    r = sample_records["county-records-p1.png"]
    assert r["source"] == ["county-records-p1.png", "county-records-p2.png"]
    assert r["signatory"] == "Gareth Pryce"  # the signature is on page 2
    assert "search room is open" in r["text"].split("\f")[1]


def test_transcripts_in_german_and_a_legacy_encoding(sample_records):
    r = sample_records["basel-1926.txt"]
    assert (r["date"], r["date_text"], r["ref"]) == ("1926-02-16", "16. Februar 1926", "BV/26/031")
    assert r["signatory"] == "Rudolf Stähelin" and r["has_signature"] is True
    r = sample_records["paris-mairie.txt"]
    assert r["date"] == "2026-03-05" and r["subject"] == "Fête des jardins du quartier"
    assert "Panthéon" in r["text"]  # cp1252 decoded


def test_export_keeps_the_contract(sample_archive):
    rows = lines_json(run(sample_archive, "export", "--format", "jsonl").output)
    assert len(rows) == 7
    for row in rows:
        assert EXPORT_KEYS <= set(row)
        assert isinstance(row["has_signature"], bool)
    result = run(sample_archive, "export", "--format", "csv")
    table = list(csv.DictReader(io.StringIO(result.output)))
    assert len(table) == 7 and "signatory" in table[0]


def test_search_finds_and_marks(sample_archive):
    result = run(sample_archive, "search", '"water trough"')
    assert result.exit_code == 0
    assert "allotment" not in result.output.lower() or "[water] [trough]" in result.output
    assert "[water] [trough]" in result.output
    hits = lines_json(run(sample_archive, "search", "dredging", "--json").output)
    assert len(hits) == 1 and hits[0]["ref"] == "KHT/2025/118" and hits[0]["date"] == "2025-09-12"
    assert {"id", "date", "from", "to", "ref", "snippet", "page"} <= set(hits[0])


def test_search_fields_and_dates(sample_archive):
    count = lambda q, *extra: int(run(sample_archive, "search", q, "--count", *extra).output.strip())
    assert count("ref:KHT/2025/118") == 1
    assert count("ref:WCRO/ENQ/2291") == 1
    assert count("date:2026-03") == 2                      # Paris and Cedar Valley
    assert count("date:[1926-01-01 TO 1926-12-31]") == 1
    assert count("year:1920..1930") == 1
    assert count("from:Pryce") == 1
    assert count("to:Okafor") == 1
    assert count("signed:yes") == 7
    assert count("signed:no") == 0
    assert count("format:txt") == 2
    assert count("*", "--since", "2026-01", "--until", "2026-12") == 3


def test_second_page_hit_names_its_page(sample_archive):
    hits = lines_json(run(sample_archive, "search", "reader's ticket", "--json").output)
    assert hits and hits[0]["page"] == 2


def test_fuzzy_and_automatic_retry(sample_archive):
    result = run(sample_archive, "search", "dredgng")
    assert "fuzzy" in result.output and "KHT/2025/118" in result.output
    assert int(run(sample_archive, "search", "harbor", "--fuzzy", "--count").output) >= 1


def test_did_you_mean(sample_archive):
    result = run(sample_archive, "search", "zzqxj")
    assert "No letters found" in result.output and "Did you mean" not in result.output
    # two edits from the stem "dredg": too far for the automatic retry, near enough to suggest,
    # and suggested as the word the letter writes, not as the stem the index holds
    result = run(sample_archive, "search", "dreging")
    assert "Did you mean: dredging" in result.output


def test_facets_sort_and_paging(sample_archive):
    result = run(sample_archive, "search", "*", "--facet", "year", "--limit", "2", "--sort", "date")
    assert "year:" in result.output and "1926" in result.output
    dated = lines_json(run(sample_archive, "search", "*", "--json", "--sort", "-date", "--limit", "3").output)
    dates = [h["date"] for h in dated if "date" in h]
    assert dates == sorted(dates, reverse=True)
    # sorted by date there is no relevance to give: the key is there, empty
    assert all("score" in h and h["score"] is None for h in dated)


def test_malformed_query_is_a_usage_error(sample_archive):
    for query in ("date:[2026-01-01 TO", "date:notadate", '"stop and', "year:abc", "(a OR b"):
        result = run(sample_archive, "search", query)
        assert result.exit_code == 2, query
        assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_show_prints_evidence_and_json(sample_archive, sample_records):
    letter_id = sample_records["harbour-trust.pdf"]["id"]
    result = run(sample_archive, "show", letter_id[:6], "--no-text")
    assert result.exit_code == 0
    assert 'confidence' in result.output and '"Our ref: KHT/2025/118"' in result.output
    data = json.loads(run(sample_archive, "show", letter_id, "--json").output)
    assert data["evidence"]["ref"]["evidence"]["page"] == 1
    assert data["pages"][0]["method"] == "text-layer"
    scan_id = sample_records["allotment-society.pdf"]["id"]
    assert "Signature crop:" in run(sample_archive, "show", scan_id, "--no-text").output
    shown = run(sample_archive, "show", letter_id, "--hits", "dredging").output
    assert "[Dredging]" in shown and "[dredged]" in shown  # every form the search matches
    refused = run(sample_archive, "show", letter_id, "--hits", '"unclosed')
    assert refused.exit_code == 2 and "Letter" not in refused.output


def test_originals_are_kept_byte_for_byte(sample_archive):
    for path in SAMPLES.iterdir():
        import hashlib
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        stored = sample_archive / "originals" / digest[:2] / digest
        assert stored.read_bytes() == path.read_bytes()
        assert not os.stat(stored).st_mode & stat.S_IWUSR  # read-only


def test_same_content_is_archived_once(sample_archive, copy_of, tmp_path):
    archive = copy_of(sample_archive)
    again = tmp_path / "again"
    again.mkdir()
    (again / "renamed.txt").write_bytes((SAMPLES / "basel-1926.txt").read_bytes())
    result = run(archive, "ingest", again)
    assert result.exit_code == 0 and "already archived" in result.output
    assert json.loads(run(archive, "stats", "--json").output)["letters"] == 7


def test_corrections_win_and_survive(sample_archive, copy_of, sample_records):
    archive = copy_of(sample_archive)
    letter_id = sample_records["basel-1926.txt"]["id"]
    result = run(archive, "edit", letter_id, "--set", "date=1926-02-17", "--set", "addressee=Emil Hoffmann",
                 "--unset", "signatory_title")
    assert result.exit_code == 0, result.output
    run(archive, "ingest", "--reextract", SAMPLES / "basel-1926.txt")
    run(archive, "reindex")
    row = [r for r in lines_json(run(archive, "export").output) if r["id"] == letter_id][0]
    assert (row["date"], row["addressee"], row["signatory_title"]) == ("1926-02-17", "Emil Hoffmann", None)
    assert int(run(archive, "search", "date:1926-02-17", "--count").output) == 1
    shown = run(archive, "show", letter_id, "--no-text").output
    assert "*date" in shown and "corrected by hand" in shown
    history = json.loads(run(archive, "show", letter_id, "--json").output)["events"]
    kinds = [e["kind"] for e in history]
    assert kinds.count("corrected") == 3 and "re-extracted" in kinds
    assert run(archive, "edit", letter_id, "--set", "date=yesterday").exit_code == 2
    assert run(archive, "edit", letter_id, "--set", "colour=blue").exit_code == 2


def test_remove_and_purge(sample_archive, copy_of, sample_records):
    archive = copy_of(sample_archive)
    letter_id = sample_records["paris-mairie.txt"]["id"]
    assert run(archive, "remove", letter_id).exit_code == 0
    assert int(run(archive, "search", "jardins", "--count").output) == 0
    assert len(lines_json(run(archive, "export").output)) == 6
    digest = json.loads(run(archive, "show", letter_id, "--json").output)["sources"][0]["sha256"]
    assert (archive / "originals" / digest[:2] / digest).exists()  # a tombstone, the original stays
    assert run(archive, "remove", letter_id, "--purge").exit_code == 0
    assert not (archive / "originals" / digest[:2] / digest).exists()


def test_reindex_rebuilds_from_the_catalog(sample_archive, copy_of):
    import shutil
    archive = copy_of(sample_archive)
    shutil.rmtree(archive / "index")
    assert int(run(archive, "search", "dredging", "--count").output) == 1  # healed on its own
    result = run(archive, "reindex")
    assert result.exit_code == 0 and "indexed 7 letters" in result.output


def test_verify_catches_a_flipped_byte(sample_archive, copy_of):
    archive = copy_of(sample_archive)
    assert run(archive, "verify").exit_code == 0
    victim = next((archive / "originals").rglob("*"), None)
    while victim.is_dir():
        victim = next(victim.iterdir())
    os.chmod(victim, 0o600)
    data = bytearray(victim.read_bytes())
    data[len(data) // 2] ^= 0x01
    victim.write_bytes(bytes(data))
    result = run(archive, "verify")
    assert result.exit_code == 1 and "altered" in result.output


def test_stats(sample_archive):
    figures = json.loads(run(sample_archive, "stats", "--json").output)
    assert figures["letters"] == 7 and figures["pages"] == 9
    assert set(figures["page_methods"]) == {"text-layer", "ocr", "transcript"}


def test_check_finds_and_repairs_a_stale_index(sample_archive, copy_of):
    import shutil
    archive = copy_of(sample_archive)
    assert run(archive, "check").exit_code == 0
    shutil.rmtree(archive / "index")
    (archive / "index").mkdir()
    result = run(archive, "check")
    assert result.exit_code == 1 and "out of line" in result.output
    result = run(archive, "check", "--repair")
    assert result.exit_code == 0 and "index rebuilt" in result.output
    assert run(archive, "check").exit_code == 0


def test_bag_names_cannot_escape_the_bag():
    from letterbook.archive.bag import safe_name
    for hostile in ("../../etc/passwd", "/abs/path.pdf", "..", "a/../../b.txt", "C:\\\\x\\\\..\\\\y.png", "\n"):
        name = safe_name(hostile)
        assert "/" not in name and "\\\\" not in name and name not in ("", ".", "..")


def test_phrase_slop_and_offset(sample_archive):
    count = lambda *q: int(run(sample_archive, "search", *q, "--count").output)
    assert count('"water trough"') == 1
    assert count('"trough water"') == 0
    assert count('"cracked sowing"') == 0 and count('"cracked sowing"~6') == 1
    everything = lines_json(run(sample_archive, "search", "*", "--json", "--sort", "date", "--limit", "7").output)
    shifted = lines_json(run(sample_archive, "search", "*", "--json", "--sort", "date", "--limit", "3",
                             "--offset", "2").output)
    assert [h["id"] for h in shifted] == [h["id"] for h in everything[2:5]]
