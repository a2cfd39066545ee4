"""Ballot files read back what was written, and the fast readers agree with the plain ones."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tanacs.tally.ballots import RankedBallots
from tanacs.tally.formats import BallotFileError, parse_csv_table, parse_preflib
from tanacs.tally.formats.csvfile import _fast_table, _plain_table
from tanacs.tally.formats.preflib import _read_line

from .profiles import weak_profiles


def dense(ranks: npt.NDArray[np.int16]) -> list[list[int]]:
    """Ranks with the gaps closed: what a file of orders best first can say."""
    rows = []
    for row in ranks.tolist():
        levels = sorted({r for r in row if r})
        rows.append([levels.index(r) + 1 if r else 0 for r in row])
    return rows


def groups(row: list[int]) -> list[list[int]]:
    """Candidates (from 1) at each rank, best first."""
    levels = sorted({r for r in row if r})
    return [[c + 1 for c, r in enumerate(row) if r == level] for level in levels]


def to_preflib(ballots: RankedBallots, spaces: str) -> str:
    lines = [f"# NUMBER ALTERNATIVES: {ballots.n_candidates}"]
    lines += [f"# ALTERNATIVE NAME {c + 1}: {name}" for c, name in enumerate(ballots.candidates)]
    for row, weight in zip(ballots.ranks.tolist(), ballots.weights.tolist(), strict=True):
        items = [
            str(g[0]) if len(g) == 1 else "{" + f",{spaces}".join(map(str, g)) + "}"
            for g in groups(row)
        ]
        lines.append(f"{spaces}{weight}{spaces}:{spaces}" + f"{spaces},{spaces}".join(items))
    return "\n".join(lines) + "\n"


@settings(max_examples=100, deadline=None)
@given(weak_profiles(max_candidates=7), st.sampled_from(["", " ", "\t", " \r"]))
def test_preflib_reads_back_what_was_written(ballots: RankedBallots, spaces: str) -> None:
    election = parse_preflib(to_preflib(ballots, spaces))
    assert election.ballots.candidates == ballots.candidates
    assert election.ballots.ranks.tolist() == dense(ballots.ranks)
    assert election.ballots.weights.tolist() == ballots.weights.tolist()


LINES = st.text(alphabet="0123 ,{}:\t#x", max_size=14)


@settings(max_examples=400, deadline=None)
@given(LINES)
@example("3: 1,{2,3}")  # random text is seldom a valid line: always try one
def test_fast_preflib_reader_agrees_with_the_plain_one(line: str) -> None:
    """Any line: both accept it with the same ranking, or both refuse it."""
    text = f"# NUMBER ALTERNATIVES: 3\n{line}\n"
    try:
        expected = _read_line(line, 3, 2)
    except BallotFileError as error:
        if line.strip(" \t\r") and not line.lstrip(" \t\r").startswith("#"):
            with pytest.raises(BallotFileError) as caught:
                parse_preflib(text)
            assert str(caught.value) == str(error)
            return
        expected = None
    ballots = parse_preflib(text).ballots
    if expected is None:
        assert ballots.n_ballots == 0
    else:
        assert ballots.weights.tolist() == [expected[0]]
        assert ballots.ranks.tolist() == [expected[1]]


def to_csv(ballots: RankedBallots, weights: list[Fraction], style: str) -> str:
    lines = ["weight," + ",".join(ballots.candidates)]
    for row, weight in zip(ballots.ranks.tolist(), weights, strict=True):
        if style == "decimal" and weight.denominator in (1, 2, 4, 5, 10):
            cell = f"{float(weight):.2f}"
        elif weight.denominator == 1:
            cell = str(weight.numerator)
        else:
            cell = f"{weight.numerator}/{weight.denominator}"
        lines.append(cell + "," + ",".join(str(r) if r else "" for r in row))
    return "\n".join(lines) + "\n"


@settings(max_examples=100, deadline=None)
@given(
    weak_profiles(max_candidates=6),
    st.data(),
    st.sampled_from(["fraction", "decimal", "quoted"]),
)
def test_csv_reads_back_what_was_written(
    ballots: RankedBallots, data: st.DataObject, style: str
) -> None:
    fractions = st.fractions(min_value=0, max_value=50, max_denominator=12)
    weights = [data.draw(fractions) for _ in range(ballots.n_ballots)]
    text = to_csv(ballots, weights, style)
    if style == "quoted":
        text = text.replace("weight,", '"weight",', 1)
    table = parse_csv_table(text)
    assert table.candidates == ballots.candidates
    assert table.cells.tolist() == ballots.ranks.tolist()
    read = [Fraction(int(w), table.denominator) for w in table.weights]
    assert read == weights


CSV_LINES = st.lists(st.text(alphabet="019 ,/.\t-x", max_size=10), max_size=4)


@settings(max_examples=400, deadline=None)
@given(CSV_LINES, st.sampled_from(["weight,A,B", "A,B"]))
def test_fast_csv_reader_agrees_with_the_csv_module(lines: list[str], header: str) -> None:
    """Whatever the compiled pass reads, it reads as the csv module does; where it declines,
    the csv module reads the file (or names what is wrong)."""
    data = "\n".join([header, *lines]).encode()
    try:
        expected = _plain_table(data.decode())
    except BallotFileError as error:
        with pytest.raises(BallotFileError) as caught:
            parse_csv_table(data)
        assert str(caught.value) == str(error)
        return
    for table in (_fast_table(data), parse_csv_table(data)):
        if table is None:
            continue
        assert table.candidates == expected.candidates
        assert table.cells.tolist() == expected.cells.tolist()
        assert table.weights.tolist() == expected.weights.tolist()
        assert table.denominator == expected.denominator
