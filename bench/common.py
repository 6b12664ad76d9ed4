"""What the benchmarks share: where ../shared is, the generator's own venv, a table printer."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("LETTERBOOK_SHARED", ROOT.parent / "shared"))


def generator_python() -> str:
    venv = Path(os.environ.get("LETTERBOOK_GEN_VENV", Path(tempfile.gettempdir()) / "lb-genvenv"))
    python = venv / "bin" / "python"
    probe = [str(python), "-c", "import fpdf, faker, PIL"]
    if not python.exists() or subprocess.run(probe, capture_output=True).returncode:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "-r", str(SHARED / "corpus" / "requirements.txt")],
                       check=True)
    return str(python)


def print_table(title: str, header: tuple, rows: list) -> None:
    print(title + "\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(str(cell) for cell in row) + " |")


def finish(work: Path, keep) -> None:
    """Remove a benchmark's work folder, or say where it was kept."""
    if keep:
        print(f"\nkept in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
