"""Meek's method: a worked example solved exactly by hand, and pref_voting as an oracle.

The rules are those of Hill, Wichmann & Woodall, "Algorithm 123: Single transferable vote
by Meek's method", Computer Journal 30(3), 1987: keep factors, a quota recomputed from the
votes not yet exhausted, iteration until the surpluses vanish.
"""

from __future__ import annotations

import warnings
from fractions import Fraction as F

import numpy as np
import numpy.typing as npt
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pref_voting.profiles_with_ties import ProfileWithTies
from pref_voting.proportional_methods import stv_meek

from tanacs.tally.ballots import RankedBallots
from tanacs.tally.stv import count_meek_stv, count_stv
from tests.tally.test_stv import food_election
from tests.tally.test_stv_peers import orders_of

CLOSE = F(1, 10**5)


def test_food_election_converges_to_the_exact_keep_factors() -> None:
    result = count_meek_stv(food_election(), seats=3)
    assert result.rules == "meek"
    assert result.winner_names == ("Chocolate", "Strawberries", "Oranges")
    first, second, third, fourth = result.stages
    assert first.totals == (4, 2, 12, 1, 1)
    assert first.elected == (2,)
    # Chocolate keeps k of its 12 ballots with 12k = quota = 20/4: k = 5/12, and the rest of
    # its 8 Chocolate > Strawberries ballots lifts Strawberries to 1 + 8(7/12) = 17/3.
    assert abs(second.quota - 5) < CLOSE
    assert abs(second.totals[3] - F(17, 3)) < CLOSE
    assert abs(second.totals[4] - F(10, 3)) < CLOSE
    assert second.elected == (3,)
    # With Strawberries elected too, what passes it is exhausted; solving the keep-factor
    # equations gives quota 33/7, Chocolate's k = 11/28 and Hamburgers 1 + 4(17/28) = 24/7.
    assert abs(third.quota - F(33, 7)) < CLOSE
    assert abs(third.totals[4] - F(24, 7)) < CLOSE
    assert abs(third.totals[2] - F(33, 7)) < CLOSE
    # Oranges (4) is below the quota: Pears is excluded and its votes elect Oranges.
    assert fourth.describe(result.candidates) == "exclusion of Pears"
    assert fourth.elected == (0,)
    assert result.substitute_names == ("Hamburgers", "Pears")
    for stage in result.stages:
        assert stage.lost == 0
        assert sum(stage.totals) + stage.exhausted == result.valid_votes


def test_meek_passes_votes_through_elected_candidates_unlike_the_scottish_rules() -> None:
    # D's ballots name A next, then C. Under the Scottish rules A, elected, is skipped and C
    # gets all of them; under Meek A keeps its keep factor's share and C gets the rest.
    names = ("A", "B", "C", "D")
    orders = [[0]] * 10 + [[1]] * 6 + [[2]] * 4 + [[3, 0, 2]] * 3
    ballots = RankedBallots.from_orders(names, orders)
    scottish = count_stv(ballots, seats=2)
    meek = count_stv(ballots, seats=2, rules="meek")
    d_out = 3
    assert scottish.stages[2].describe(names) == "exclusion of D"
    assert scottish.stages[2].transfers[2] == 3
    exclusion = next(s for s in meek.stages if s.candidate == d_out)
    assert 0 < exclusion.transfers[2] < 3


def small_profile(rng: np.random.Generator) -> tuple[RankedBallots, int]:
    m = int(rng.integers(3, 6))
    seats = int(rng.integers(2, m))
    n = int(rng.integers(5, 12))
    order = np.argsort(-(rng.normal(size=m) + rng.gumbel(size=(n, m))), axis=1)
    lengths = rng.integers(1, m + 1, size=n)
    ranks: npt.NDArray[np.int16] = np.zeros((n, m), dtype=np.int16)
    for b in range(n):
        ranks[b, order[b, : lengths[b]]] = np.arange(1, lengths[b] + 1)
    weights = rng.integers(1, 30, size=n).astype(np.int64)
    return RankedBallots(tuple("ABCDE"[:m]), ranks, weights), seats


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_pref_voting_meek_agrees_where_no_tie_was_broken(seed: int) -> None:
    # Hypothesis draws the generator's seeds and discards counts that needed a tie-break
    # (pref_voting breaks them differently); its health check fails if too few remain.
    ballots, seats = small_profile(np.random.default_rng(seed))
    ours = count_meek_stv(ballots, seats=seats)
    assume(not ours.ties)
    rankings = [{c: p for p, c in enumerate(o, start=1)} for o in orders_of(ballots)]
    profile = ProfileWithTies(
        rankings,
        rcounts=[int(w) for w in ballots.weights],
        candidates=list(range(ballots.n_candidates)),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = set(stv_meek(profile, num_seats=seats))
    assert theirs == set(ours.winners)


def test_large_weights_converge_to_the_finest_keep_factor() -> None:
    # With a million votes per ballot the keep factors' nine decimals cannot shrink the
    # surplus below 10^-5 of a vote; the iteration stops when they stop changing.
    food = food_election()
    heavy = RankedBallots(food.candidates, food.ranks, food.weights * 1_000_000)
    result = count_meek_stv(heavy, seats=3)
    assert result.winner_names == ("Chocolate", "Strawberries", "Oranges")
    assert abs(result.quota - F(33_000_000, 7)) < 1


def test_many_candidates_and_seats_fall_back_to_every_ballot() -> None:
    # Placing 20 candidates one seat at a time makes the paths too long to code in 64 bits.
    names = tuple(f"C{c}" for c in range(20))
    orders = [[c, (c + 1) % 20, (c + 3) % 20] for c in range(20) for _ in range(c + 1)]
    result = count_meek_stv(RankedBallots.from_orders(names, orders), seats=15)
    assert len(result.winners) == 15
    assert sorted(result.winners + result.substitutes) == list(range(20))
    assert result.excluded
