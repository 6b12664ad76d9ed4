"""Letters as correspondence: `letterbook export --format cmif` (its options and its run) and
`letterbook network`."""
from __future__ import annotations

import functools
import getpass
import sys
from pathlib import Path

import click

from letterbook.cli import Failure, _example, _open, cli
from letterbook.cli.render import json_text
from letterbook.model import visible


class BadOutput(Failure):
    """An output file letterbook cannot write in the form asked: one line, a usage error."""
    exit_code = 2


def _login() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in this environment (a container without a passwd entry)
        return "letterbook"


# --format cmif's options: what the TEI header says about the file. None: the default, worked
# out when the file is written (it depends on the archive and the output).
CMIF_OPTIONS = (
    click.option("--title", help="CMIF: the file's title (default: 'Letters of the archive NAME', NAME "
                                 "the archive folder's name)."),
    click.option("--editor", help="CMIF: the editor's name (default: your login name)."),
    click.option("--editor-email", envvar="EMAIL", show_envvar=True,
                 help="CMIF: the editor's email, which CMIF requires (default: $EMAIL, else LOGIN@localhost)."),
    click.option("--publisher", help="CMIF: the publisher (default: the editor)."),
    click.option("--url", help="CMIF: where the file is published, its idno and source (default: the output "
                               "file's file:// URL, or the archive's when written to stdout)."),
    click.option("--licence", help="CMIF: the licence's URL (default: CC-BY 4.0, "
                                   "https://creativecommons.org/licenses/by/4.0/)."),
    click.option("--letter-url", help="CMIF: a letter's URL, {id} standing for its letterbook id "
                                      "(default: urn:letterbook:{id})."),
)
CMIF_NAMES = ("title", "editor", "editor_email", "publisher", "url", "licence", "letter_url")


def cmif_options(command):
    """Adds --format cmif's options to `export`; they reach it together as cmif={name: value}."""
    @functools.wraps(command)
    def with_cmif(*args, **kwargs):
        return command(*args, cmif={name: kwargs.pop(name) for name in CMIF_NAMES}, **kwargs)
    for option in reversed(CMIF_OPTIONS):
        with_cmif = option(with_cmif)
    return with_cmif


def refuse_cmif_options(cmif: dict, fmt: str):
    given = [name for name, value in cmif.items() if value is not None and name != "editor_email"]
    if given:
        raise click.UsageError(f"--{given[0].replace('_', '-')} is for --format cmif, not {fmt}")


def export_cmif(ctx, output, cmif: dict):
    """`export --format cmif`: the TEI document to the file output, or stdout."""
    from letterbook.app.cmif import CC_BY_4, CmifHeader
    from letterbook.app.correspondence import export_cmif as write
    login = _login()
    with _open(ctx) as library:
        url = cmif["url"] or (Path(output) if output else library.root).resolve().as_uri()
        editor = cmif["editor"] or login
        header = CmifHeader(title=cmif["title"] or f"Letters of the archive {library.root.name}", editor=editor,
                            editor_email=cmif["editor_email"] or f"{login}@localhost",
                            publisher=cmif["publisher"] or editor, url=url, licence=cmif["licence"] or CC_BY_4,
                            letter_url=cmif["letter_url"] or "urn:letterbook:{id}")
        if output:
            count = write(library, header, path=output)
            click.echo(f"wrote {_count(count, 'letter')} as CMIF to {visible(str(output))}")
        else:
            sys.stdout.flush()
            write(library, header, stream=sys.stdout.buffer)


@cli.command(help="The correspondence network: persons and organisations as nodes (label, kind, letters sent "
             "and received), the letters from one to another as a directed edge weighted by their number, "
             "with the first and last date. Written as GraphML or GEXF 1.3 (by the file's suffix) for Gephi, "
             "networkx or Cytoscape. With a QUERY (search's syntax), only the letters it finds."
             + _example("letterbook network -o letters.gexf\n  letterbook network 'year:1926..1928' -o 1920s.graphml"))
@click.argument("query", nargs=-1)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The file: .graphml or .gexf.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_context
def network(ctx, query, output, as_json):
    from letterbook.app.archive_paths import LibraryError
    from letterbook.app.correspondence import export_network, network_format
    try:
        fmt = network_format(output)
    except LibraryError as err:
        raise BadOutput(str(err))
    with _open(ctx) as library:
        graph, fuzzy = export_network(library, output, " ".join(query) if query else None)
    summary = graph.summary()
    if as_json:
        click.echo(json_text({"file": str(output), "format": fmt, **summary, "fuzzy": fuzzy}))
        return
    if fuzzy:
        click.echo("No exact matches; the network holds the OCR-tolerant (fuzzy) matches.", err=True)
    click.echo(f"{visible(str(output))}: {_count(summary['letters'], 'letter')}, "
               f"{_count(summary['nodes'], 'node')} ({_count(summary['persons'], 'person')}, "
               f"{_count(summary['organisations'], 'organisation')}), {_count(summary['edges'], 'edge')}"
               + (f"; {summary['letters_without_edge']} without a known sender or addressee"
                  if summary["letters_without_edge"] else ""))


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"
