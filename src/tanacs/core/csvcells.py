"""CSV cells that a spreadsheet cannot mistake for a formula.

A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a
formula by common spreadsheets (CSV injection), so it is written with a leading apostrophe.
A cell holding a comma, a quote or a line break is quoted as RFC 4180 says. Cells that need
neither come out unchanged, so most rows are plain ``a,b,c``.
"""

from __future__ import annotations

__all__ = ["FORMULA_STARTS", "csv_cell"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_QUOTED = (",", '"', "\n", "\r")


def csv_cell(text: str) -> str:
    if not text:
        return text
    if text.startswith(FORMULA_STARTS):
        text = f"'{text}"
    if any(c in text for c in _QUOTED):
        text = '"' + text.replace('"', '""') + '"'
    return text
