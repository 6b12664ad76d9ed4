"""Search at scale: build an archive of many distinct letters, then time queries, beside Recoll.

    .venv/bin/python bench/search.py --letters 100000 [--keep DIR]

Letters: transcripts from bench/corpus.py (distinct people, places, dates and bodies in
English, German and French, a vocabulary that grows with their number, OCR noise on three
in ten). Queries are drawn from what the letters say (corpus labels), a share of them
misspelt as researchers type. Prints one table: ingest and reindex time and peak memory,
index size, warm query latency inside one process (median and p95 per kind, top 10 with
snippets), whole-process `letterbook search` time and peak memory, and Recoll
(recollindex, recollq) on the same files and queries when it is installed (Debian package
recoll).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402
from common import print_table  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LETTERBOOK = str(ROOT / ".venv" / "bin" / "letterbook")
sys.path.insert(0, str(ROOT))

MISSPELT_SHARE = 0.15     # of the words typed in single-word and two-word queries
PROCESS_RUNS = 2          # whole processes per sampled query (letterbook and recollq alike)
PROCESS_SAMPLE = 3        # sampled queries per kind for whole processes


# The command is started by a small Python of its own, which reports the command's wall
# time and peak memory: a process forked straight from this one (which holds the labels,
# hundreds of MiB at 100,000 letters) reports this one's peak as its own.
_MEASURER = """
import os, subprocess, sys, time
started = time.perf_counter()
proc = subprocess.Popen(sys.argv[1:], stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(proc.pid, 0)
print(time.perf_counter() - started, usage.ru_maxrss * 1024, os.waitstatus_to_exitcode(status), file=sys.stderr)
"""


def run_measured(command: list) -> tuple:
    """Wall seconds, peak RSS (bytes) of that one process, and its stdout."""
    proc = subprocess.run([sys.executable, "-c", _MEASURER, *command], capture_output=True)
    seconds, rss, status = proc.stderr.decode().split()[-3:]
    if int(status):
        raise SystemExit(f"{' '.join(command[:4])}... failed (exit {status})")
    return float(seconds), int(rss), proc.stdout.decode(errors="replace")


def build_letters(work: Path, count: int, seed: int) -> tuple:
    """The letters under work/letters, their labels and stats in work (reused when a kept
    folder holds as many of the same seed); and whether they were built now."""
    letters, stats = work / "letters", work / "stats.json"
    if letters.exists() and stats.exists() and json.loads(stats.read_text()) == \
            dict(json.loads(stats.read_text()), letters=count, seed=seed):
        return letters, corpus.read_labels(work), False
    shutil.rmtree(letters, ignore_errors=True)
    return letters, corpus.build(letters, count, seed, meta=work), True


# -- queries, drawn from the letters

_CONTENT = re.compile(r"[^\W\d_]{5,}")


def body_words(label: dict) -> list:
    """Words of the letter's paragraphs (between salutation and closing), as written."""
    paragraphs = [line for line in label["text"].split("\n") if len(line) > 120]
    function = {w.lower() for words in corpus.FUNCTION_WORDS.values() for w in words}
    return [w for w in _CONTENT.findall(" ".join(paragraphs)) if w.lower() not in function]


def misspelt(word: str, rng: random.Random) -> str:
    """The word as typed in a hurry: two letters swapped, one dropped, doubled or mistyped."""
    i = rng.randrange(1, len(word) - 1)
    how = rng.randrange(4)
    if how == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if how == 1:
        return word[:i] + word[i + 1:]
    if how == 2:
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice("aeiourstnl".replace(word[i], "")) + word[i + 1:]


def typed(word: str, rng: random.Random) -> str:
    return misspelt(word, rng) if rng.random() < MISSPELT_SHARE else word


def single_word(label, rng):
    words = body_words(label)
    return (typed(rng.choice(words), rng), False) if words else None


def two_words(label, rng):
    words = body_words(label)
    return (f"{typed(rng.choice(words), rng)} {typed(rng.choice(words), rng)}", False) if len(words) > 1 else None


def phrase(label, rng):
    sentences = [s.split() for line in label["text"].split("\n") if len(line) > 120 for s in line.split(". ")]
    sentences = [s for s in sentences if len(s) >= 4]
    if not sentences:
        return None
    words = rng.choice(sentences)
    size = rng.choice((2, 3, 3))
    at = rng.randrange(len(words) - size + 1)
    return '"' + " ".join(w.strip(".,?;:") for w in words[at:at + size]) + '"', False


def fuzzy(label, rng):
    words = [w for w in body_words(label) if len(w) >= 6]
    return (misspelt(rng.choice(words), rng), True) if words else None


def field(label, rng):
    if rng.random() < 0.5:
        return f"from:{label['sender'].split()[-1]}", False
    return f"to:{label['addressee'].split()[-1]}", False


def person(label, rng):
    """A correspondent by surname, in either role (person:)."""
    return f"person:{rng.choice([label['sender'], label['addressee']]).split()[-1]}", False


def place(label, rng):
    """The place the letter was written in (place:), as a phrase when it has several words."""
    town = label["place"]
    return (f'place:"{town}"' if " " in town else f"place:{town}"), False


def date_range(label, rng):
    words = body_words(label)
    month = label["date"][:7]
    return (f"date:[{month}-01 TO {month}-28] {rng.choice(words)}", False) if words else None


# The kinds of query drawn, in the table's order: a kind is a name and a function of a
# letter's label and the random stream giving (query text, fuzzy?) or None.
KINDS = {
    "single word": single_word,
    "two words": two_words,
    "phrase": phrase,
    "fuzzy": fuzzy,
    "field": field,
    "person": person,
    "place": place,
    "date range": date_range,
}


def queries(labels: list, rng: random.Random, count: int) -> list:
    """[(kind, text, fuzzy)]: count queries, the kinds in turn, each from a letter drawn at random."""
    out = []
    while len(out) < count:
        for kind, draw in KINDS.items():
            drawn = None
            while drawn is None:
                drawn = draw(rng.choice(labels), rng)
            out.append((kind, *drawn))
    return out[:count]


def recoll_query(kind: str, text: str) -> str:
    """The same question in Recoll's query language (it has no fuzzy words: the word as typed)."""
    text = re.sub(r"\b(from|to|person|place):", "", text)
    return re.sub(r"date:\[(\S+) TO (\S+)\]", r"date:\1/\2", text)


def warm_queries(archive: Path, mixed: list, when: str, kinds: bool) -> list:
    """Query latency inside one process, as a long-running tool would see it: median and
    p95 per kind (or of all kinds together), each query ranked with snippets for the top 10."""
    from letterbook.app.index_sync import index_for
    from letterbook.archive import Archive
    store = Archive(archive)
    ix = index_for(store)
    segments = ix.segment_count()
    for text, fuzzy in [(q, f) for _, q, f in mixed[:10]]:
        ix.search(text, limit=10, fuzzy=fuzzy)  # warm-up
    timings: dict = {}
    hits_found = 0
    for kind, text, fuzzy in mixed:
        started = time.perf_counter()
        results = ix.search(text, limit=10, fuzzy=fuzzy)
        timings.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
        hits_found += bool(results.total)
    ix.close()
    store.close()
    every = [t for values in timings.values() for t in values]
    groups = (list(timings.items()) if kinds else []) + [("all kinds", every)]
    rows = [(f"warm query {when} ({segments} segment{'s' if segments > 1 else ''}): {kind} ({len(values)})",
             f"median {statistics.median(values):.1f} ms", f"p95 {percentile(values, 0.95):.1f} ms", "")
            for kind, values in groups]
    rows.append((f"queries with hits {when}", f"{hits_found}/{len(mixed)}", "", ""))
    return rows


def percentile(values: list, share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def index_terms(archive: Path) -> int:
    """Distinct words (stems) of the letters' text in the index."""
    from whoosh import index
    with index.open_dir(str(archive / "index")).reader() as reader:
        return sum(1 for _ in reader.lexicon("body"))


def index_size(archive: Path) -> int:
    """Bytes of the index, without the word lists fuzzy searches keep beside it."""
    return sum(f.stat().st_size for f in (archive / "index").rglob("*") if f.is_file() and f.suffix != ".words")


def process_sample(mixed: list) -> list:
    """A few queries of every kind, for whole processes."""
    picked = {}
    for kind, text, fuzzy_ in mixed:
        if len(picked.setdefault(kind, [])) < PROCESS_SAMPLE:
            picked[kind].append((kind, text, fuzzy_))
    return [q for qs in picked.values() for q in qs]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--letters", type=int, default=100000)
    parser.add_argument("--queries", type=int, default=240)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="keep the letters and archive here (and reuse them)")
    parser.add_argument("--measure-only", action="store_true",
                        help="with --keep: no ingest and no reindex; time queries and processes on the kept archive")
    args = parser.parse_args()
    if args.measure_only and not (args.keep and (args.keep / "archive").exists()):
        parser.error("--measure-only needs --keep with an archive built by an earlier run")
    rng = random.Random(args.seed)
    work = args.keep or Path(tempfile.mkdtemp(prefix="lb-search-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    archive = work / "archive"
    rows = []
    try:
        started = time.perf_counter()
        letters, labels, built = build_letters(work, args.letters, args.seed)
        if built:
            shutil.rmtree(archive, ignore_errors=True)
            shutil.rmtree(work / "recoll", ignore_errors=True)
        stats = json.loads((work / "stats.json").read_text())
        languages = {lang: sum(lab["lang"] == lang for lab in labels) for lang in corpus.LANGUAGE_SHARE}
        noisy = sum(bool(lab["noise"]) for lab in labels)
        rows.append(("letters (bench/corpus.py)", f"{len(labels)}: " + ", ".join(f"{k} {v}" for k, v in languages.items()),
                     f"{noisy} with OCR noise", f"built in {time.perf_counter() - started:.0f} s" if built else "kept"))
        rows.append(("distinct words in the letters", f"{stats['distinct_words']:,}", "", ""))
        ingested = not archive.exists()
        if ingested:
            seconds, rss, _ = run_measured([LETTERBOOK, "--archive", str(archive), "ingest", "-q", str(letters)])
            rows.append(("ingest (transcripts, -j cores)", f"{args.letters / seconds:.0f} letters/s",
                         f"{seconds:.0f} s", f"{rss / 2**20:.0f} MiB (main process)"))
        mixed = queries(labels, rng, args.queries)
        if ingested:  # the index as the ingest left it, before reindex makes it one segment
            rows += warm_queries(archive, mixed, "after ingest", kinds=True)
        if not args.measure_only:
            seconds, rss, _ = run_measured([LETTERBOOK, "--archive", str(archive), "reindex"])
            rows.append(("reindex from the catalog", f"{args.letters / seconds:.0f} letters/s", f"{seconds:.0f} s",
                         f"{rss / 2**20:.0f} MiB"))
        rows.append(("index size", f"{index_size(archive) / 2**20:.0f} MiB",
                     f"{index_terms(archive):,} distinct words in the text", ""))
        rows += warm_queries(archive, mixed, "as kept" if args.measure_only else "after reindex", kinds=True)

        # whole processes, as a researcher at a shell sees them, with letterbook's modules
        # compiled as an installed package has them (PYTHONDONTWRITEBYTECODE may be set here)
        subprocess.run([str(Path(LETTERBOOK).parent / "python"), "-m", "compileall", "-q", str(ROOT / "letterbook")],
                       check=True, capture_output=True)
        cli_times, cli_rss = [], []
        sample = process_sample(mixed)
        for kind, text, fuzzy_ in sample:
            for _ in range(PROCESS_RUNS):
                seconds, rss, _ = run_measured([LETTERBOOK, "--archive", str(archive), "search", text, "--limit", "10"]
                                               + (["--fuzzy"] if fuzzy_ else []))
                cli_times.append(seconds)
                cli_rss.append(rss)
        rows.append((f"`letterbook search` whole process ({len(cli_times)} runs, every kind)",
                     f"median {statistics.median(cli_times) * 1000:.0f} ms",
                     f"max {max(cli_times) * 1000:.0f} ms", f"{max(cli_rss) / 2**20:.0f} MiB"))
        if shutil.which("recollindex") and shutil.which("recollq"):
            config = work / "recoll"
            config.mkdir(exist_ok=True)
            (config / "recoll.conf").write_text(f"topdirs = {letters}\nloglevel = 1\n")
            if not (args.measure_only and (config / "xapiandb").exists()):
                seconds, rss, _ = run_measured(["recollindex", "-c", str(config)])
                size = sum(f.stat().st_size for f in (config / "xapiandb").rglob("*") if f.is_file())
                rows.append(("Recoll: recollindex", f"{args.letters / seconds:.0f} letters/s", f"{seconds:.0f} s",
                             f"{rss / 2**20:.0f} MiB; index {size / 2**20:.0f} MiB"))
            recoll_times, recoll_rss = [], []
            for kind, text, fuzzy_ in sample:
                for _ in range(PROCESS_RUNS):
                    seconds, rss, _ = run_measured(["recollq", "-c", str(config), "-n", "10", recoll_query(kind, text)])
                    recoll_times.append(seconds)
                    recoll_rss.append(rss)
            ratio = statistics.median(cli_times) / statistics.median(recoll_times)
            memory = max(cli_rss) / max(recoll_rss)
            rows.append((f"Recoll: recollq whole process ({len(recoll_times)} runs)",
                         f"median {statistics.median(recoll_times) * 1000:.0f} ms",
                         f"letterbook/recollq = {ratio:.1f}x", f"{max(recoll_rss) / 2**20:.0f} MiB ({memory:.1f}x)"))
        else:
            rows.append(("Recoll", "not installed (apt-get install recoll)", "", ""))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print_table(f"letterbook search benchmark: {args.letters} letters, {os.cpu_count()} cores",
                ("what", "figure", "", "memory"), rows)


if __name__ == "__main__":
    main()
