"""The package's layout is its design: imports point down only.

    cli -> app -> (ingest, archive, index) -> model

ingest never imports archive or index; archive and index never import each other; model
imports nothing of letterbook; nothing below the CLI imports click. Read from the source
of every module, so a lazy import inside a function counts as much as one at the top.
"""
import ast
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "letterbook"

# room -> the rooms it may import (besides itself and the package root, which holds __version__)
ALLOWED = {
    "model": set(),
    "ingest": {"model"},
    "archive": {"model"},
    "index": {"model"},
    "app": {"ingest", "archive", "index", "model"},
    "cli": {"app", "model"},
    "__main__": {"cli"},
}
MAX_LINES = 400


def room_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def module_name(path: Path, root: Path = ROOT) -> str:
    relative = path.relative_to(root).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, root: Path = ROOT) -> list:
    """(line, imported module) for every import in the file, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module
            found.append((node.lineno, name))
            if name == "letterbook":  # from letterbook import cli: the names are modules
                found += [(node.lineno, f"letterbook.{alias.name}") for alias in node.names
                          if alias.name != "__version__"]
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_point_down_only(path):
    here = room_of(module_name(path))
    if here == "":
        return  # letterbook/__init__.py: the version
    wrong = []
    for line, name in imports_of(path):
        if name.split(".")[0] == "click" and here != "cli":
            wrong.append(f"line {line}: click below the CLI")
        if not name.startswith("letterbook.") or name == "letterbook":
            continue
        target = room_of(name)
        if target != here and target not in ALLOWED[here]:
            wrong.append(f"line {line}: {here} -> {target} ({name})")
    assert not wrong, f"{path.relative_to(ROOT)}: " + "; ".join(wrong)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_modules_are_small_and_say_what_they_are_for(path):
    source = path.read_text(encoding="utf-8")
    lines = source.count("\n")
    assert lines <= MAX_LINES + 50, f"{path.relative_to(ROOT)} has {lines} lines"
    if lines > 10:
        assert ast.get_docstring(ast.parse(source)), f"{path.relative_to(ROOT)} has no docstring saying what it is for"


def test_the_rule_catches_a_wrong_arrow(tmp_path):
    """The checker itself: an index module importing the archive and ingest, lazily and relatively."""
    probe = tmp_path / "letterbook" / "index" / "probe.py"
    probe.parent.mkdir(parents=True)
    probe.write_text("def f():\n    from letterbook.archive import Archive\n    from ..ingest import ocr\n")
    found = [name for _, name in imports_of(probe, root=tmp_path)]
    assert found == ["letterbook.archive", "letterbook.ingest"]
    assert [room_of(name) in ALLOWED["index"] for name in found] == [False, False]
