"""Archives that cannot be written, and archives damaged on disk: what can be read is read,
a cache (the index) heals itself, and damage to the truth (the catalog) is reported in one
line naming the file, never as a traceback."""
import os
import pwd
import random
import shutil
import subprocess
import sys
import tempfile

import pytest

from conftest import ROOT, lines_json, run


def transcript(n: int) -> str:
    return (f"Lock Keeper's Office\n\nRef: LK/{n:03d}\n\n{n % 28 + 1} June 2023\n\nDear Mrs Weir,\n\n"
            f"The canal gates at lock {n} were repainted this week; the towpath reopens on Monday.\n\n"
            f"Yours sincerely,\n\nOwen Sluice\n")


def build(archive, folder, count=3):
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"lock-{n}.txt").write_text(transcript(n))
    result = run(archive, "ingest", "-q", folder)
    assert result.exit_code == 0, result.output
    return sorted(r["id"] for r in lines_json(run(archive, "export").output))


def errors(output):
    return [line for line in output.splitlines() if line.startswith("letterbook: error:")]


def garble(path, start=0, end=None, seed=7):
    data = bytearray(path.read_bytes())
    rng = random.Random(seed)
    for i in range(start, len(data) if end is None else min(end, len(data))):
        data[i] = rng.randrange(256)
    path.write_bytes(bytes(data))


# ------------------------------------------------------------------ 9. read-only archives

@pytest.fixture
def shared_folder():
    """A folder every user can reach (pytest's own is private to its user)."""
    folder = tempfile.mkdtemp(prefix="letterbook-ro-")
    os.chmod(folder, 0o755)
    yield folder
    subprocess.run(["chattr", "-R", "-i", folder], capture_output=True)
    for inner, _, _ in os.walk(folder):
        os.chmod(inner, 0o755)
    shutil.rmtree(folder, ignore_errors=True)


def without_capabilities():
    """In the child, before exec: drop every capability from the bounding set, so the program
    runs as a root that permission bits bind like anyone else (prctl PR_CAPBSET_DROP)."""
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in range(64):
        libc.prctl(24, capability, 0, 0, 0)  # PR_CAPBSET_DROP; past the last one it fails, harmlessly


def as_another_user(archive, *args):
    """The CLI on an archive it may read but not write: owned by 'nobody' (0755 folders, 0644
    files) and run by a root without capabilities when the tests run as root (for whom
    permission bits alone stop nothing); else the archive's write permissions are taken away."""
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        for folder, _, files in os.walk(archive):
            os.chown(folder, nobody.pw_uid, nobody.pw_gid)
            for name in files:
                os.chown(os.path.join(folder, name), nobody.pw_uid, nobody.pw_gid)
    else:
        for folder, _, files in os.walk(archive):
            os.chmod(folder, 0o555)
            for name in files:
                os.chmod(os.path.join(folder, name), 0o444)
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE="1")
    result = subprocess.run([sys.executable, "-m", "letterbook", "--archive", str(archive), *map(str, args)],
                            cwd="/", env=env, capture_output=True, text=True, timeout=120,
                            preexec_fn=without_capabilities if os.geteuid() == 0 else None)
    return result


def test_a_read_only_archive_is_read_and_refuses_writes_in_one_line(shared_folder, tmp_path):
    archive = os.path.join(shared_folder, "archive")
    ids = build(archive, tmp_path / "post")
    extra = os.path.join(shared_folder, "extra.txt")
    with open(extra, "w") as out:
        out.write(transcript(40))

    found = as_another_user(archive, "search", "canal gates")
    assert found.returncode == 0, found.stderr
    assert "3 letters found" in found.stdout and found.stderr == ""
    for args in (["show", ids[0]], ["export"], ["export", "--format", "csv"], ["check"], ["stats"], ["verify"],
                 ["search", "lock", "--json"], ["similar", ids[0]]):
        result = as_another_user(archive, *args)
        assert result.returncode == 0, (args, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
    assert len(lines_json(as_another_user(archive, "export").stdout)) == 3
    for args in (["ingest", extra], ["edit", ids[0], "--set", "subject=Gates"], ["remove", ids[0]], ["reindex"]):
        result = as_another_user(archive, *args)
        assert result.returncode == 1, (args, result.stdout, result.stderr)
        assert len(errors(result.stderr)) == 1 and "read-only" in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr
    os.unlink(os.path.join(archive, "index", "synced.json"))  # now an index of unknown age
    found = as_another_user(archive, "search", "canal", "--facet", "year")
    assert found.returncode == 0 and "3 letters found" in found.stdout
    assert found.stderr.count("may lag the catalog") == 1 and "error" not in found.stderr
    assert run(archive, "stats").exit_code == 0 and len(lines_json(run(archive, "export").output)) == 3


def test_an_immutable_archive_is_read_even_by_root(shared_folder, tmp_path):
    archive = os.path.join(shared_folder, "archive")
    ids = build(archive, tmp_path / "post")
    if subprocess.run(["chattr", "-R", "+i", archive], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not available here (the test above covers read-only archives)")
    assert "3 letters found" in run(archive, "search", "canal").output
    assert run(archive, "show", ids[1]).exit_code == 0 and run(archive, "check").exit_code == 0
    result = run(archive, "edit", ids[1], "--set", "subject=Gates")
    assert result.exit_code == 1 and "read-only" in result.output and len(errors(result.output)) == 1


# ------------------------------------------------------------------ 10. a damaged index

def index_file(archive, pattern):
    return next((archive / "index").glob(pattern))


@pytest.mark.parametrize("pattern, start", [("_MAIN_*.toc", 40), ("*.pst", 8), ("*.trm", 8)],
                         ids=["table-of-contents", "postings", "terms"])
def test_a_damaged_index_is_reported_by_check_and_rebuilt_by_search(tmp_path, pattern, start):
    archive = tmp_path / "archive"
    build(archive, tmp_path / "post", count=4)
    garble(index_file(archive, pattern), start)
    repaired, added = tmp_path / "repaired", tmp_path / "added"
    shutil.copytree(archive, repaired)
    shutil.copytree(archive, added)

    check = run(archive, "check")
    assert check.exit_code == 1 and "Traceback" not in check.output
    assert [line for line in errors(check.output) if "index" in line and "damaged" in line]
    searched = run(archive, "search", "canal gates")
    assert searched.exit_code == 0, searched.output
    assert "4 letters found" in searched.output
    assert searched.output.count("rebuilding it from the catalog") == 1
    assert run(archive, "check").exit_code == 0

    result = run(repaired, "check", "--repair")
    assert result.exit_code == 0 and "index rebuilt from the catalog (4 letters)" in result.output
    assert "4 letters found" in run(repaired, "search", "canal").output

    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "lock-9.txt").write_text(transcript(9))
    result = run(added, "ingest", "-j", "1", tmp_path / "new")  # an ingest writes what it may not read
    assert result.exit_code == 0 and result.output.count("rebuilding it from the catalog") <= 1, result.output
    result = run(added, "search", "canal")
    assert "5 letters found" in result.output and "error" not in result.output


# ------------------------------------------------------------------ 11. a damaged catalog

def test_a_damaged_catalog_is_reported_in_one_line_and_exports_nothing(tmp_path):
    archive = tmp_path / "archive"
    build(archive, tmp_path / "post", count=60)
    catalog = archive / "catalog.sqlite"
    data = catalog.read_bytes()
    where = data.rindex(b"repainted this week")  # a page holding letters' text
    garble(catalog, where // 4096 * 4096, where // 4096 * 4096 + 4096)
    (tmp_path / "out").mkdir()
    before = set(os.listdir(tmp_path / "out"))

    for args, named in ((["check"], "check"), (["verify"], "fixity"),
                        (["export", "-o", tmp_path / "out" / "all.jsonl"], ""),
                        (["export", "--format", "csv", "-o", tmp_path / "out" / "all.csv"], ""),
                        (["export", "--format", "bagit", tmp_path / "out" / "bag"], "")):
        result = run(archive, *args)
        assert result.exit_code == 1, (args, result.output)
        assert "Traceback" not in result.output
        lines = errors(result.output)
        assert len(lines) == 1 and str(catalog) in lines[0] and "damaged" in lines[0], (args, result.output)
    assert set(os.listdir(tmp_path / "out")) == before  # no partial export, no leftovers
