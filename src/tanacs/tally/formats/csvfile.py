"""Ballots as CSV, one ballot per row.

Ranked ballots: the header row names the candidates; each cell holds the rank the ballot
gives that candidate (1 = first choice); an empty cell or 0 leaves it unranked, and equal
numbers rank candidates equally. An optional first column headed ``weight`` gives the ballot's
weight (a whole number, a fraction such as ``1/3``, or a decimal such as ``0.5``)::

    weight,Nagy,Maléter,Kádár
    3,1,2,
    1,2,1,3

For a score vote the same layout holds scores instead of ranks (higher is better). For a
yes/no vote the header is ``vote`` (optionally ``weight,vote``) and each cell one of
``yes``, ``no``, ``abstain``, ``blank`` or ``spoilt``.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from fractions import Fraction

import numba
import numpy as np
import numpy.typing as npt

from tanacs.tally.ballots import (
    RankedBallots,
    WeightLimitError,
    common_denominator,
    too_fine,
    too_heavy,
)
from tanacs.tally.formats._base import BallotFile, BallotFileError
from tanacs.tally.limits import MAX_WEIGHT, check_rank_cells
from tanacs.tally.yesno import Vote, YesNoBallots

__all__ = ["CsvTable", "parse_csv", "parse_csv_table", "parse_yesno_csv"]


@dataclass(frozen=True)
class CsvTable:
    """A header of candidate names, one row of whole numbers per ballot, exact weights."""

    candidates: tuple[str, ...]
    cells: npt.NDArray[np.int64]
    weights: npt.NDArray[np.int64]
    denominator: int


_SPACE, _TAB, _CR, _LF, _COMMA, _SLASH, _DOT, _ZERO, _NINE = 32, 9, 13, 10, 44, 47, 46, 48, 57


@numba.njit(cache=True, nogil=True)  # type: ignore[untyped-decorator]
def _read_rows(
    data: npt.NDArray[np.uint8],
    pos: int,
    weighted: bool,
    cells: npt.NDArray[np.int64],
    numerators: npt.NDArray[np.int64],
    denominators: npt.NDArray[np.int64],
    lines: npt.NDArray[np.int64],
    line: int,
) -> tuple[int, bool]:  # pragma: no cover - compiled; checked against the csv module in tests
    """Fill the rows after the header: (rows read, True) or (rows, False) at the first cell
    this pass does not read (a bad one, or a weight written otherwise than 3, 1/3 or 0.5).

    ``line`` is the header's line number; ``lines[row]`` gets each row's.
    """
    size = data.shape[0]
    n = cells.shape[1]
    limit = 922337203685477579  # ten times this plus a digit still fits in 64 bits
    row = 0
    while pos < size:
        line += 1
        end = pos
        while end < size and data[end] != _LF:
            end += 1
        first = pos
        while first < end and (data[first] == _SPACE or data[first] == _TAB or data[first] == _CR):
            first += 1
        if first == end or data[first] == _COMMA:
            # Perhaps a row of empty cells, which counts for nothing.
            blank = True
            for k in range(first, end):
                c = data[k]
                if c != _SPACE and c != _TAB and c != _CR and c != _COMMA:
                    blank = False
                    break
            if blank:
                pos = end + 1
                continue
        column = 0
        while True:
            while pos < end and (data[pos] == _SPACE or data[pos] == _TAB or data[pos] == _CR):
                pos += 1
            if weighted and column == 0:
                numerator = 0
                denominator = 1
                digits = 0
                while pos < end and _ZERO <= data[pos] <= _NINE:
                    if numerator > limit:
                        return row, False
                    numerator = numerator * 10 + (int(data[pos]) - _ZERO)
                    digits += 1
                    pos += 1
                if pos < end and data[pos] == _SLASH and digits > 0:
                    pos += 1
                    denominator = 0
                    while pos < end and _ZERO <= data[pos] <= _NINE:
                        if denominator > limit:
                            return row, False
                        denominator = denominator * 10 + (int(data[pos]) - _ZERO)
                        pos += 1
                elif pos < end and data[pos] == _DOT:
                    pos += 1
                    while pos < end and _ZERO <= data[pos] <= _NINE:
                        if numerator > limit or denominator > limit:
                            return row, False
                        numerator = numerator * 10 + (int(data[pos]) - _ZERO)
                        denominator *= 10
                        digits += 1
                        pos += 1
                if digits == 0 or denominator == 0:
                    return row, False
                numerators[row] = numerator
                denominators[row] = denominator
            else:
                c = column - 1 if weighted else column
                if c >= n:
                    return row, False
                value = 0
                while pos < end and _ZERO <= data[pos] <= _NINE:
                    if value > limit:
                        return row, False
                    value = value * 10 + (int(data[pos]) - _ZERO)
                    pos += 1
                cells[row, c] = value
            while pos < end and (data[pos] == _SPACE or data[pos] == _TAB or data[pos] == _CR):
                pos += 1
            column += 1
            if pos >= end:
                break
            if data[pos] != _COMMA:
                return row, False
            pos += 1
        if column != n + (1 if weighted else 0):
            return row, False
        lines[row] = line
        row += 1
        pos = end + 1
    return row, True


def parse_csv_table(text: str | bytes) -> CsvTable:
    """Candidates and cells of a CSV file (see the module's description).

    A file without quotes is read by one compiled pass over the bytes; a file with quotes, or
    one that pass cannot read, by Python's csv module, whose error names the line.
    """
    data = text.encode() if isinstance(text, str) else text
    # Counting carriage returns reads the whole file twice: only when there is one at all.
    bare_cr = b"\r" in data and data.count(b"\r") != data.count(b"\r\n")
    if b'"' not in data and not bare_cr:
        table = _fast_table(data)
        if table is not None:
            return table
    return _plain_table(data.decode())


def _fast_table(data: bytes) -> CsvTable | None:
    """The table read by the compiled pass, or None to let the csv module read it."""
    pos = 0
    line = 0
    while pos < len(data):
        end = data.find(b"\n", pos)
        end = len(data) if end < 0 else end
        line += 1
        header = data[pos:end].decode()
        pos = end + 1
        if any(cell.strip() for cell in header.split(",")):
            break
    else:
        return None
    names = [cell.strip() for cell in header.split(",")]
    weighted = names[0].lower() == "weight"
    names = names[1:] if weighted else names
    if not names or any(not name for name in names) or len(set(names)) != len(names):
        return None
    capacity = data.count(b"\n", pos) + 1
    check_rank_cells(capacity, len(names))
    cells = np.zeros((capacity, len(names)), dtype=np.int64)
    numerators = np.ones(capacity, dtype=np.int64)
    denominators = np.ones(capacity, dtype=np.int64)
    lines = np.zeros(capacity, dtype=np.int64)
    buffer = np.frombuffer(data, dtype=np.uint8)
    rows, ok = _read_rows(buffer, pos, weighted, cells, numerators, denominators, lines, line)
    if not ok:
        return None
    weights, denominator = _fast_weights(numerators[:rows], denominators[:rows], lines[:rows])
    return CsvTable(tuple(names), cells[:rows], weights, denominator)


def _fast_weights(
    numerators: npt.NDArray[np.int64],
    denominators: npt.NDArray[np.int64],
    lines: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.int64], int]:
    """Numerators over the weights' common denominator, as :func:`common_denominator` gives
    them (with the same errors), without a Fraction per row."""
    if not denominators.size or (denominators == 1).all():
        return numerators, 1
    common = np.gcd(numerators, denominators)
    numerators, denominators = numerators // common, denominators // common
    small = int(denominators.max()) < 2**20
    found = np.flatnonzero(np.bincount(denominators)) if small else np.unique(denominators)
    denominator = math.lcm(*found.tolist())
    if denominator > MAX_WEIGHT:
        # Name the first weight that takes the common denominator over the limit.
        found, first = np.unique(denominators, return_index=True)
        denominator = 1
        for d, row in sorted(zip(found.tolist(), first.tolist(), strict=True), key=lambda p: p[1]):
            denominator = math.lcm(denominator, d)
            if denominator > MAX_WEIGHT:
                weight = Fraction(int(numerators[row]), d)
                raise BallotFileError(int(lines[row]), too_fine(weight, denominator))
    scale = denominator // denominators
    heavy = numerators > MAX_WEIGHT // scale
    if heavy.any():
        row = int(np.argmax(heavy))
        weight = Fraction(int(numerators[row]), int(denominators[row]))
        numerator = int(numerators[row]) * int(scale[row])
        raise BallotFileError(int(lines[row]), too_heavy(weight, numerator, denominator))
    return numerators * scale, denominator


def _plain_table(text: str) -> CsvTable:
    rows = [(n, r) for n, r in _records(text) if any(cell.strip() for cell in r)]
    if not rows:
        raise BallotFileError(None, "the file is empty")
    header = [cell.strip() for cell in rows[0][1]]
    weighted = bool(header) and header[0].lower() == "weight"
    names = tuple(header[1:] if weighted else header)
    if not names or any(not name for name in names) or len(set(names)) != len(names):
        raise BallotFileError(rows[0][0], "the header must name distinct candidates")
    check_rank_cells(len(rows), len(names))
    cells = np.zeros((len(rows) - 1, len(names)), dtype=np.int64)
    weights: list[Fraction] = []
    for index, (number, row) in enumerate(rows[1:]):
        values = [cell.strip() for cell in row]
        if len(values) != len(header):
            raise BallotFileError(number, f"expected {len(header)} cells, found {len(values)}")
        if weighted:
            weights.append(_weight(values.pop(0), number))
        for c, cell in enumerate(values):
            cells[index, c] = _whole(cell, number)
    if not weighted:
        return CsvTable(names, cells, np.ones(len(cells), dtype=np.int64), 1)
    numerators, denominator = _exact(weights, [number for number, _ in rows[1:]])
    return CsvTable(names, cells, numerators, denominator)


def _records(text: str) -> list[tuple[int, list[str]]]:
    """The CSV records, numbered from 1; a malformed one (a stray quote) names its line."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        return list(enumerate(reader, start=1))
    except csv.Error as error:
        raise BallotFileError(reader.line_num, f"not CSV: {error}") from None


def _whole(cell: str, number: int) -> int:
    if cell and not (cell.isascii() and cell.isdigit()):
        raise BallotFileError(number, f"{cell!r} is not a whole number")
    if len(cell) > 19 or (len(cell) == 19 and int(cell) > MAX_WEIGHT):
        shown = cell if len(cell) <= 30 else cell[:30] + "..."
        raise BallotFileError(number, f"{shown} is above the limit of {MAX_WEIGHT}")
    return int(cell) if cell else 0


def _exact(weights: list[Fraction], lines: list[int]) -> tuple[npt.NDArray[np.int64], int]:
    """Numerators over one denominator; a weight beyond the limits is named with its line."""
    first: dict[Fraction, int] = {}
    for weight, line in zip(weights, lines, strict=True):
        first.setdefault(weight, line)
    distinct = list(first)
    try:
        numerators, denominator = common_denominator(distinct)
    except WeightLimitError as error:
        raise BallotFileError(first[distinct[error.index]], str(error)) from None
    by_weight = dict(zip(distinct, numerators, strict=True))
    return np.array([by_weight[w] for w in weights], dtype=np.int64), denominator


def parse_csv(text: str | bytes) -> BallotFile:
    """Ranked ballots from CSV (see the module's description)."""
    table = parse_csv_table(text)
    if table.cells.size and table.cells.max() > len(table.candidates):
        row = int(np.argmax(table.cells.max(axis=1) > len(table.candidates)))
        raise BallotFileError(None, f"ballot {row + 1} gives a rank above the candidates")
    ranks = table.cells.astype(np.int16)
    ballots = RankedBallots(table.candidates, ranks, table.weights, table.denominator)
    return BallotFile(ballots=ballots)


def parse_yesno_csv(text: str) -> YesNoBallots:
    """Yes/no ballots from CSV with a ``vote`` column and an optional ``weight`` column."""
    rows = [(n, r) for n, r in _records(text) if any(r)]
    if not rows:
        raise BallotFileError(None, "the file is empty")
    header = [cell.strip().lower() for cell in rows[0][1]]
    if "vote" not in header or not set(header) <= {"vote", "weight"}:
        raise BallotFileError(rows[0][0], "the header must be 'vote' or 'weight,vote'")
    codes = {v.name.lower(): int(v) for v in Vote}
    at_vote = header.index("vote")
    at_weight = header.index("weight") if "weight" in header else None
    votes: list[int] = []
    weights: list[Fraction] = []
    known: dict[str, Fraction] = {"1": Fraction(1)}  # each distinct weight is read once
    for number, row in rows[1:]:
        if len(row) != len(header):
            raise BallotFileError(number, f"expected {len(header)} cells, found {len(row)}")
        vote = row[at_vote].strip().lower()
        if vote not in codes:
            raise BallotFileError(
                number, f"{row[at_vote].strip()!r} is not one of {', '.join(codes)}"
            )
        votes.append(codes[vote])
        cell = "1" if at_weight is None else row[at_weight].strip()
        if cell not in known:
            known[cell] = _weight(cell, number)
        weights.append(known[cell])
    numerators, denominator = _exact(weights, [number for number, _ in rows[1:]])
    return YesNoBallots(np.array(votes, dtype=np.int8), numerators, denominator)


def _weight(cell: str, number: int) -> Fraction:
    try:
        weight = Fraction(cell)
    except (ValueError, ZeroDivisionError):
        raise BallotFileError(number, f"{cell!r} is not a weight") from None
    if weight < 0:
        raise BallotFileError(number, "a weight must not be negative")
    return weight
