"""What an ingest run tells its user: a progress bar on a terminal, one line per letter or problem."""
from __future__ import annotations

import sys
import time

import click

from letterbook.cli.pipes import echo
from letterbook.model import visible

LINK_SKIPPED = "symbolic link to"  # how discover.walk says why it left a link alone


class Progress:
    """Progress on a terminal (files, pages, rate, time left); one line per problem always."""

    def __init__(self, quiet: bool, verbose: bool):
        self.quiet, self.verbose = quiet, verbose
        self.bar = None
        self.pages = 0
        self.started = time.perf_counter()

    def start(self, total):
        if sys.stderr.isatty() and not self.quiet and total:
            self.bar = click.progressbar(length=total, label="Ingesting", file=sys.stderr, show_pos=True,
                                         show_eta=True, item_show_func=self._status)
            self.bar.__enter__()

    def _status(self, _):
        minutes = (time.perf_counter() - self.started) / 60
        return f"{self.pages} pages, {self.pages / minutes if minutes else 0:.0f} pages/min"

    def _say(self, text, err=True):
        if self.bar:
            echo("\r\x1b[K", nl=False, err=True)
        echo(text, err=err)  # a reader that goes away (| head) never stops the archiving

    def archived(self, letter_id, reading, replaced):
        if self.verbose:
            names = visible(", ".join(s.name for s in reading.sources))
            self._say(f"{'re-read' if replaced else 'archived'} {letter_id}  {names}  "
                      f"({len(reading.pages)} page{'s' if len(reading.pages) != 1 else ''})", err=False)

    def already(self, label, letter_id):
        if not self.quiet:
            self._say(f"already archived: {visible(label)} (letter {letter_id})")

    def restored(self, label, letter_id):
        self._say(f"restored original: {visible(label)} (letter {letter_id}; the archived copy was missing "
                  "or altered)")

    def skipped(self, path, reason):
        if self.verbose:
            self._say(f"skipped: {visible(path)}: {visible(reason)}")

    def notice(self, text):
        self._say(f"letterbook: {text}")

    def failed(self, path, reason):
        self._say(f"letterbook: error: {visible(path)}: {visible(reason)}")

    def waiting_for_lock(self, holder):
        self._say(f"waiting for another letterbook process to finish writing this archive ({visible(holder)})")

    def advance(self, pages):
        self.pages += pages
        if self.bar:
            self.bar.update(1)

    def finish(self, summary):
        if self.bar:
            self.bar.__exit__(None, None, None)


def summary_line(summary, verbose=False) -> str:
    """The line an ingest ends with."""
    parts = [f"{summary.archived} archived"]
    if summary.reextracted:
        parts.append(f"{summary.reextracted} re-read")
    parts += [f"{summary.already} already there", f"{len(summary.failed)} failed"]
    links = [reason for _, reason in summary.skipped if reason.startswith(LINK_SKIPPED)]
    strays = len(summary.skipped) - len(links)
    if strays:
        parts.append(f"{strays} skipped: not letters")
    if links:
        parts.append(f"{len(links)} skipped (links out of what was given)")
    if summary.skipped and not verbose:
        parts[-1] += " (-v lists them)"
    if summary.restored:
        parts.append(f"{summary.restored} original{'s' if summary.restored != 1 else ''} restored")
    return f"{', '.join(parts)} ({summary.pages} pages in {summary.seconds:.1f} s)"


def interrupted_line(summary) -> str:
    return (f"interrupted: {summary.archived + summary.reextracted} archived, {summary.not_read} not yet read; "
            "run the same command again to go on")


def exit_status(summary) -> int:
    """128 + the signal when interrupted (130 Ctrl-C, 143 SIGTERM); 1 when anything failed."""
    if summary.interrupted:
        return 128 + summary.interrupted
    return 1 if summary.failed or summary.index_error else 0
