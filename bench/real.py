"""How letterbook reads the real letters of ../shared/real, beside plain Tesseract.

Ingests ../shared/real/files into a fresh archive, exports, scores with
../shared/eval/score.py (per field, per kind, and "filled fields": of the values the letters
hold, the share read right). Then, for every scanned page, runs the plain `tesseract`
command on the original file (a PDF page rendered at 300 dpi) and prints side by side how
many of the label's probe words each reading holds, how many dictionary words (Debian's
word lists) and the mean word confidence. A page where letterbook holds fewer probe words
or dictionary words than plain Tesseract is flagged: that must never happen.

    .venv/bin/python bench/real.py [--keep DIR] [--jobs 2]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, SHARED, finish, print_table  # noqa: E402

REAL = SHARED / "real"
FIELDS = ["ref", "your_ref", "date", "addressee", "addressee_org", "salutation", "subject", "sender_org",
          "signatory", "signatory_title", "closing", "has_signature"]
# the label values whose words a good reading holds
PROBE_FIELDS = ["date_text", "addressee", "addressee_org", "salutation", "subject", "sender_org", "signatory",
                "signatory_title", "closing"]
WORD_LISTS = ["/usr/share/dict/american-english", "/usr/share/dict/british-english", "/usr/share/dict/ngerman",
              "/usr/share/dict/french", "/usr/share/dict/italian"]
WORD = re.compile(r"[^\W\d_]{3,}")


def letterbook(*args, **kwargs):
    return subprocess.run([str(ROOT / ".venv" / "bin" / "letterbook"), *map(str, args)], **kwargs)


def dictionary() -> set:
    words = set()
    for path in WORD_LISTS:
        if os.path.exists(path):
            with open(path, encoding="utf-8", errors="ignore") as handle:
                words.update(line.strip().lower() for line in handle if "'" not in line)
    return words


def probe_words(label: dict) -> set:
    values = [label["fields"].get(name) for name in PROBE_FIELDS]
    values += [label.get("probe", {}).get("phrase"), label.get("probe", {}).get("word")]
    return {w.lower() for v in values if isinstance(v, str) for w in WORD.findall(v)}


def held(text: str, words: set) -> int:
    present = set(w.lower() for w in WORD.findall(text))
    return len(words & present)


def dictionary_words(text: str, known: set) -> int:
    return sum(1 for w in WORD.findall(text) if w.lower() in known)


def plain_tesseract(path: Path, page: int) -> tuple:
    """(text, mean word confidence, seconds) of `tesseract FILE` on the original (a PDF page rendered)."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    with tempfile.TemporaryDirectory() as tmp:
        source = path
        if path.suffix.lower() == ".pdf":
            import pypdfium2
            pdf = pypdfium2.PdfDocument(str(path))
            source = Path(tmp) / "page.png"
            pdf[page - 1].render(scale=300 / 72).to_pil().save(source)
            pdf.close()
        started = time.perf_counter()
        tsv = subprocess.run(["tesseract", str(source), "-", "tsv"], capture_output=True, text=True, env=env).stdout
        seconds = time.perf_counter() - started
    words, confs, line_key, lines = [], [], None, []
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        key = tuple(cells[1:5])
        if key != line_key:
            lines.append([])
            line_key = key
        lines[-1].append(cells[11])
        confs.append(float(cells[10]))
    text = "\n".join(" ".join(line) for line in lines)
    return text, (statistics.mean(confs) if confs else 0.0), seconds


def pct(value) -> str:
    return "-" if value is None else f"{value * 100:.1f}%"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--keep", type=Path, help="keep the archive, export and scores in this folder")
    parser.add_argument("--no-tesseract", action="store_true", help="skip the plain-Tesseract comparison")
    args = parser.parse_args()
    if not (REAL / "labels.jsonl").exists():
        sys.exit(f"bench/real.py: no real letters at {REAL} (set LETTERBOOK_SHARED)")
    work = args.keep or Path(tempfile.mkdtemp(prefix="lb-real-"))
    work.mkdir(parents=True, exist_ok=True)
    archive = work / "archive"
    shutil.rmtree(archive, ignore_errors=True)
    started = time.perf_counter()
    letterbook("--archive", archive, "ingest", "-q", "-j", args.jobs, REAL / "files", check=False)
    seconds = time.perf_counter() - started
    pred = work / "pred.jsonl"
    with open(pred, "w") as out:
        letterbook("--archive", archive, "export", "--format", "jsonl", stdout=out, check=True)
    scored = work / "score.json"
    subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), "--truth", str(REAL / "labels.jsonl"),
                    "--pred", str(pred), "--json", str(scored)], check=True, capture_output=True)
    score = json.loads(scored.read_text())
    labels = [json.loads(line) for line in (REAL / "labels.jsonl").open()]
    kinds = sorted({label["kind"] for label in labels})

    print(f"letterbook on ../shared/real: {len(labels)} letters, ingested in {seconds:.1f} s\n")
    by_kind = {}
    for kind in kinds:  # score each kind on its own: score.py groups by format, not by kind
        subset = work / f"labels-{kind}.jsonl"
        subset.write_text("".join(json.dumps(label) + "\n" for label in labels if label["kind"] == kind))
        out = work / f"score-{kind}.json"
        subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), "--truth", str(subset),
                        "--pred", str(pred), "--json", str(out)], capture_output=True)
        by_kind[kind] = json.loads(out.read_text())
    header = ("field", "all") + tuple(f"{k} ({by_kind[k]['documents']})" for k in kinds)
    rows = [(name, pct(score["fields"][name]["accuracy"]),
             *(pct(by_kind[k]["fields"][name]["accuracy"]) for k in kinds)) for name in FIELDS]
    rows.append(("overall", pct(score["overall"]), *(pct(by_kind[k]["overall"]) for k in kinds)))
    rows.append(("filled fields", pct(score["filled"]), *(pct(by_kind[k]["filled"]) for k in kinds)))
    print_table("Field accuracy (score.py), overall and by kind:", header, rows)
    if args.no_tesseract:
        return

    known = dictionary()
    predicted = {}
    for line in pred.open():
        row = json.loads(line)
        predicted[row["source"] if isinstance(row["source"], str) else row["source"][0]] = row
    rows, worse, totals = [], [], [0, 0, 0, 0]
    for label in labels:
        if not label["kind"].startswith("scan"):
            continue
        row = predicted.get(label["file"])
        ours = row["text"] if row else ""
        shown = letterbook("--archive", archive, "show", row["id"], "--json", capture_output=True, text=True) \
            if row else None
        pages = json.loads(shown.stdout)["pages"] if shown and shown.returncode == 0 else []
        our_conf = statistics.mean([p["confidence"] for p in pages if p["confidence"] is not None] or [0])
        theirs, their_conf, their_seconds = [], [], 0.0
        for n in range(1, label.get("pages", 1) + 1):
            text, conf, spent = plain_tesseract(REAL / "files" / label["file"], n)
            theirs.append(text)
            their_conf.append(conf)
            their_seconds += spent
        theirs = "\n".join(theirs)
        probes = probe_words(label)
        cells = [held(ours, probes), held(theirs, probes), dictionary_words(ours, known),
                 dictionary_words(theirs, known)]
        for i, v in enumerate(cells):
            totals[i] += v
        flag = "WORSE" if cells[0] < cells[1] or cells[2] < cells[3] else ""
        if flag:
            worse.append(label["id"])
        rows.append((label["id"], f"{cells[0]}/{len(probes)}", cells[1], cells[2], cells[3],
                     f"{our_conf:.0f}", f"{statistics.mean(their_conf):.0f}", flag))
    rows.append(("total", totals[0], totals[1], totals[2], totals[3], "", "", f"{len(worse)} worse"))
    print()
    print_table("Scanned pages: letterbook's reading beside plain `tesseract FILE` on the original "
                "(probe words of the label held; dictionary words; mean word confidence):",
                ("letter", "probe words: letterbook", "tesseract", "dictionary words: letterbook", "tesseract",
                 "confidence: letterbook", "tesseract", ""), rows)
    finish(work, args.keep)


if __name__ == "__main__":
    main()
