"""Cells of the CSV files tanacs writes, safe to open in a spreadsheet.

A spreadsheet reads a cell that begins with ``=``, ``+``, ``-`` or ``@`` as a formula, and
tab or carriage return can hide such a start; a name or an option typed by a member could then
run a formula on the computer of whoever opens the export (CSV injection). Following OWASP, such
a text cell gets a leading single quote, which spreadsheets show as text and do not evaluate.
Numbers tanacs computed itself are written as they are: ``-3`` there is a number, not text.
Every CSV writer in tanacs passes its cells through :func:`csv_cell` (or :func:`csv_row`) before
``csv.writer``; a writer that joins its own lines (the published ballot list, whose bytes are
hashed) uses :func:`csv_field`, which also quotes as RFC 4180 says.
"""

from __future__ import annotations

from collections.abc import Iterable
from numbers import Number

__all__ = ["FORMULA_STARTS", "csv_cell", "csv_field", "csv_row"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_QUOTED = (",", '"', "\n", "\r")


def csv_cell(value: object) -> str:
    """One cell as text; a text that a spreadsheet would read as a formula starts with ``'``."""
    if value is None:
        return ""
    if isinstance(value, Number):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_row(values: Iterable[object]) -> list[str]:
    return [csv_cell(value) for value in values]


def csv_field(text: str) -> str:
    """A text cell written out whole: escaped as :func:`csv_cell` does, then quoted if it holds
    a comma, a quote or a line break. Cells that need neither come out unchanged."""
    if not text:
        return text
    text = csv_cell(text)
    if any(c in text for c in _QUOTED):
        text = '"' + text.replace('"', '""') + '"'
    return text
