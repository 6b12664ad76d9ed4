"""`letterbook people`: the persons of the archive, and the archivist's merges, splits and
authority file (letterbook.app.people)."""
from __future__ import annotations

from pathlib import Path

import click

from letterbook.cli import _example, _open, _say_waiting, cli
from letterbook.cli.render import for_terminal, json_text


@cli.command(help="List the persons and organisations the letters name (senders, addressees, copies), each "
             "with the variants it is printed as, how many letters it sent and received, and its first and "
             "last date. --merge and --split correct the grouping (kept through re-extraction, logged); "
             "--import links persons to an authority file (CSV with the columns name, variants separated "
             "by |, identifier)."
             + _example("letterbook people --json\n  letterbook people --merge 3 7\n"
                        "  letterbook people --split 3 'Herr Dr. Vischer'\n  letterbook people --import gnd.csv"))
@click.option("--json", "as_json", is_flag=True, help="One JSON object a person.")
@click.option("--merge", nargs=2, metavar="A B", default=None,
              help="Make persons A and B one (a number from the list, or a variant as printed).")
@click.option("--split", nargs=2, metavar="A VARIANT", default=None,
              help="Take VARIANT out of person A, to stand alone.")
@click.option("--import", "authority", type=click.Path(dir_okay=False, path_type=Path),
              help="Link persons to this authority file (CSV: name, variants, identifier).")
@click.pass_context
def people(ctx, as_json, merge, split, authority):
    from letterbook.app import people as app
    chosen = [name for name, value in (("--merge", merge), ("--split", split), ("--import", authority)) if value]
    if len(chosen) > 1:
        raise click.UsageError(f"give one of {', '.join(chosen)} at a time")
    with _open(ctx) as library:
        if merge:
            person, variants = app.merge(library, *merge, on_wait=_say_waiting)
            click.echo(f"merged into person {person}: " + "; ".join(for_terminal(variants)))
            return
        if split:
            person, variant = app.split(library, *split, on_wait=_say_waiting)
            click.echo(f"split {for_terminal(variant)!r} off as person {person}")
            return
        if authority:
            entries, linked = app.import_authority(library, authority, on_wait=_say_waiting)
            click.echo(f"read {entries} authority entr{'y' if entries == 1 else 'ies'}; "
                       f"{linked} person{'' if linked == 1 else 's'} linked")
            return
        found = app.people(library)
    if as_json:
        for person in found:
            click.echo(json_text(person))
        return
    if not found:
        click.echo("No persons found.")
        return
    for person in for_terminal(found):
        kind = " (organisation)" if person["is_org"] else ""
        click.echo(f"{person['id']:>4}  {person['name']}{kind}" + (f"  <{person['ref']}>" if person["ref"] else ""))
        span = person["first"] if person["first"] == person["last"] else f"{person['first']} to {person['last']}"
        click.echo(f"      sender {person['sender']}, addressee {person['addressee']}, copied {person['copied']}"
                   + (f"; {span}" if person["first"] else "; undated"))
        for variant in person["variants"]:
            click.echo(f"      = {variant}")
