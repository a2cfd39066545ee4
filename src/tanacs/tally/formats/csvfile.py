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
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from tanacs.tally.ballots import RankedBallots, exact_weights
from tanacs.tally.formats._base import BallotFile, BallotFileError
from tanacs.tally.yesno import Vote, YesNoBallots

__all__ = ["CsvTable", "parse_csv", "parse_csv_table", "parse_yesno_csv"]


@dataclass(frozen=True)
class CsvTable:
    """A header of candidate names, one row of whole numbers per ballot, exact weights."""

    candidates: tuple[str, ...]
    cells: npt.NDArray[np.int64]
    weights: npt.NDArray[np.int64]
    denominator: int


def parse_csv_table(text: str) -> CsvTable:
    rows = list(enumerate(csv.reader(io.StringIO(text)), start=1))
    rows = [(n, r) for n, r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise BallotFileError(None, "the file is empty")
    header = [cell.strip() for cell in rows[0][1]]
    weighted = bool(header) and header[0].lower() == "weight"
    names = tuple(header[1:] if weighted else header)
    if not names or any(not name for name in names) or len(set(names)) != len(names):
        raise BallotFileError(rows[0][0], "the header must name distinct candidates")
    cells = np.zeros((len(rows) - 1, len(names)), dtype=np.int64)
    weights: list[Fraction] = []
    for index, (number, row) in enumerate(rows[1:]):
        values = [cell.strip() for cell in row]
        if len(values) != len(header):
            raise BallotFileError(number, f"expected {len(header)} cells, found {len(values)}")
        if weighted:
            weights.append(_weight(values.pop(0), number))
        for c, cell in enumerate(values):
            if cell and not cell.isdigit():
                raise BallotFileError(number, f"{cell!r} is not a whole number")
            cells[index, c] = int(cell) if cell else 0
    numerators, denominator = exact_weights(weights if weighted else [1] * len(cells))
    return CsvTable(names, cells, numerators, denominator)


def parse_csv(text: str) -> BallotFile:
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
    rows = [(n, r) for n, r in enumerate(csv.reader(io.StringIO(text)), start=1) if any(r)]
    if not rows:
        raise BallotFileError(None, "the file is empty")
    header = [cell.strip().lower() for cell in rows[0][1]]
    if "vote" not in header or not set(header) <= {"vote", "weight"}:
        raise BallotFileError(rows[0][0], "the header must be 'vote' or 'weight,vote'")
    codes = {v.name.lower(): int(v) for v in Vote}
    votes: list[int] = []
    weights: list[Fraction] = []
    for number, row in rows[1:]:
        if len(row) != len(header):
            raise BallotFileError(number, f"expected {len(header)} cells, found {len(row)}")
        cells = dict(zip(header, (cell.strip() for cell in row), strict=True))
        vote = cells["vote"].lower()
        if vote not in codes:
            raise BallotFileError(number, f"{cells['vote']!r} is not one of {', '.join(codes)}")
        votes.append(codes[vote])
        weights.append(_weight(cells.get("weight", "1"), number))
    numerators, denominator = exact_weights(weights)
    return YesNoBallots(np.array(votes, dtype=np.int8), numerators, denominator)


def _weight(cell: str, number: int) -> Fraction:
    try:
        weight = Fraction(cell)
    except (ValueError, ZeroDivisionError):
        raise BallotFileError(number, f"{cell!r} is not a weight") from None
    if weight < 0:
        raise BallotFileError(number, "a weight must not be negative")
    return weight
