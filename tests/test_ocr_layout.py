"""The OCR modules' boundaries: what each may import, so the layout keeps its design."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

INGEST = Path(__file__).resolve().parent.parent / "letterbook" / "ingest"
OCR_MODULES = ("image", "tesseract", "ocr", "marks")


def _imports(name: str) -> set:
    tree = ast.parse((INGEST / f"{name}.py").read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("name", OCR_MODULES)
def test_only_tesseract_py_runs_tesseract(name):
    engines = {"tesserocr", "pytesseract"} & {module.split(".")[0] for module in _imports(name)}
    assert engines == ({"tesserocr", "pytesseract"} if name == "tesseract" else set())


@pytest.mark.parametrize("name", OCR_MODULES)
def test_ocr_modules_use_only_the_model_and_ingest(name):
    ours = {module for module in _imports(name) if module.startswith("letterbook")}
    assert all(module == "letterbook.model" or module.startswith("letterbook.ingest.") for module in ours)
