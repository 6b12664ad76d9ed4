"""stats --by: the spread of an archive's letters as a small bar chart, or JSON."""
from __future__ import annotations

import sys

import click

from letterbook.cli.render import for_terminal, json_text

BAR_WIDTH = 40   # characters of the longest bar
BLOCK, PLAIN_BLOCK = "\u2588", "#"


def _block() -> str:
    """A full block where the terminal can show one, else '#'."""
    try:
        BLOCK.encode(sys.stdout.encoding or "ascii")
        return BLOCK
    except (UnicodeEncodeError, LookupError):
        return PLAIN_BLOCK


def bars(counts: list, missing: str) -> list:
    """Lines of a bar chart of [(value, count)]: value, count, a bar scaled to the largest."""
    labels = [missing if value is None else str(value) for value, _ in counts]
    most = max((n for _, n in counts), default=0)
    label_width = max(map(len, labels), default=0)
    count_width = len(str(most))
    block = _block()
    lines = []
    for label, (_, n) in zip(labels, counts):
        length = max(1, round(n * BAR_WIDTH / most)) if n else 0
        lines.append(f"{label:<{label_width}}  {n:>{count_width}}  {block * length}".rstrip())
    return lines


def show_spread(ctx, by: str, as_json: bool):
    from letterbook.app.spread import SPREADS, spread
    from letterbook.cli import _open
    with _open(ctx) as library:
        counts = spread(library, by)
    if as_json:
        click.echo(json_text({"by": by, "counts": [{"value": v, "letters": n} for v, n in counts]}))
        return
    total = sum(n for _, n in counts)
    click.echo(f"{total} letter{'s' if total != 1 else ''} by {by}")
    for line in bars(for_terminal(counts), SPREADS[by][1]):
        click.echo(line)
