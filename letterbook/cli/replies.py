"""`letterbook thread`: an exchange of letters, each answering another, in date order."""
from __future__ import annotations

import click

from letterbook.cli import _example, _open, cli
from letterbook.cli.render import for_terminal, json_text


def letter_line(letter: dict) -> str:
    """One letter of a reply list: id, date, from, to, subject."""
    parts = [letter["id"], letter["date"] or "undated"]
    for label in ("from", "to"):
        if letter.get(label):
            parts.append(f"{label}: {letter[label]}")
    if letter.get("subject"):
        parts.append(f"subject: {letter['subject']}")
    return "  ".join(parts)


HOW = {"ref": "by reference", "letter": "by 'your letter of'", "hand": "linked by hand"}


@cli.command(help="The exchange a letter belongs to: every letter linked to it by replies (one answering "
             "another by its reference, or by 'your letter of' a date from the one it writes to), in date "
             "order. 'edit ID --reply-to OTHER' and '--not-reply-to OTHER' correct the links."
             + _example("letterbook thread 3f2a9c1b7d0e --json"))
@click.argument("letter_id")
@click.option("--json", "as_json", is_flag=True, help="One JSON object: the letter's id and the thread's letters.")
@click.pass_context
def thread(ctx, letter_id, as_json):
    from letterbook.app.replies import THREAD_MAX, letter_thread
    with _open(ctx) as library:
        letter = library.record(letter_id).id
        letters = letter_thread(library, letter)
    if len(letters) >= THREAD_MAX:
        click.echo(f"letterbook: the thread is followed through {THREAD_MAX} letters only", err=True)
    if as_json:
        click.echo(json_text({"id": letter, "letters": letters}))
        return
    letters = for_terminal(letters)
    click.echo(f"{len(letters)} letter{'s' if len(letters) != 1 else ''} in the thread of {letter}:")
    for row in letters:
        click.echo(("> " if row["id"] == letter else "  ") + letter_line(row))
        for answered in row["in_reply_to"]:
            click.echo(f"      in reply to {answered}")


def edit_links(library, letter: str, replies_to, not_replies_to, on_wait) -> list:
    """edit --reply-to / --not-reply-to: a line for each link set, as edit reports a field."""
    from letterbook.app.replies import link_by_hand
    lines = []
    for others, linked in ((replies_to, True), (not_replies_to, False)):
        for other in others:
            _, _, old, new = link_by_hand(library, letter, other, linked, on_wait=on_wait)
            lines.append(f"{letter}: in_reply_to: {old!r} -> {new!r}")
    return lines
