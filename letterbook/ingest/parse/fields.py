"""A field as the parser reports it: its value, how sure the reading is, and the line it came from.

Values that OCR read get the OCR repairs for their kind (letterbook/ingest/repairs.py); a text
layer or a transcript gives what was typed and is kept as it is. A line OCR read with low
confidence makes the field less sure.
"""
from __future__ import annotations

from letterbook.ingest import repairs
from letterbook.model import Field, Line

# the repairs for each kind of field; fields not named here (references, dates) get none
_REPAIRS = {
    "addressee": repairs.repair_name, "signatory": repairs.repair_name, "signatories": repairs.repair_name,
    "salutation": repairs.repair_name, "signatory_title": repairs.repair_title,
    "sender_org": repairs.repair_organisation, "addressee_org": repairs.repair_organisation,
    "subject": repairs.repair_value, "cc": repairs.repair_value, "enclosures": repairs.repair_value,
}


def clean_value(text: str) -> str:
    """A value as printed, without the rules and bars at its ends."""
    return text.strip().strip("|_~•*").strip()


def line_trust(line: Line) -> float:
    """How far a line's OCR confidence lets us trust what was read from it."""
    if line is None or line.conf is None:
        return 1.0
    return max(0.3, min(1.0, line.conf / 90))


def make_field(name: str, value, confidence: float, line: Line = None):
    """The Field, or None when there is no value."""
    if value in (None, "", []):
        return None
    if line is not None and line.conf is not None and name in _REPAIRS:
        repair = _REPAIRS[name]
        value = [repair(v) for v in value] if isinstance(value, list) else repair(value)
    return Field(name, value, round(confidence * line_trust(line), 2), line)


def collect(*found) -> dict:
    """name -> Field of the fields found, skipping the absent (None)."""
    return {f.name: f for f in found if f is not None}
