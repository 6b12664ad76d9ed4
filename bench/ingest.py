"""How fast letterbook ingests, beside the raw speed of Tesseract on the same pages and cores.

    .venv/bin/python bench/accuracy.py            # (the accuracy table is its own script)
    .venv/bin/python bench/ingest.py --pages 40   # needs ../shared/corpus (the generator)

Prints one table: scanned pages per minute for the `tesseract` command run through
`xargs -P <cores>` (the ceiling), letterbook with the tesseract command, with tesserocr
(if installed) and on a Dask LocalCluster (if installed); born-digital PDF pages per
second; transcripts per second at 1,000 and 10,000 letters with the time per stage and the
peak memory (RSS summed over the process and its workers).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import SHARED, generator_python, print_table  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LETTERBOOK = str(ROOT / ".venv" / "bin" / "letterbook")


def tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes (Linux /proc)."""
    children: dict = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    parent = int(handle.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(parent, []).append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/statm") as handle:
                total += int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:
            pass
        stack.extend(children.get(current, []))
    return total


def timed(command: list, env=None) -> tuple:
    """Wall seconds, peak RSS of the whole process tree, and stdout."""
    peak = [0]
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            env=dict(os.environ, **(env or {})))
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], tree_rss(proc.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    done.set()
    sampler.join()
    return time.perf_counter() - started, peak[0], out


def generate(out: Path, count: int, formats: str, seed: int, degrade: str = "light") -> list:
    subprocess.run([generator_python(), str(SHARED / "corpus" / "make_letters.py"), "--out", str(out), "--count",
                    str(count), "--seed", str(seed), "--formats", formats, "--degrade", degrade, "--jobs", "2"],
                   check=True, capture_output=True)
    labels = [json.loads(line) for line in (out / "labels.jsonl").open()]
    (out / "labels.jsonl").rename(out.parent / f"{out.name}-labels.jsonl")
    return labels


def ingest(archive: Path, folder: Path, jobs: int, env=None, extra=()) -> dict:
    seconds, rss, out = timed([LETTERBOOK, "--archive", str(archive), "ingest", "-q", "--json", "-j", str(jobs),
                               *extra, str(folder)], env)
    summary = json.loads([line for line in out.splitlines() if line.startswith("{")][-1])
    summary["wall"], summary["rss"] = seconds, rss
    return summary


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=40, help="scanned pages at least")
    parser.add_argument("--pdfs", type=int, default=200)
    parser.add_argument("--transcripts", default="1000,10000")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="lb-ingest-bench-"))
    rows = []
    try:
        # scanned pages: images only, so that the ceiling can run tesseract on the very same files
        scans = work / "scans"
        labels = generate(scans, max(4, args.pages * 2 // 3), "png,jpeg,tiff", 3)
        pages = sum(lab["pages"] for lab in labels)
        files = sorted(str(p) for p in scans.iterdir())
        started = time.perf_counter()
        subprocess.run(["xargs", "-0", "-P", str(args.jobs), "-I{}", "tesseract", "{}", "-", "--psm", "3"],
                       input="\0".join(files).encode(), env=dict(os.environ, OMP_THREAD_LIMIT="1"),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        ceiling = pages / (time.perf_counter() - started) * 60
        rows.append(("scanned pages: tesseract command via xargs -P %d (ceiling)" % args.jobs,
                     f"{ceiling:.1f} pages/min", "1.00", "-"))
        engines = [("tesseract command", {"LETTERBOOK_OCR_ENGINE": "tesseract"}, ())]
        try:
            import tesserocr  # noqa: F401
            engines.append(("tesserocr in process", {"LETTERBOOK_OCR_ENGINE": "tesserocr"}, ()))
        except ImportError:
            pass
        for name, env, extra in engines:
            result = ingest(work / f"a-{len(rows)}", scans, args.jobs, env, extra)
            speed = result["pages"] / result["wall"] * 60
            rows.append((f"scanned pages: letterbook, {name}, -j {args.jobs}", f"{speed:.1f} pages/min",
                         f"{speed / ceiling:.2f}", f"{result['rss'] / 2**20:.0f} MiB"))
        try:
            from distributed import LocalCluster
            with LocalCluster(n_workers=args.jobs, threads_per_worker=1, processes=True, host="127.0.0.1",
                              dashboard_address=None) as cluster:
                result = ingest(work / "a-dask", scans, args.jobs, {"LETTERBOOK_OCR_ENGINE": "tesseract"},
                                ("--dask-scheduler", cluster.scheduler_address))
            speed = result["pages"] / result["wall"] * 60
            rows.append((f"scanned pages: letterbook on a Dask LocalCluster ({args.jobs} workers)",
                         f"{speed:.1f} pages/min", f"{speed / ceiling:.2f}", "-"))
        except ImportError:
            pass
        # born-digital PDFs
        pdfs = work / "pdfs"
        generate(pdfs, args.pdfs, "pdf", 4)
        result = ingest(work / "a-pdf", pdfs, args.jobs)
        rows.append((f"born-digital PDF pages ({result['pages']})", f"{result['pages'] / result['wall']:.1f} pages/s",
                     "-", f"{result['rss'] / 2**20:.0f} MiB"))
        # transcripts at growing sizes: speed and memory should stay flat
        sizes = [int(n) for n in args.transcripts.split(",")]
        base = work / "txt-base"
        generate(base, min(1000, max(sizes)), "txt", 5)
        originals = sorted(base.iterdir())
        for size in sizes:
            folder = work / f"txt-{size}"
            folder.mkdir()
            for n in range(size):  # distinct letters: each copy carries its own line
                source = originals[n % len(originals)]
                (folder / f"{n:06d}-{source.name}").write_text(source.read_text() + f"\nArchive copy {n}\n")
            result = ingest(work / f"a-txt-{size}", folder, args.jobs)
            stages = ", ".join(f"{k} {v:.0f} s" for k, v in result["stages"].items())
            rows.append((f"transcripts: {size} letters", f"{result['archived'] / result['wall']:.0f} letters/s",
                         "-", f"{result['rss'] / 2**20:.0f} MiB"))
            rows.append((f"  time per stage (summed over workers) at {size}", stages, "", ""))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print_table(f"letterbook ingest benchmark: {os.cpu_count()} cores, -j {args.jobs}, OMP_THREAD_LIMIT=1",
                ("what", "speed", "ratio to ceiling", "peak RSS"), rows)

if __name__ == "__main__":
    main()
