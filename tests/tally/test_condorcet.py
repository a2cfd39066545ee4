"""Schulze and ranked pairs on named elections, truncation, equal ranks and ties."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from tanacs.tally.ballots import RankedBallots
from tanacs.tally.condorcet import count_ranked_pairs, count_schulze
from tanacs.tally.pairwise import pairwise_matrix

from .elections import (
    SCHULZE_WIKIPEDIA,
    SCHULZE_WIKIPEDIA_D,
    SCHULZE_WIKIPEDIA_P,
    TENNESSEE,
)

ABC = ("A", "B", "C")


def test_schulze_wikipedia_example() -> None:
    # Wikipedia, "Schulze method", section "Example": d, p, winner E, order E A C B D.
    result = count_schulze(SCHULZE_WIKIPEDIA)
    assert result.pairwise == SCHULZE_WIKIPEDIA_D
    assert result.strongest_paths == SCHULZE_WIKIPEDIA_P
    assert result.winner_names == ("E",)
    assert result.ranking == ((4,), (0,), (2,), (1,), (3,))
    assert not result.decided_by_lot


def test_tennessee_condorcet_winner_is_nashville() -> None:
    # Wikipedia, "Schulze method" and "Ranked pairs": Nashville beats every other city.
    schulze = count_schulze(TENNESSEE)
    assert schulze.winner_names == ("Nashville",)
    assert schulze.ranking == ((1,), (2,), (3,), (0,))
    pairs = count_ranked_pairs(TENNESSEE)
    assert pairs.winner_names == ("Nashville",)
    assert pairs.tied == (1,)
    assert pairs.complete
    assert not pairs.lots
    # "Ranked pairs", Tennessee: Chattanooga over Knoxville (83-17) is locked first.
    assert pairs.locked[0] == (2, 3)
    assert pairs.skipped == ()


def test_a_cycle_of_equal_strength_is_a_three_way_tie_broken_by_lot() -> None:
    ballots = RankedBallots.from_orders(ABC, [[0, 1, 2], [1, 2, 0], [2, 0, 1]])
    schulze = count_schulze(ballots, seed="7")
    assert schulze.tied == (0, 1, 2)
    assert schulze.decided_by_lot
    assert schulze.winners == (schulze.lots[0].chosen,)
    assert "tied" in schulze.reason
    pairs = count_ranked_pairs(ballots, seed="7")
    assert pairs.tied == (0, 1, 2)
    assert pairs.decided_by_lot
    assert len(pairs.skipped) == 1
    assert "tied" in pairs.reason


def test_a_cycle_broken_at_its_weakest_defeat() -> None:
    # A>B 6-3, B>C 7-2, C>A 5-4: ranked pairs drops C>A, so A wins; Schulze agrees.
    ballots = RankedBallots.from_orders(
        ABC, [[0, 1, 2], [1, 2, 0], [2, 0, 1], [0, 2, 1]], weights=[4, 3, 2, 0]
    )
    assert count_ranked_pairs(ballots).winner_names == ("A",)
    assert count_ranked_pairs(ballots).skipped == ((2, 0),)
    assert count_schulze(ballots).winner_names == ("A",)


def test_truncated_ballots_rank_ranked_above_unranked() -> None:
    ballots = RankedBallots.from_orders(ABC, [[0], [1, 2]])
    d = pairwise_matrix(ballots)
    assert d.tolist() == [[0, 1, 1], [1, 0, 1], [1, 0, 0]]


def test_equal_ranks_count_for_neither() -> None:
    ballots = RankedBallots.from_orders(ABC, [[(0, 1), 2]])
    assert pairwise_matrix(ballots).tolist() == [[0, 0, 1], [0, 0, 1], [0, 0, 0]]
    result = count_schulze(ballots)
    assert result.tied == (0, 1)
    assert result.ranking == ((0, 1), (2,))


def test_margin_and_winning_votes_can_differ_on_truncated_ballots() -> None:
    ballots = RankedBallots.from_orders(ABC, [[0, 1, 2], [1], [2, 0]], weights=[3, 2, 2])
    winning = count_schulze(ballots, strength="winning")
    margin = count_schulze(ballots, strength="margin")
    assert winning.strength == "winning"
    assert margin.strength == "margin"
    assert count_ranked_pairs(ballots, strength="winning").strength == "winning"


def test_rational_weights_are_exact() -> None:
    ballots = RankedBallots.from_orders(ABC, [[0, 1, 2], [2, 1, 0]], [Fraction(1, 3), 1])
    result = count_schulze(ballots)
    assert result.pairwise[2][0] == 1
    assert result.pairwise[0][2] == Fraction(1, 3)
    assert result.winner_names == ("C",)


def test_huge_weights_count_exactly() -> None:
    big = 2**61
    ballots = RankedBallots.from_orders(ABC, [[0, 1, 2], [2, 1, 0]], [big + 1, big])
    d = pairwise_matrix(ballots)
    assert d[0, 2] == big + 1
    assert count_schulze(ballots).winner_names == ("A",)


def test_pairwise_matches_plain_numpy_on_random_ballots() -> None:
    rng = np.random.default_rng(3)
    ranks = rng.integers(0, 6, size=(5000, 6)).astype(np.int16)
    weights = rng.integers(0, 5, size=5000)
    ballots = RankedBallots(tuple("ABCDEF"), ranks, weights)
    key = np.where(ranks > 0, ranks, 99).astype(int)
    expected = ((key[:, :, None] < key[:, None, :]) * weights[:, None, None]).sum(axis=0)
    assert (pairwise_matrix(ballots) == expected).all()


def test_no_candidates() -> None:
    empty = RankedBallots((), np.zeros((0, 0), dtype=np.int16))
    assert count_schulze(empty).winners == ()
    assert count_ranked_pairs(empty).winners == ()
    assert count_ranked_pairs(empty).reason == "no candidates"


def test_too_many_equal_defeats_to_enumerate_reports_the_lot_winner() -> None:
    # Eight candidates each beating the next by one vote: 28 equally strong defeats.
    names = tuple("ABCDEFGH")
    orders = [list(range(8))]
    result = count_ranked_pairs(RankedBallots.from_orders(names, orders))
    assert not result.complete
    assert result.winner_names == ("A",)
