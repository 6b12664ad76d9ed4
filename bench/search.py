"""Search at scale: build an archive of many letters, then time queries, beside Recoll.

    .venv/bin/python bench/search.py --letters 100000     # needs ../shared/corpus (the generator)

Letters: transcripts from make_letters.py, each base letter copied with a line of its own
so that every file is distinct. Prints one table: ingest and reindex rates and peak memory,
warm query latency inside one process (median and p95 per kind, top 10 with snippets),
whole-process `letterbook search` time and peak memory, and Recoll (recollindex, recollq)
on the same files and queries when it is installed (Debian package recoll).
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
from common import SHARED, generator_python, print_table  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LETTERBOOK = str(ROOT / ".venv" / "bin" / "letterbook")
sys.path.insert(0, str(ROOT))


def run_measured(command: list, env=None) -> tuple:
    """Wall seconds, peak RSS (bytes) of that one process, and its stdout."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - started, usage.ru_maxrss * 1024, out.decode(errors="replace")


def build_letters(work: Path, count: int, seed: int) -> tuple:
    base = work / "base"
    subprocess.run([generator_python(), str(SHARED / "corpus" / "make_letters.py"), "--out", str(base), "--count",
                    str(min(count, 1000)), "--seed", str(seed), "--formats", "txt", "--jobs", "2"],
                   check=True, capture_output=True)
    labels = [json.loads(line) for line in (base / "labels.jsonl").open()]
    letters = work / "letters"
    letters.mkdir()
    texts = [(lab, (base / lab["file"]).read_text()) for lab in labels]
    for n in range(count):
        lab, text = texts[n % len(texts)]
        sub = letters / f"{n // 1000:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"{n:06d}.txt").write_text(text + f"\nArchive copy {n}\n")
    return letters, labels


def queries(labels: list, rng: random.Random, count: int) -> list:
    words = sorted({w for lab in labels for w in re.findall(r"[A-Za-z]{5,}", lab["text"])})
    kinds = []
    for _ in range(count // 8 + 1):
        lab = rng.choice(labels)
        probe, phrase = lab["probe"]["word"], lab["probe"]["phrase"]
        fuzzy = probe[:2] + probe[3:] if len(probe) > 5 else probe + "e"
        surname = (lab["fields"].get("signatory") or "Smith").split()[-1]
        day = lab["fields"].get("date") or "2024-01-01"
        addressee = re.findall(r"[A-Za-zÀ-ÿ]{3,}", lab["fields"].get("addressee") or "") or ["Smith"]
        # the word before the dateline's date ("Basel, den 16. Februar 1926"), else a word of the text
        dateline = next((ln for ln in lab["text"].splitlines()
                         if lab["fields"].get("date_text") and lab["fields"]["date_text"] in ln), "")
        town = re.findall(r"^[^\W\d_]{3,}", dateline.strip()) or [rng.choice(words)]
        kinds += [("single word", probe, False), ("two words", f"{rng.choice(words)} {rng.choice(words)}", False),
                  ("phrase", f'"{phrase}"', False), ("fuzzy", fuzzy, True),
                  ("field", f"from:{surname}", False), ("person", f"person:{addressee[-1]}", False),
                  ("place", f"place:{town[0]}", False),
                  ("date range", f"date:[{day[:7]}-01 TO {day[:7]}-28] {rng.choice(words)}", False)]
    return kinds[:count]


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


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--letters", type=int, default=100000)
    parser.add_argument("--queries", type=int, default=240)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="keep the letters and archive here (and reuse them)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    work = args.keep or Path(tempfile.mkdtemp(prefix="lb-search-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    archive = work / "archive"
    rows = []
    try:
        if (work / "letters").exists():
            letters = work / "letters"
            labels = [json.loads(line) for line in (work / "base" / "labels.jsonl").open()]
        else:
            letters, labels = build_letters(work, args.letters, args.seed)
        ingested = not archive.exists()
        if ingested:
            seconds, rss, _ = run_measured([LETTERBOOK, "--archive", str(archive), "ingest", "-q", str(letters)])
            rows.append(("ingest (transcripts, -j cores)", f"{args.letters / seconds:.0f} letters/s",
                         f"{seconds:.0f} s", f"{rss / 2**20:.0f} MiB (main process)"))
        mixed = queries(labels, rng, args.queries)
        if ingested:  # the index as the ingest left it, before reindex makes it one segment
            rows += warm_queries(archive, mixed, "after ingest", kinds=True)
        seconds, rss, _ = run_measured([LETTERBOOK, "--archive", str(archive), "reindex"])
        rows.append(("reindex from the catalog", f"{args.letters / seconds:.0f} letters/s", f"{seconds:.0f} s",
                     f"{rss / 2**20:.0f} MiB"))
        size = sum(f.stat().st_size for f in (archive / "index").rglob("*") if f.is_file())
        rows.append(("index size", f"{size / 2**20:.0f} MiB", "", ""))
        rows += warm_queries(archive, mixed, "after reindex", kinds=True)

        # whole processes, as a researcher at a shell sees them
        cli_times, cli_rss = [], []
        sample = [m for m in mixed if m[0] in ("single word", "phrase", "field")][:6]
        for kind, text, fuzzy in sample:
            for _ in range(3):
                seconds, rss, _ = run_measured([LETTERBOOK, "--archive", str(archive), "search", text, "--limit", "10"])
                cli_times.append(seconds)
                cli_rss.append(rss)
        rows.append((f"`letterbook search` whole process ({len(cli_times)} runs)",
                     f"median {statistics.median(cli_times) * 1000:.0f} ms",
                     f"max {max(cli_times) * 1000:.0f} ms", f"{max(cli_rss) / 2**20:.0f} MiB"))
        if shutil.which("recollindex") and shutil.which("recollq"):
            config = work / "recoll"
            config.mkdir(exist_ok=True)
            (config / "recoll.conf").write_text(f"topdirs = {letters}\nloglevel = 1\n")
            seconds, rss, _ = run_measured(["recollindex", "-c", str(config)])
            size = sum(f.stat().st_size for f in (config / "xapiandb").rglob("*") if f.is_file())
            rows.append(("Recoll: recollindex", f"{args.letters / seconds:.0f} letters/s", f"{seconds:.0f} s",
                         f"{rss / 2**20:.0f} MiB; index {size / 2**20:.0f} MiB"))
            recoll_times = []
            for kind, text, fuzzy in sample:
                for _ in range(3):
                    seconds, rss, _ = run_measured(["recollq", "-c", str(config), "-n", "10", re.sub(r"\b(?:from|person|place):", "", text)])
                    recoll_times.append(seconds)
            ratio = statistics.median(cli_times) / statistics.median(recoll_times)
            rows.append((f"Recoll: recollq whole process ({len(recoll_times)} runs)",
                         f"median {statistics.median(recoll_times) * 1000:.0f} ms",
                         f"letterbook/recollq = {ratio:.1f}x", ""))
        else:
            rows.append(("Recoll", "not installed (apt-get install recoll)", "", ""))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print_table(f"letterbook search benchmark: {args.letters} letters, {os.cpu_count()} cores",
                ("what", "figure", "", "memory"), rows)

if __name__ == "__main__":
    main()
