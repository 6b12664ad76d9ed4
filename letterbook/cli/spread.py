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


def bars(rows: list) -> list:
    """Lines of a bar chart of [(label, count)]: label, count, a bar scaled to the largest."""
    most = max((n for _, n in rows), default=0)
    label_width = max((len(label) for label, _ in rows), default=0)
    count_width = len(str(most))
    block = _block()
    lines = []
    for label, n in rows:
        length = max(1, round(n * BAR_WIDTH / most)) if n else 0
        lines.append(f"{label:<{label_width}}  {n:>{count_width}}  {block * length}".rstrip())
    return lines


def show_spread(ctx, by: str, as_json: bool):
    from letterbook.app.spread import SPREADS, chart_rows, spread
    from letterbook.cli import _open
    with _open(ctx) as library:
        counts = spread(library, by)
    if as_json:
        click.echo(json_text({"by": by, "counts": [{"value": v, "letters": n} for v, n in counts]}))
        return
    way = SPREADS[by]
    values = sum(1 for value, _ in counts if value is not None)
    if way.shared:  # a letter counts once for each person it names: the rows do not add up
        click.echo(f"{values} {by}{'s' if values != 1 else ''} named in the letters")
    else:
        total = sum(n for _, n in counts)
        click.echo(f"{total} letter{'s' if total != 1 else ''} by {by}")
    rows = chart_rows(by, for_terminal(counts))
    for line in bars(rows):
        click.echo(line)
    shown = sum(1 for label, _ in rows if label != way.missing)
    if way.following is None and values > shown:
        click.echo(f"... and {values - shown} more (--json lists them all)")
