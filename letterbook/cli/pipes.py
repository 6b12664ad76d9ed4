"""Output whose reader went away (`letterbook search ... | head`): not an error.

Python ignores SIGPIPE, so a write to a closed pipe raises BrokenPipeError. From then on
the stream is pointed at /dev/null: the command finishes its work (an ingest keeps
archiving), and Python's own flush at exit has nowhere to fail ("Exception ignored ...").
"""
from __future__ import annotations

import os
import sys

import click


def reader_gone(stream=None) -> None:
    """Send what is still to be written to stream (stdout by default) to /dev/null."""
    stream = stream or sys.stdout
    try:
        fd = stream.fileno()
    except (OSError, ValueError, AttributeError):
        return  # not a real file (a test's buffer): nothing to redirect
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


def echo(text="", err=False, nl=True) -> None:
    """click.echo that outlives its reader: a closed pipe silences the stream, nothing more."""
    try:
        click.echo(text, err=err, nl=nl)
    except BrokenPipeError:
        reader_gone(sys.stderr if err else sys.stdout)
