"""The opening protocol of a letter in the medieval form: who writes to whom, in its first words.

Charters, mandates and papal letters (and their translations) name no addressee in an inside
address and sign with no typed name. Their first sentence does both:

    <sender>, <style>, to <addressee>, greeting ...       (intitulatio first)
    To <addressee>, <sender>, <style>, [sends] greeting   (inscriptio first)

This module finds that sentence and splits it into the sender (the letter's signatory), the
sender's office (its title) and the addressee. It reads structure only: where "to" stands, where
the greeting begins, which comma-separated part starts with a name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

# The protocol is short: past this many characters the first sentence is the body.
MAX_PROTOCOL_CHARS = 400
# Words with which the salutatio begins (of translations into English).
GREETING_WORDS = ("greeting", "greetings", "health", "salvation", "salutation", "blessing", "benediction")
# A sender's style before the office: "by the grace of God queen of Hungary" -> "queen of Hungary".
GRACE = re.compile(r"^(?:by\s+(?:the\s+same\s+grace|the\s+grace\s+of\s+god|god['’]s\s+grace|divine\s+(?:permission|"
                   r"mercy|grace)|the\s+mercy\s+of\s+god)[,]?\s+)(?:the\s+)?", re.IGNORECASE)
_GREETING = re.compile(r"(?:,\s*|\s+)(?:\[?sends?\]?\s+)?(?:" + "|".join(GREETING_WORDS) + r")\b", re.IGNORECASE)
# "to" before whom: a possessive or article, or a name ("to tell you" is a sentence, not a protocol)
_WHOM = r"(?:her|his|their|our|my|the|all|a|an|[A-Z])"
_TO = re.compile(r"(?:,\s*|\s+)to\s+(?=" + _WHOM + ")")
_OPENING_TO = re.compile(r"^to\s+", re.IGNORECASE)
_TRAILING = re.compile(r"[\s,;.]*(?:etc\.?)?[\s,;.]*$|(?:\s*\.){2,}\s*,?\s*$")
_NAME = re.compile(r"^(?:[A-Z][\w’'\-]*|[A-Z]\[[^\]]+\])$")


@dataclass
class Protocol:
    sender: str                 # "Margaret, countess of Flanders and Hainaut"
    addressee: str              # "her beloved bailiffs of Bruges and Ghent"
    office: Optional[str]       # "countess of Flanders and Hainaut"
    text: str                   # the sentence it was read from
    start: int                  # where that sentence starts in the text


def _tidy(value: str) -> str:
    value = _TRAILING.sub("", value.strip())
    return re.sub(r"\s+", " ", value).strip(" ,;")


def office_of(sender: str) -> Optional[str]:
    """The office in a sender's style: what follows the name, without 'by the grace of God'."""
    head, comma, rest = sender.partition(",")
    if not comma:
        words = sender.split()
        # "Ladislaus by the grace of God king of Hungary": the name is one word, the style follows
        rest = " ".join(words[1:]) if len(words) > 2 and GRACE.match(" ".join(words[1:])) else ""
    rest = GRACE.sub("", rest.strip())
    return _tidy(rest) or None


def _first_sentence(text: str) -> tuple:
    """(start, sentence): the text's first sentence or line, with its offset."""
    start = len(text) - len(text.lstrip())
    body = text[start:start + MAX_PROTOCOL_CHARS * 2]
    line_end = body.find("\n")
    first_line = body if line_end < 0 else body[:line_end]
    # a protocol alone on its line ("Bishop John to Empress Richild") ends there
    ends = [m.end() for m in re.finditer(r"(?<![A-Z])[.!?](?=\s+[A-Z]|\s*$)", first_line)]
    greeting = _GREETING.search(first_line[:MAX_PROTOCOL_CHARS])
    if greeting:  # the protocol runs to its greeting, across abbreviations ("St. Clare") and a sender's own stop
        after = [end for end in ends if end > greeting.end()]
        return start, first_line[:after[0]] if after else first_line
    sentence = first_line[:ends[0]] if ends else first_line
    return start, sentence


def _name_part(parts: list) -> Optional[int]:
    """The index of the last comma-separated part that starts with a personal name (a sender)."""
    for i in range(len(parts) - 1, 0, -1):
        words = parts[i].strip().split()
        if words and _NAME.match(words[0]) and words[0].lower() not in ("to", "the", "and", "by", "of"):
            return i
    return None


def read_protocol(text: str) -> Optional[Protocol]:
    """The sender and addressee named in the letter's first sentence, or None for another form."""
    start, sentence = _first_sentence(text)
    if not sentence or len(sentence) > MAX_PROTOCOL_CHARS:
        return None
    greeting = _GREETING.search(sentence)
    head = sentence[:greeting.start()] if greeting else sentence
    if _OPENING_TO.match(head):  # "To <addressee>, <sender>, <style>"
        parts = _OPENING_TO.sub("", head).split(",")
        at = _name_part(parts)
        if at is None:
            return None
        sender, addressee = ",".join(parts[at:]), ",".join(parts[:at])
    else:
        # "<sender> to <addressee>"; a sender may end its own sentence ("... of God.  To his ...")
        split = re.search(r"[.]\s+To\s+(?=" + _WHOM + ")", head) or _TO.search(head)
        if split is None or (greeting is None and not re.match(r"^\S.*\bto\b.*$", head)):
            return None
        sender, addressee = head[:split.start()], head[split.end():]
        if not greeting and len(addressee.split()) > 12:
            return None  # no greeting and a long tail: a sentence of the body, not a protocol
    sender, addressee = _tidy(sender), _tidy(addressee)
    if not sender or not addressee or not sender[0].isupper() or len(sender.split()) > 20:
        return None
    if not greeting and "\n" not in text[start:start + len(sentence) + 1] and len(sentence) > 80:
        return None
    return Protocol(sender=sender, addressee=addressee, office=office_of(sender), text=sentence.strip(),
                    start=start)
