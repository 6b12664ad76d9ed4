"""Rendering what letters and file names hold, safely: nothing they contain reaches the
terminal as a control sequence (letterbook.model.visible does the escaping), and JSON
output escapes what a terminal would act on as JSON escapes, so the value stays the same.
"""
from __future__ import annotations

import dataclasses
import json
import re

from letterbook.model import visible

# The text of a letter keeps its lines when shown; every other string is one line.
LAYOUT_KEYS = ("text",)
# C1 controls and bidi overrides pass through json.dumps(ensure_ascii=False) as they are
# (it escapes only C0): escaped here as \uXXXX, which decodes to the same string.
_JSON_UNSAFE = re.compile("[\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def for_terminal(value, raw: tuple = (), layout: bool = False):
    """A copy of value (a string, or dicts, lists, tuples and dataclasses of them) with every
    string made visible; the keys or attributes named in raw are left as they are (text
    already made safe, with letterbook's own bold marks in it)."""
    if isinstance(value, str):
        return visible(value, layout=layout)
    if isinstance(value, dict):
        return {key: item if key in raw else for_terminal(item, raw, key in LAYOUT_KEYS)
                for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(for_terminal(item, raw) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: for_terminal(getattr(value, f.name), raw, f.name in LAYOUT_KEYS)
                   for f in dataclasses.fields(value) if f.name not in raw and f.init}
        return dataclasses.replace(value, **changes)
    return value


def json_text(value, **options) -> str:
    """JSON as letterbook prints it: UTF-8 as it is, but nothing a terminal would act on."""
    text = json.dumps(value, ensure_ascii=False, **options)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)
