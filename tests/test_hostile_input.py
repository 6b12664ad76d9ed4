"""Input made to hurt: bags that reach outside themselves, letters and names that carry
terminal control sequences, links that lead out of the post, exports and ingests that
overlap the archive, and originals damaged in the archive."""
import json
import os
import pty
import select
import subprocess
import sys

import pytest

from conftest import ROOT, lines_json, run


def transcript(n: int, extra: str = "") -> str:
    return (f"Harbour Office\n\nRef: HO/{n:03d}\n\n{n % 28 + 1} May 2024\n\nDear Mr Tern,\n\n"
            f"The dredging of berth {n} is booked for the spring tides.{extra} The pilots have been told.\n\n"
            f"Yours sincerely,\n\nMaud Keel\n")


def write_letters(folder, count, start=0):
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(start, start + count):
        (folder / f"letter-{n}.txt").write_text(transcript(n))
    return folder


def errors(result):
    return [line for line in result.output.splitlines() if line.startswith("letterbook: error:")]


def count(archive, query="*"):
    return int(run(archive, "search", query, "--count").output.split()[-1])


# ------------------------------------------------------------------ 1. bags

@pytest.fixture
def bag(tmp_path):
    """A bag of one transcript letter, made by export."""
    archive = tmp_path / "source"
    assert run(archive, "ingest", "-q", write_letters(tmp_path / "post", 1)).exit_code == 0
    target = tmp_path / "bag"
    assert run(archive, "export", "--format", "bagit", target).exit_code == 0
    return target


def rewrite_bag(bag, change):
    """Change a letter's metadata.json, then recompute the manifests: a valid bag again."""
    import bagit
    meta_path = next((bag / "data" / "letters").glob("*/metadata.json"))
    meta = json.loads(meta_path.read_text())
    change(meta, meta_path.parent)
    meta_path.write_text(json.dumps(meta))
    bagit.Bag(str(bag)).save(manifests=True)
    bagit.Bag(str(bag)).validate()
    return meta_path


def outside_file(meta, folder):
    meta["files"][0]["file"] = "../../../../../../../../etc/passwd"


def absolute_file(meta, folder):
    meta["files"][0]["file"] = "/etc/passwd"


def outside_data(meta, folder):
    meta["files"][0]["file"] = "../../../bag-info.txt"


@pytest.mark.parametrize("change, reason", [(outside_file, "outside the bag's data folder"),
                                            (absolute_file, "outside the bag's data folder"),
                                            (outside_data, "outside the bag's data folder")],
                         ids=["relative", "absolute", "bag-info"])
def test_a_bag_restores_nothing_from_outside_itself(bag, tmp_path, change, reason):
    meta_path = rewrite_bag(bag, change)
    archive = tmp_path / "restored"
    result = run(archive, "ingest", "-q", bag)
    assert result.exit_code == 1
    assert errors(result) == [line for line in errors(result) if str(meta_path) in line and reason in line]
    assert len(errors(result)) == 1, result.output
    assert count(archive) == 0 and count(archive, "root") == 0


def test_a_bag_brings_back_only_fields_edit_would_take(bag, tmp_path):
    def bad_fields(meta, folder):
        meta["corrections"] = {"date": {"value": "March 1926"}, "has_signature": {"value": "maybe"},
                               "password": {"value": "x"}, "cc": {"value": "one; two"}, "subject": "bare"}
    meta_path = rewrite_bag(bag, bad_fields)
    result = run(tmp_path / "restored", "ingest", "-q", bag)
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = errors(result)
    assert len(lines) == 5 and all(str(meta_path) in line for line in lines), result.output
    for expected in ("date must be YYYY-MM-DD", "has_signature must be true or false", "unknown field 'password'",
                     "cc must be a list", "corrections.subject must be an object"):
        assert any(expected in line for line in lines), expected
    assert count(tmp_path / "restored") == 0


def test_a_good_bag_still_restores_with_its_corrections(bag, tmp_path):
    def corrected(meta, folder):
        meta["corrections"] = {"date": {"value": "1926-03-05"}, "cc": {"value": ["A", "B"]},
                               "has_signature": {"value": True}, "subject": {"value": None}}
    rewrite_bag(bag, corrected)
    result = run(tmp_path / "restored", "ingest", "-q", bag)
    assert result.exit_code == 0, result.output
    row = lines_json(run(tmp_path / "restored", "export").output)[0]
    assert (row["date"], row["cc"], row["has_signature"]) == ("1926-03-05", ["A", "B"], True)


# ------------------------------------------------------------------ 2. terminal output

HOSTILE = ("\x1b]0;owned\x07", "\x1b[2J", "\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\", "\u009b31m",
           "\u202egnp.exe", "\u2066isolated\u2069")
UNSAFE = ["\x1b", "\x07", "\u009b", "\u202e", "\u2066", "\u2069"]


@pytest.fixture
def hostile_archive(tmp_path):
    """A letter whose text and file name hold control sequences; and its id."""
    post = tmp_path / "post"
    post.mkdir()
    # a letter long enough that its few control characters still look like text
    body = transcript(7, " ".join(f"Tide table {n} {seq}" for n, seq in enumerate(HOSTILE)))
    body += "\n".join(f"Note {n}: the harbour wall was inspected and found sound." for n in range(20))
    (post / "berth\x1b[31m\u202etxt.txt").write_text(body)
    (post / "empty\x1b[2J.txt").write_bytes(b"")
    archive = tmp_path / "archive"
    result = run(archive, "ingest", "-v", "-j", "1", post)
    return archive, result


def assert_inert(text):
    assert not [c for c in UNSAFE if c in text], repr(text)


def test_letters_and_names_never_reach_the_terminal_as_controls(hostile_archive):
    archive, ingested = hostile_archive
    assert ingested.exit_code == 1  # the empty file
    assert_inert(ingested.output)
    assert "berth\\x1b[31m\\u202etxt.txt" in ingested.output and "empty\\x1b[2J.txt: " in ingested.output
    letter = lines_json(run(archive, "export").output)[0]["id"]
    for args in (["search", "tide"], ["search", "dredging", "--facet", "from"], ["show", letter],
                 ["show", letter, "--hits", "tide"], ["similar", letter], ["stats"], ["verify"], ["check"]):
        result = run(archive, *args)
        assert result.exit_code == 0, (args, result.output)
        assert_inert(result.output)
    shown = run(archive, "show", letter).output
    assert "\\x1b]0;owned\\x07" in shown and "\\u202egnp.exe" in shown
    assert "Note 3: the harbour wall was inspected and found sound." in shown.splitlines()  # lines kept


def test_json_escapes_what_a_terminal_would_act_on(hostile_archive):
    archive, _ = hostile_archive
    letter = lines_json(run(archive, "export").output)[0]["id"]
    for args in (["search", "tide", "--json"], ["show", letter, "--json"], ["similar", letter, "--json"]):
        result = run(archive, *args)
        assert_inert(result.output)
    hit = json.loads(run(archive, "search", "tide", "--json").output.splitlines()[0])
    described = json.loads(run(archive, "show", letter, "--json").output)
    for seq in HOSTILE:  # escaped, not lost: the values are the letter's own
        assert seq in described["text"]
    assert described["sources"][0]["name"] == "berth\x1b[31m\u202etxt.txt"
    assert "Tide" in hit["snippet"]


def on_a_terminal(archive, *args):
    """Run the CLI with its output on a pseudo-terminal, as a user at a terminal sees it."""
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "letterbook", "--archive", str(archive), *args], cwd=ROOT,
                               stdout=follower, stderr=follower, stdin=subprocess.DEVNULL)
    os.close(follower)
    output = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 30)
        try:
            chunk = os.read(leader, 65536) if ready else b""
        except OSError:  # the terminal closed with the process
            chunk = b""
        if not chunk:
            break
        output += chunk
    os.close(leader)
    assert process.wait(30) == 0
    return output.decode("utf-8")


def test_on_a_terminal_only_letterbooks_own_bold_is_sent(hostile_archive):
    archive, _ = hostile_archive
    letter = lines_json(run(archive, "export").output)[0]["id"]
    for args in (["search", "tide"], ["show", letter, "--hits", "tide"]):
        output = on_a_terminal(archive, *args)
        assert "\x1b[1mTide\x1b[0m" in output, output
        assert_inert(output.replace("\x1b[1m", "").replace("\x1b[0m", ""))


# ------------------------------------------------------------------ 3. links

def test_links_are_followed_only_inside_what_was_given(tmp_path):
    outside = write_letters(tmp_path / "elsewhere", 2, start=50)
    (outside / "secret.txt").write_text(transcript(60, " The zebra crossing code is 4471."))
    post = write_letters(tmp_path / "post", 2)
    write_letters(post / "sub", 1, start=10)
    (post / "stolen.txt").symlink_to(outside / "secret.txt")
    (post / "more").symlink_to(outside)                   # a folder elsewhere
    (post / "alias.txt").symlink_to(post / "sub" / "letter-10.txt")  # inside: followed, archived once
    (post / "sub-again").symlink_to(post / "sub")
    (post / "loop").symlink_to(post)
    archive = tmp_path / "archive"
    result = run(archive, "ingest", "-v", "-j", "1", post)
    assert result.exit_code == 0, result.output
    assert "3 archived" in result.output and "2 skipped" in result.output
    skipped = [line for line in result.output.splitlines() if line.startswith("skipped: ")]
    assert sorted(line.split(":")[1].strip() for line in skipped) == [str(post / "more"), str(post / "stolen.txt")]
    assert all("outside the files and folders given" in line for line in skipped)
    assert count(archive, "zebra") == 0 and count(archive) == 3
    quiet = run(tmp_path / "other", "ingest", "-j", "1", post)
    assert "2 skipped" in quiet.output and "skipped: " not in quiet.output  # listed only with -v
    # named on the command line, a link is followed; --follow-links follows the rest
    assert run(archive, "ingest", "-q", post / "stolen.txt").exit_code == 0 and count(archive, "zebra") == 1
    result = run(archive, "ingest", "-q", "--follow-links", post)
    assert result.exit_code == 0 and count(archive) == 6


# ------------------------------------------------------------------ 12, 13. originals; the archive's own folder

def original_of(archive, letter_id):
    stored = json.loads(run(archive, "show", letter_id, "--json").output)["sources"][0]["stored"]
    return archive / stored


def test_a_damaged_original_is_refused_by_export_and_restored_by_ingest(tmp_path):
    post = write_letters(tmp_path / "post", 3)
    archive = tmp_path / "archive"
    assert run(archive, "ingest", "-q", post).exit_code == 0
    rows = {r["source"]: r["id"] for r in lines_json(run(archive, "export").output)}
    missing, altered = original_of(archive, rows["letter-0.txt"]), original_of(archive, rows["letter-1.txt"])
    os.chmod(missing, 0o644)
    missing.unlink()
    os.chmod(altered, 0o644)
    altered.write_text(transcript(1).replace("spring", "neap"))
    result = run(archive, "export", "--format", "bagit", tmp_path / "bag")
    assert result.exit_code == 1 and not (tmp_path / "bag").exists()
    assert not list(tmp_path.glob(".bag.part-*"))
    lines = errors(result)
    assert len(lines) == 2 and "Traceback" not in result.output
    assert any(rows["letter-0.txt"] in line and "missing" in line for line in lines)
    assert any(rows["letter-1.txt"] in line and "altered" in line for line in lines)

    result = run(archive, "ingest", post)
    assert result.exit_code == 0, result.output
    assert result.output.count("restored original: ") == 2 and "2 originals restored" in result.output
    assert "1 already there" in result.output
    assert run(archive, "verify").exit_code == 0
    assert run(archive, "export", "--format", "bagit", tmp_path / "bag").exit_code == 0
    # --reextract restores too
    os.chmod(missing, 0o644)
    missing.unlink()
    result = run(archive, "ingest", "--reextract", post / "letter-0.txt")
    assert result.exit_code == 0 and "restored original" in result.output
    assert run(archive, "verify").exit_code == 0


def test_nothing_is_exported_into_or_ingested_from_the_archive(tmp_path):
    archive = tmp_path / "archive"
    assert run(archive, "ingest", "-q", write_letters(tmp_path / "post", 2)).exit_code == 0
    for args in (["export", "--format", "bagit", archive / "index" / "bag"], ["export", "-o", archive / "all.jsonl"],
                 ["export", "--format", "csv", "-o", archive]):
        result = run(archive, *args)
        assert result.exit_code == 1 and len(errors(result)) == 1 and "inside the archive" in result.output, args
    assert run(archive, "reindex").exit_code == 0 and not (archive / "all.jsonl").exists()
    post = write_letters(tmp_path / "post2", 2, start=5)
    for folder, where in ((post, post), (archive / "originals", archive)):
        result = run(where, "ingest", "-q", folder)
        assert result.exit_code == 1 and len(errors(result)) == 1, result.output
        assert "is the archive" in result.output
    assert count(archive) == 2
