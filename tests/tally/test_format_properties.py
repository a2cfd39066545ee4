"""Ballot files read back what was written, and the fast readers agree with the plain ones."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tanacs.tally.ballots import RankedBallots
from tanacs.tally.formats import BallotFileError, parse_preflib
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
