"""How well letterbook reads letters: generate, ingest, export, score; print one table.

Uses ../shared/corpus/make_letters.py (the generator, in its own venv with its pinned
requirements) and ../shared/eval/score.py. Three groups of letters, each in a fresh
archive: born-digital PDFs and transcripts, lightly degraded scans, heavily degraded scans.

    .venv/bin/python bench/accuracy.py --count 300 --seed 1
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, SHARED, finish, generator_python  # noqa: E402

FIELDS = ["ref", "your_ref", "date", "addressee", "addressee_org", "salutation", "subject", "sender_org",
          "signatory", "signatory_title", "closing", "has_signature"]
GROUPS = [("pdf+txt", "pdf,txt", "none"), ("light scans", "scan-pdf,png,tiff,jpeg", "light"),
          ("heavy scans", "scan-pdf,png,tiff,jpeg", "heavy")]
# archive captures (--captures): pages photographed on a dark background, 204 x 98 dpi faxes,
# photocopies scanned at 100-150 dpi
CAPTURES = [("photos", "jpeg", "photo"), ("faxes", "tiff", "fax"), ("photocopies", "png,jpeg", "lowres")]


def letterbook(*args, **kwargs):
    return subprocess.run([str(ROOT / ".venv" / "bin" / "letterbook"), *map(str, args)], **kwargs)


def run_group(work: Path, name: str, formats: str, degrade: str, count: int, seed: int, jobs: int) -> dict:
    corpus, archive = work / f"{name}-corpus", work / f"{name}-archive"
    subprocess.run([generator_python(), str(SHARED / "corpus" / "make_letters.py"), "--out", str(corpus),
                    "--count", str(count), "--seed", str(seed), "--formats", formats, "--degrade", degrade,
                    "--jobs", str(jobs)], check=True, capture_output=True)
    labels = corpus / "labels.jsonl"
    (work / f"{name}-labels.jsonl").write_bytes(labels.read_bytes())
    labels.unlink()  # the labels are no letter: keep them out of the ingest
    pages = sum(json.loads(line)["pages"] for line in (work / f"{name}-labels.jsonl").open())
    started = time.perf_counter()
    letterbook("--archive", archive, "ingest", "-q", "-j", jobs, corpus, check=False, capture_output=True)
    seconds = time.perf_counter() - started
    pred = work / f"{name}-pred.jsonl"
    with open(pred, "w") as out:
        letterbook("--archive", archive, "export", "--format", "jsonl", stdout=out, check=True)
    scored = work / f"{name}-score.json"
    subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), "--truth", str(work / f"{name}-labels.jsonl"),
                    "--pred", str(pred), "--json", str(scored)], check=True, capture_output=True)
    result = json.loads(scored.read_text())
    result["_seconds"], result["_pages"] = seconds, pages
    return result


def pick(result: dict, *path, default=None):
    for key in path:
        if not isinstance(result, dict) or key not in result:
            return default
        result = result[key]
    return result


def percent(value) -> str:
    if value is None:
        return "-"
    return f"{value * 100:.1f}%" if value <= 1 else f"{value:.1f}%"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=300, help="letters in all (a third per group)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--captures", action="store_true", help="the archive captures instead: photo, fax, lowres")
    parser.add_argument("--keep", type=Path, help="keep corpora, archives and scores in this folder")
    args = parser.parse_args()
    if not (SHARED / "corpus" / "make_letters.py").exists():
        sys.exit(f"bench/accuracy.py: the generator is not at {SHARED / 'corpus'} (set LETTERBOOK_SHARED)")
    work = args.keep or Path(tempfile.mkdtemp(prefix="lb-accuracy-"))
    work.mkdir(parents=True, exist_ok=True)
    results = {}
    groups = CAPTURES if args.captures else GROUPS
    for n, (name, formats, degrade) in enumerate(groups):
        results[name] = run_group(work, name.replace(" ", "-").replace("+", "-"), formats, degrade,
                                  args.count // len(groups), args.seed + n, args.jobs)
    print(f"letterbook accuracy: {args.count // len(groups) * len(groups)} generated letters, seed {args.seed}\n")
    print("| field | " + " | ".join(results) + " |")
    print("|---|" + "---|" * len(results))
    for name in FIELDS + ["overall"]:
        cells = [percent(r.get("overall") if name == "overall" else pick(r, "fields", name, "accuracy"))
                 for r in results.values()]
        print(f"| {name} | " + " | ".join(cells) + " |")
    cer = [f"{percent(pick(r, 'cer', 'mean'))} / {percent(pick(r, 'cer', 'median'))}" for r in results.values()]
    print("| text CER (mean / median) | " + " | ".join(cer) + " |")
    speed = [f"{r['_pages'] / r['_seconds'] * 60:.0f} pages/min" for r in results.values()]
    print("| ingest speed | " + " | ".join(speed) + " |")
    print("\nPer format:\n")
    print("| group | format | letters | fields (overall) | mean CER | median CER |")
    print("|---|---|---|---|---|---|")
    for group, r in results.items():
        for fmt, figures in sorted((pick(r, "groups", "format") or {}).items()):
            print(f"| {group} | {fmt} | {figures.get('documents')} | {percent(figures.get('overall'))} | "
                  f"{percent(pick(figures, 'cer', 'mean'))} | {percent(pick(figures, 'cer', 'median'))} |")
    finish(work, args.keep)


if __name__ == "__main__":
    main()
