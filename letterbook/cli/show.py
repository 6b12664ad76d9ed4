"""`letterbook show`: one letter's fields with their evidence, files, pages, history and text,
or (--png) a page drawn with the evidence of its fields."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from letterbook.cli import _example, _open, cli
from letterbook.cli.render import for_terminal, json_text
from letterbook.model import FIELD_NAMES, visible


@cli.command(help="Show a letter: its fields with their evidence, its files and pages, and its text. "
             "Corrected fields are marked with *."
             + _example("letterbook show 3f2a9c1b7d0e --hits 'stop and search'\n    letterbook show 3f2a9c1b7d0e --png p1.png"))
@click.argument("letter_id")
@click.option("--json", "as_json", is_flag=True)
@click.option("--hits", "hits_query", help="Highlight the words of this query in the text.")
@click.option("--no-text", is_flag=True, help="Leave the text out.")
@click.option("--png", "png", type=click.Path(dir_okay=False, path_type=Path),
              help="Draw the page as letterbook prepared it, each field's evidence boxed and named on it "
                   "(and the mark taken as the signature), into this PNG file.")
@click.option("--page", "page_number", type=click.IntRange(1), default=1, show_default=True,
              help="The page --png draws.")
@click.pass_context
def show(ctx, letter_id, as_json, hits_query, no_text, png, page_number):
    from letterbook.app.library import describe
    from letterbook.app.replies import letter_links
    from letterbook.cli.replies import HOW, letter_line
    if png:
        with _open(ctx) as library:
            written = library.evidence_picture(letter_id, page_number, png)
        click.echo(f"page {page_number} of letter {letter_id} drawn with its evidence: {visible(str(written))}")
        return
    with _open(ctx) as library:
        record = library.record(letter_id)
        events = library.events(record.id)
        links = letter_links(library, record.id)
        if hits_query and not no_text and not as_json:  # a bad query is refused before anything is printed
            marked = library.mark(record.text, hits_query, bold=sys.stdout.isatty())
    if as_json:
        out = dict(describe(record, events), **links)
        click.echo(json_text(out, indent=2))
        return
    record, events = for_terminal(record), for_terminal(events)
    if hits_query and not no_text and not sys.stdout.isatty():  # bold marks were made safe as marked
        marked = visible(marked, layout=True)
    click.echo(f"Letter {record.id}" + ("  (REMOVED)" if record.removed else "") + f"  [{record.format}]")
    click.echo()
    for name in FIELD_NAMES:
        value = record.fields.get(name)
        if value in (None, [], ""):
            continue
        mark = "*" if name in record.corrections else " "
        shown = ", ".join(value) if isinstance(value, list) else ("yes" if value is True else value)
        click.echo(f" {mark}{name:16} {shown}")
        found = record.extracted.get(name)
        if mark == " " and found and found["evidence"]:
            ev = found["evidence"]
            where = f"p.{ev['page']}"
            if ev.get("box"):
                where += " box " + ",".join(f"{v:.0f}" for v in ev["box"])
            elif ev.get("span"):
                where += f" chars {ev['span'][0]}-{ev['span'][1]}"
            click.echo(f"  {'':16}   {where}, confidence {found['confidence']:.2f}: \"{ev['line']}\"")
    if record.corrections:
        click.echo("  (* corrected by hand)")
    for label, key in (("In reply to", "in_reply_to"), ("Answered by", "answered_by")):
        for n, other in enumerate(for_terminal(links[key])):
            click.echo(f"{label if n == 0 else '':13} {letter_line(other)}  ({HOW[other['how']]})")
    click.echo("\nFiles:")
    for s in record.sources:
        click.echo(f"  {s['name']}  {s['media_type']}  {s['size']} bytes  sha256 {s['sha256'][:16]}...  "
                   f"from {s['original_path']}")
    click.echo("Pages:")
    for p in record.pages:
        conf = f", OCR confidence {p['confidence']:.0f}%" if p["confidence"] is not None else ""
        click.echo(f"  {p['number']}: {p['method']}{conf}")
    signatures = [d["path"] for d in record.derivatives if d["kind"] == "signature"]
    if signatures:
        click.echo(f"Signature crop: {signatures[0]}")
    if events:
        click.echo("History:")
        for e in events:
            when = dt.datetime.fromtimestamp(e["at"]).strftime("%Y-%m-%d %H:%M")
            click.echo(f"  {when}  {e['kind']}  by {e['who']} (letterbook {e['version']})")
    if not no_text:
        text = marked if hits_query else record.text
        for n, page_text in enumerate(text.split("\f"), 1):
            click.echo(f"\n--- page {n} ---\n{page_text}")
