"""Instant-runoff: rounds, transfers, over-votes and the tie-break chain."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from tanacs.tally.ballots import RankedBallots
from tanacs.tally.irv import count_irv

from .elections import TENNESSEE

ABCD = ("A", "B", "C", "D")
A, B, C, D = range(4)


def test_tennessee_instant_runoff_elects_knoxville() -> None:
    # Wikipedia, "Instant-runoff voting", Tennessee example: Chattanooga is excluded first,
    # then Nashville, and Knoxville wins 58 to 42.
    result = count_irv(TENNESSEE)
    assert result.winner_names == ("Knoxville",)
    assert result.first_preferences == (42, 26, 15, 17)
    assert [r.excluded for r in result.rounds] == [(2,), (1,), ()]
    assert result.rounds[1].totals == (42, 26, 0, 32)
    assert result.rounds[2].totals == (42, 0, 0, 58)
    transfer = result.rounds[0].transfers[0]
    assert transfer.source == 2
    assert transfer.votes == (0, 0, 0, 15)
    assert transfer.exhausted == 0
    assert "majority in round 3" in result.reason
    assert not result.decided_by_lot


def test_an_over_vote_exhausts_the_ballot_where_it_is_reached() -> None:
    ballots = RankedBallots.from_orders(
        ABCD, [[A], [B, C], [C, B], [D, (B, C)], [(A, B)]], weights=[4, 3, 3, 1, 2]
    )
    result = count_irv(ballots, seed="x")
    first = result.rounds[0]
    assert first.totals == (4, 3, 3, 1)
    assert first.exhausted == 2  # the over-vote at the first rank
    assert first.excluded == (D,)
    assert first.transfers[0].exhausted == 1
    assert result.over_votes == 3
    # B and C are tied in round 2 and were tied in round 1 too: only a lot can part them.
    tie = result.rounds[1].tie_breaks[0]
    assert tie.rule == "lot"
    assert result.decided_by_lot
    assert result.winner_names in {("B",), ("C",)}


def test_ranks_holding_only_excluded_candidates_are_skipped() -> None:
    # The ballot D, {B, C}, A: B and C are out before D, so it passes over them to A.
    ballots = RankedBallots.from_orders(ABCD, [[A], [B], [C], [D, (B, C), A]], weights=[3, 1, 1, 2])
    result = count_irv(ballots, seed="s")
    assert result.winner_names == ("A",)
    assert result.over_votes == 0


def test_earlier_round_rule_breaks_a_tie_for_last() -> None:
    ballots = RankedBallots.from_orders(
        ABCD, [[A], [B], [C], [D, C], [D]], weights=[10, 6, 5, 1, 1]
    )
    result = count_irv(ballots)
    second = result.rounds[1]
    assert second.totals == (10, 6, 6, 0)
    tie = second.tie_breaks[0]
    assert tie.rule == "earlier-round"
    assert tie.round_used == 1
    assert second.excluded == (C,)
    assert result.winner_names == ("A",)
    assert not result.decided_by_lot


def test_a_tie_between_the_last_two_is_reported() -> None:
    result = count_irv(RankedBallots.from_orders(("A", "B"), [[0], [1]]), seed="s")
    assert result.tied == (0, 1)
    assert result.decided_by_lot
    assert "tied in the last round" in result.reason
    assert "last candidate left" not in result.reason


def test_blank_ballots_and_exact_weights() -> None:
    ballots = RankedBallots.from_orders(
        ("A", "B"), [[], [0], [1, 0]], weights=[1, Fraction(1, 2), Fraction(1, 3)]
    )
    result = count_irv(ballots)
    assert result.blank == 1
    assert result.total == Fraction(11, 6)
    assert result.first_preferences == (Fraction(1, 2), Fraction(1, 3))
    assert result.winner_names == ("A",)
    assert result.rounds[0].exhausted == 1


def test_every_round_conserves_the_votes() -> None:
    rng = np.random.default_rng(5)
    ranks = rng.integers(0, 5, size=(2000, 6)).astype(np.int16)
    ballots = RankedBallots(tuple("ABCDEF"), ranks, rng.integers(1, 4, size=2000))
    result = count_irv(ballots)
    for round_ in result.rounds:
        assert sum(round_.totals) + round_.exhausted == result.total


def test_no_candidates_and_limits() -> None:
    empty = count_irv(RankedBallots((), np.zeros((1, 0), dtype=np.int16)))
    assert empty.winners == ()
    assert empty.reason == "no candidates"
    assert empty.first_preferences == ()
    one = count_irv(RankedBallots(("A",), np.zeros((1, 1), dtype=np.int16)))
    assert one.winner_names == ("A",)
    assert "last candidate left" in one.reason
    huge = RankedBallots(("A",), np.ones((2, 1), dtype=np.int16), np.array([2**62, 1]))
    with pytest.raises(ValueError):
        count_irv(huge)


def test_many_candidates_use_the_wide_order_table() -> None:
    names = tuple(f"c{i}" for i in range(70))
    orders = [[i, (i + 1) % 70] for i in range(70)] + [[5, (6, 7)]]
    result = count_irv(RankedBallots.from_orders(names, orders), seed="w")
    assert len(result.winners) == 1
    assert result.over_votes >= 0


def test_an_excluded_candidate_does_not_make_an_over_vote() -> None:
    # D, {B, A}: B is out before D, so when D goes the ballot counts for A.
    ballots = RankedBallots.from_orders(ABCD, [[A], [B], [C], [D, (B, A)]], weights=[3, 1, 4, 2])
    result = count_irv(ballots)
    assert result.rounds[0].excluded == (B,)
    assert result.rounds[1].transfers[0].votes[A] == 2
    assert result.over_votes == 0


def test_too_many_candidates_are_refused() -> None:
    names = tuple(f"c{i}" for i in range(16384))
    with pytest.raises(ValueError):
        count_irv(RankedBallots(names, np.zeros((1, 16384), dtype=np.int16)))
