"""The letterbook command line: arguments in, rendering out.

Heavy libraries (OCR, PDF, the index engine) are imported inside the commands that
need them, so that `letterbook --help` and a search start quickly.
"""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import click

from letterbook import __version__
from letterbook.app.spread import SPREADS
from letterbook.cli.render import for_terminal, json_text
from letterbook.model import FIELD_KINDS, visible



class Failure(click.ClickException):
    """An error for the user: one line, exit status 1."""
    exit_code = 1

    def show(self, file=None):
        for line in self.format_message().splitlines():  # one line per problem
            click.echo(f"letterbook: error: {visible(line)}", err=True)


class BadQuery(Failure):
    """A query letterbook cannot read: one line saying where, exit status 2 (a usage error)."""
    exit_code = 2


def _example(text: str) -> str:
    return "\n\n\b\nExample:\n  " + text


class _Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except BrokenPipeError:  # the reader went away (| head): not an error
            from letterbook.cli.pipes import reader_gone
            reader_gone()
            ctx.exit(0)
        except KeyboardInterrupt:
            click.echo("letterbook: interrupted; what was archived is kept, re-run to finish", err=True)
            sys.exit(130)
        except Exception as err:  # never a traceback for the user, unless asked for
            library = sys.modules.get("letterbook.app.library")
            if library and isinstance(err, library.QueryError):
                raise BadQuery(str(err))
            if library and isinstance(err, library.BadSetting):
                raise click.BadParameter(str(err))
            if library and isinstance(err, library.LibraryError):
                raise Failure(str(err))
            if ctx.obj and ctx.obj.get("debug"):
                raise
            raise Failure(f"{type(err).__name__}: {err} (run with --debug for details)")


@click.group(cls=_Group, help="letterbook: an archive for scanned letters. Keeps every original, reads "
             "the text (OCR or the PDF text layer), parses the letter and indexes it for search."
             + _example("letterbook --archive ~/letters ingest ./post/"))
@click.option("--archive", "archive_dir", type=click.Path(file_okay=False, path_type=Path),
              envvar="LETTERBOOK_ARCHIVE", show_envvar=True,
              help="Archive directory (default: $XDG_DATA_HOME/letterbook, i.e. ~/.local/share/letterbook).")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.version_option(__version__, prog_name="letterbook")
@click.pass_context
def cli(ctx, archive_dir, debug):
    ctx.ensure_object(dict)
    ctx.obj["archive_dir"] = archive_dir
    ctx.obj["debug"] = debug


def _open(ctx, create=False, ingesting=()):
    """The archive with its index kept in line (letterbook.app.library)."""
    from letterbook.app.library import Library
    return Library(ctx.obj.get("archive_dir"), create=create, ingesting=ingesting,
                   notify=lambda text: click.echo(f"letterbook: {text}", err=True))


def _say_waiting(holder):
    click.echo(f"waiting for {holder} to finish writing", err=True)


# ------------------------------------------------------------------ ingest

@cli.command(help="Archive letters: files or folders (searched recursively). Files are recognised by their "
             "content: PDFs, images (PNG, JPEG, TIFF, GIF, BMP, WebP) and plain-text transcripts. Page images "
             "named as a series (name-p1.png, name-p2.png, name_001.tif) become one letter. Exit status: 0 all "
             "archived, 1 some files failed, 2 usage error."
             + _example("letterbook ingest --lang eng+deu ./scans/ letter.pdf"))
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--lang", default="eng", show_default=True,
              help="Tesseract languages, e.g. eng+deu; auto: each page read again in the language its words "
                   "show (German, French, Italian) when it is not English.")
@click.option("--ocr", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="auto: OCR only pages without a real text layer.")
@click.option("--one-letter", is_flag=True, help="All the given files are pages of one letter.")
@click.option("--reextract", is_flag=True, help="Read again letters already archived (corrections are kept).")
@click.option("-j", "--jobs", type=click.IntRange(1, 256), default=None,
              help="Worker processes (default: the number of cores).")
@click.option("--date-order", type=click.Choice(["DMY", "MDY"]), default=None,
              help="Order of numeric dates (default: day first unless the letter is American in style).")
@click.option("--password", default=None, help="Password for encrypted PDFs.")
@click.option("--max-pages", type=click.IntRange(1), default=500, show_default=True,
              help="Refuse files with more pages than this.")
@click.option("--max-bytes", default="512M", show_default=True,
              help="Refuse larger files (e.g. 200M, 2G); transcripts are refused over 10 MB.")
@click.option("--dask-scheduler", metavar="tcp://HOST:PORT", default=None,
              help="Read letters on this Dask cluster instead of local worker processes.")
@click.option("--ocr-timeout", type=click.FloatRange(min=0, min_open=True), default=180, show_default=True,
              help="Seconds Tesseract may spend on one page before the file fails.")
@click.option("-q", "--quiet", is_flag=True, help="Only errors and the summary.")
@click.option("-v", "--verbose", is_flag=True, help="A line for every letter archived.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--follow-links", is_flag=True, help="Follow symbolic links wherever they lead (by default only "
              "links to something inside the files and folders given are followed).")
@click.pass_context
def ingest(ctx, paths, lang, ocr, one_letter, reextract, jobs, date_order, password, max_pages, max_bytes,
           dask_scheduler, ocr_timeout, quiet, verbose, as_json, follow_links):
    from letterbook.app.ingest_run import parse_size
    from letterbook.cli.pipes import echo
    from letterbook.cli.progress import Progress, exit_status, interrupted_line, summary_line
    from letterbook.model import ReadOptions
    try:
        max_bytes = parse_size(max_bytes)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--max-bytes")
    _check_languages(lang)
    with _open(ctx, create=True, ingesting=paths) as library:
        run = library.ingest_run(ReadOptions(lang=lang, ocr=ocr, password=password, max_pages=max_pages,
                                             ocr_timeout=ocr_timeout, date_order=date_order, max_bytes=max_bytes),
                                 jobs=jobs, reextract=reextract, one_letter=one_letter,
                                 reporter=Progress(quiet, verbose), debug=ctx.obj["debug"],
                                 dask_scheduler=dask_scheduler, follow_links=follow_links)
        summary = run.run(paths)
    echo(json.dumps(summary.as_json()) if as_json else summary_line(summary, verbose))
    if summary.interrupted:
        echo(interrupted_line(summary), err=True)
    ctx.exit(exit_status(summary))


def _check_languages(lang):
    """Refuse unknown Tesseract languages up front, with how to install them."""
    from letterbook.app.ingest_run import missing_languages
    missing, have = missing_languages(lang)
    if missing:
        raise click.UsageError(f"Tesseract has no language data for {', '.join(missing)} (installed: "
                               f"{', '.join(have)}); on Debian: apt-get install "
                               + " ".join(f"tesseract-ocr-{m}" for m in missing))


# ------------------------------------------------------------------ search

@cli.command(help="Search the archive. Whoosh syntax (AND, OR, NOT, \"phrases\"~2, wild*) plus fields: ref:, "
             "date:2026-03, date:[2026-01-01 TO 2026-03-31], year:1926..1928, from:, to:, org:, subject:, "
             "signed:yes|no, format:, person: (sender, addressee or copied, by any variant), place:. "
             "A query that finds nothing is retried with OCR-tolerant matching."
             + _example("letterbook search '\"stop and search\" from:khan' --since 2026-01 --json"))
@click.argument("query", nargs=-1, required=True)
@click.option("--limit", type=click.IntRange(0), default=10, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0)
@click.option("--sort", type=click.Choice(["relevance", "date", "-date", "left", "right"]), default="relevance",
              show_default=True, help="left, right: a concordance's lines by the words before or after the match.")
@click.option("--kwic", is_flag=True, help="A concordance: a line for each place the query matches in the text, "
              "with the words around it aligned, the letter's id, date and page.")
@click.option("--fuzzy", is_flag=True, help="Match words within an edit distance that grows with their length.")
@click.option("--since", help="Only letters dated on or after (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", help="Only letters dated on or before.")
@click.option("--facet", "facets", multiple=True,
              type=click.Choice(["year", "from", "to", "org", "person", "place"]),
              help="Count the hits per value (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines, one object per hit.")
@click.option("--count", "count_only", is_flag=True, help="Print only the number of hits.")
@click.pass_context
def search(ctx, query, limit, offset, sort, fuzzy, since, until, facets, as_json, count_only, kwic):
    text = " ".join(query)
    if kwic and facets:
        raise click.UsageError("--facet counts letters, not a concordance's lines: leave out --kwic or --facet")
    if kwic:
        return _concordance.kwic(ctx, text, limit=limit, offset=offset, sort=sort, fuzzy=fuzzy, since=since,
                                 until=until, as_json=as_json, count_only=count_only)
    if sort in ("left", "right"):
        raise click.UsageError(f"--sort {sort} orders a concordance's lines: add --kwic")
    from letterbook.app.library import day_bound
    since_day, until_day = day_bound(since), day_bound(until, upper=True)
    with _open(ctx) as library:
        results = library.search(text, limit=limit, offset=offset, sort=None if sort == "relevance" else sort,
                                 fuzzy=fuzzy, since=since_day, until=until_day, facets=facets,
                                 bold=sys.stdout.isatty() and not as_json, count_only=count_only)
    if count_only:
        click.echo(results.total)
        return
    if as_json:
        for hit in results.hits:
            click.echo(json_text(hit.as_json(fuzzy=results.fuzzy)))
        for name, counts in results.facets.items():
            click.echo(json_text({"facet": name, "counts": {str(k): v for k, v in counts}}))
        return
    # bold snippets were made safe as they were marked
    results = for_terminal(results, raw=("snippet",) if sys.stdout.isatty() else ())
    if results.fuzzy:
        click.echo("No exact matches; showing OCR-tolerant (fuzzy) matches.", err=True)
    if not results.total:
        click.echo("No letters found." + (f" Did you mean: {results.suggestion}" if results.suggestion else ""))
        return
    shown = len(results.hits)
    if not shown:  # past the last letter, or --limit 0: never "showing 1-0"
        where = "listed with --limit 0" if not limit else f"on page {offset // limit + 1:,}" \
            if offset % limit == 0 else f"from number {offset + 1:,} on"
        click.echo(f"No letters {where} ({results.total} letter{'s' if results.total != 1 else ''} found).")
        return
    click.echo(f"{results.total} letter{'s' if results.total != 1 else ''} found"
               + (f", showing {offset + 1}-{offset + shown}" if shown < results.total else "") + ".")
    for hit in results.hits:
        click.echo()
        head = [click.style(hit.id, bold=True) if sys.stdout.isatty() else hit.id, hit.date or "undated"]
        for label, value in (("from", hit.sender), ("to", hit.addressee), ("ref", hit.ref)):
            if value:
                head.append(f"{label}: {value}")
        click.echo("  ".join(head))
        if hit.subject:
            click.echo(f"    subject: {hit.subject}")
        if hit.snippet:
            warn = f" (OCR confidence {hit.page_confidence:.0f}%: the text may be wrong)" \
                if hit.page_confidence is not None and hit.page_confidence < 75 else ""
            click.echo(f"    p.{hit.page}{warn}: {hit.snippet}")
    for name, counts in results.facets.items():
        click.echo(f"\n{name}:")
        for value, n in counts[:20]:
            click.echo(f"  {n:6d}  {value}")


@cli.command(help="Letters like this one (by the words of their text)." + _example("letterbook similar 3f2a9c1b7d0e"))
@click.argument("letter_id")
@click.option("--limit", type=click.IntRange(1), default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def similar(ctx, letter_id, limit, as_json):
    with _open(ctx) as library:
        hits = library.similar(letter_id, limit)
    for hit in hits if as_json else for_terminal(hits):
        if as_json:
            row = hit.as_json()
            click.echo(json_text({k: row[k] for k in ("id", "score", "date", "from", "to", "ref")}))
        else:
            click.echo(f"{hit.id}  {hit.date or 'undated'}  from: {hit.sender or '-'}  to: {hit.addressee or '-'}")


# ------------------------------------------------------------------ show, edit, remove

@cli.command(help="Correct a letter's fields by hand. Corrections win over what was read, survive "
             "ingest --reextract and reindex, and are logged (who, when, old, new). List fields take "
             "values separated by ';'." + _example("letterbook edit 3f2a9c1b7d0e --set date=2026-03-05 "
                                                     "--set addressee='Alex Wilson AM' --unset subject"))
@click.argument("letter_id")
@click.option("--set", "settings", multiple=True, metavar="FIELD=VALUE")
@click.option("--unset", "unsets", multiple=True, metavar="FIELD")
@click.option("--reply-to", "replies_to", multiple=True, metavar="OTHER", help="This letter answers letter OTHER.")
@click.option("--not-reply-to", "not_replies_to", multiple=True, metavar="OTHER",
              help="This letter does not answer letter OTHER.")
@click.pass_context
def edit(ctx, letter_id, settings, unsets, replies_to, not_replies_to):
    from letterbook.app.library import parse_setting
    changes = {}
    for item in settings:
        name, sep, raw = item.partition("=")
        if not sep:
            raise click.BadParameter(f"{item!r} is not FIELD=VALUE", param_hint="--set")
        changes[name.strip()] = parse_setting(name.strip(), raw)
    for name in unsets:
        if name not in FIELD_KINDS:  # refused with the fields there are; a known one needs no value
            parse_setting(name, "")
        changes[name] = None
    if not changes and not replies_to and not not_replies_to:
        raise click.UsageError("nothing to change: give --set FIELD=VALUE, --unset FIELD, --reply-to OTHER "
                               "or --not-reply-to OTHER")
    with _open(ctx) as library:
        letter = library.record(letter_id).id
        done = library.correct(letter, changes, on_wait=_say_waiting)[1] if changes else {}
        linked = _replies.edit_links(library, letter, replies_to, not_replies_to, _say_waiting)
    for name, (old, new) in done.items():
        click.echo(f"{letter}: {name}: {old!r} -> {new!r}")
    for line in linked:
        click.echo(line)


@cli.command(help="Remove a letter from search and export. Its original and history stay (a tombstone in the "
             "log) unless --purge, which deletes its files too." + _example("letterbook remove 3f2a9c1b7d0e"))
@click.argument("letter_id")
@click.option("--purge", is_flag=True, help="Also delete the original and derivatives from disk.")
@click.pass_context
def remove(ctx, letter_id, purge):
    with _open(ctx) as library:
        letter = library.remove(letter_id, purge=purge)
    click.echo(f"removed {letter}" + (" and purged its files" if purge else " (original kept)"))


# ------------------------------------------------------------------ export, reindex, stats, verify

from letterbook.cli.correspondence import cmif_options, export_cmif, refuse_cmif_options  # noqa: E402 (and `network`)


@cli.command(help="Export every letter's fields and text: jsonl (one JSON object a line) or csv, to a file or "
             "stdout; or a BagIt bag (originals, text, JSON and Dublin Core metadata, sha256 and sha512 "
             "manifests) in a new folder, which 'letterbook ingest BAG' restores; or cmif: the letters' "
             "correspondents, places and dates as one TEI document (CMIF v1, for correspSearch)."
             + _example("letterbook export --format jsonl -o letters.jsonl\n  letterbook export --format bagit /media/backup/letters-bag"
                        "\n  letterbook export --format cmif --editor 'Anna Muster' --editor-email anna@example.org -o letters.xml"))
@click.argument("destination", required=False, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "bagit", "cmif"]), default="jsonl", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File or, for bagit, folder (default: stdout).")
@click.option("--organisation", help="Source-Organization for a bag's bag-info.txt.")
@cmif_options
@click.pass_context
def export(ctx, destination, fmt, output, organisation, cmif):
    output = output or destination
    if fmt == "cmif":
        return export_cmif(ctx, output, cmif)
    refuse_cmif_options(cmif, fmt)
    if fmt == "bagit" and output is None:
        raise click.UsageError("a bag needs a folder: letterbook export --format bagit FOLDER")
    with _open(ctx) as library:
        if fmt == "bagit":
            count = library.export_bag(output, organisation)
            click.echo(f"bagged {count} letters in {output}")
        elif output:
            library.export_to_file(fmt, output)
        else:
            library.export(fmt, sys.stdout)


@cli.command(help="Rebuild the search index from the catalog alone." + _example("letterbook reindex"))
@click.pass_context
def reindex(ctx):
    started = time.perf_counter()
    with _open(ctx) as library:
        count = library.reindex(on_wait=_say_waiting)
    click.echo(f"indexed {count} letters in {time.perf_counter() - started:.1f} s")


@cli.command(help="Counts: letters, pages, formats, how text was read, corrections; or, with --by, how the letters "
             "spread over the years or months, the persons they name or the places they were written in, "
             "as a bar chart." + _example("letterbook stats --json\n  letterbook stats --by year\n"
                                          "  letterbook stats --by person"))
@click.option("--json", "as_json", is_flag=True)
@click.option("--by", type=click.Choice(list(SPREADS)),
              help="Count the letters per year, month, person or place, as a bar chart.")
@click.pass_context
def stats(ctx, as_json, by):
    if by:
        return _spread.show_spread(ctx, by, as_json)
    with _open(ctx) as library:
        figures = for_terminal(library.stats())
    if as_json:
        click.echo(json.dumps(figures))
        return
    click.echo(f"archive      {figures['archive']}")
    click.echo(f"letters      {figures['letters']} ({figures['removed']} removed)")
    click.echo(f"pages        {figures['pages']}  " + ", ".join(f"{k}: {v}" for k, v in figures["page_methods"].items()))
    click.echo("formats      " + ", ".join(f"{k}: {v}" for k, v in figures["formats"].items()))
    click.echo(f"originals    {figures['originals']} files, {figures['original_bytes'] / 1e6:.1f} MB")
    if figures["mean_ocr_confidence"] is not None:
        click.echo(f"OCR          mean word confidence {figures['mean_ocr_confidence']}%")
    click.echo(f"dated        {figures['dated']} letters")
    click.echo(f"corrections  {figures['corrections']}")


@cli.command(help="Fixity check: re-hash every original and derivative, report each missing or altered file "
             "(exit 1) and record the check in the log." + _example("letterbook verify"))
@click.pass_context
def verify(ctx):
    with _open(ctx) as library:
        problems = library.verify()
    for path, problem in problems:
        click.echo(f"letterbook: error: {visible(path)}: {problem}", err=True)
    click.echo(f"fixity: {len(problems)} problem{'s' if len(problems) != 1 else ''}")
    ctx.exit(1 if problems else 0)


@cli.command(help="Check the archive: the catalog's integrity, that every original is in place, and that the "
             "search index matches the catalog. --repair rebuilds the index (the originals are never changed; "
             "'letterbook verify' re-hashes them)." + _example("letterbook check --repair"))
@click.option("--repair", is_flag=True, help="Rebuild the search index from the catalog if it is out of line.")
@click.pass_context
def check(ctx, repair):
    with _open(ctx) as library:
        problems, repaired = library.check(repair, on_wait=_say_waiting)
    if repaired:
        click.echo(f"repaired: {repaired}")
    for problem in problems:
        click.echo(f"letterbook: error: {visible(problem)}", err=True)
    click.echo("check: " + ("ok" if not problems else f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"))
    ctx.exit(1 if problems else 0)

from letterbook.cli import show as _show  # noqa: E402,F401  (registers `show`; it needs cli above)
from letterbook.cli import replies as _replies  # noqa: E402  (registers `thread`; edit's --reply-to)
from letterbook.cli import concordance as _concordance  # noqa: E402  (search --kwic)
from letterbook.cli import spread as _spread  # noqa: E402  (stats --by)
from letterbook.cli import people as _people  # noqa: E402,F401  (registers `people`)


def main():
    try:
        cli(prog_name="letterbook")
    except BrokenPipeError:  # the reader went away (| head): not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)


if __name__ == "__main__":
    main()

