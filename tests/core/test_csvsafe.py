"""CSV cells that a spreadsheet would run as formulas are written as text (OWASP)."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tanacs.core.csvsafe import FORMULA_STARTS, csv_cell, csv_row


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (
            '=HYPERLINK("http://evil.example","click")',
            '\'=HYPERLINK("http://evil.example","click")',
        ),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Kiss Éva", "Kiss Éva"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (-3, "-3"),
        (2.5, "2.5"),
    ],
)
def test_cells(value: object, written: str) -> None:
    assert csv_cell(value) == written


@given(st.lists(st.text(max_size=20) | st.integers(), min_size=1, max_size=6))
def test_text_cells_never_start_a_formula_and_lose_nothing(values: list[object]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(csv_row(values))
    [read] = csv.reader(io.StringIO(buffer.getvalue(), newline=""))
    assert len(read) == len(values)
    for original, cell in zip(values, read, strict=True):
        if isinstance(original, str):
            assert not cell.startswith(FORMULA_STARTS)
            assert cell in (original, "'" + original)
        else:
            assert cell == str(original)
