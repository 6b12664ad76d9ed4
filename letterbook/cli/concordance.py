"""search --kwic: a concordance, one line per place a query matches, its contexts aligned."""
from __future__ import annotations

import sys

import click

from letterbook.cli.render import for_terminal, json_text


def kwic(ctx, text, *, limit, offset, sort, fuzzy, since, until, as_json, count_only):
    from letterbook.app.concordance import concordance
    from letterbook.app.library import day_bound
    from letterbook.cli import _open
    since_day, until_day = day_bound(since), day_bound(until, upper=True)
    with _open(ctx) as library:
        places, letters = concordance(library, text, sort=None if sort == "relevance" else sort, fuzzy=fuzzy,
                                      since=since_day, until=until_day)
    if count_only:
        click.echo(len(places))
        return
    shown = places[offset:offset + limit]
    if as_json:
        for place in shown:
            click.echo(json_text(place.as_json()))
        return
    if not places:
        click.echo("No matches found.")
        return
    click.echo(f"{len(places)} match{'es' if len(places) != 1 else ''} in {letters} "
               f"letter{'s' if letters != 1 else ''}"
               + (f", showing {offset + 1}-{offset + len(shown)}" if shown and len(shown) < len(places) else "")
               + ".")
    shown = for_terminal(shown)
    width = max((len(p.match) for p in shown), default=0)
    left_width = max((len(p.left) for p in shown), default=0)
    page_width = max((len(f"p.{p.page}") for p in shown), default=0)
    bold = sys.stdout.isatty()
    for p in shown:
        match = click.style(p.match, bold=True) + " " * (width - len(p.match)) if bold else p.match.ljust(width)
        page = f"p.{p.page}"
        line = f"{p.id}  {p.date or 'undated':10}  {page:<{page_width}}  {p.left.rjust(left_width)}  {match}  {p.right}"
        click.echo(line.rstrip())
