"""STV against the peer libraries, with their rule differences accounted for.

pref_voting's ``stv_scottish`` implements the same Order (SSI 2007/42) in floating point
with a tolerance, drawing lots from a random generator: where our count needed no
tie-break, the winners must be the same.

pyrankvote's ``single_transferable_vote`` differs by rule: its quota is votes / (seats + 1)
with no rounding (ours: the whole part plus one, rule 46), it transfers every surplus at
once rather than the largest first, excludes in bulk every candidate who cannot catch up,
breaks ties on second-choice counts, and counts in floats. Where the winners all reach the
quota on first preferences both elect exactly them, so there it must agree; elsewhere the
rules differ and no rate of agreement is promised, so none is tested.

Random profiles come from a seeded generator (``random_profile``); Hypothesis draws the
seeds and discards those whose count needed a tie-break, and its health check fails the test
if too few remain.
"""

from __future__ import annotations

import random
import warnings

import numpy as np
import numpy.typing as npt
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pref_voting.profiles_with_ties import ProfileWithTies
from pref_voting.proportional_methods import stv_scottish
from pyrankvote import Ballot, Candidate
from pyrankvote.multiple_seat_ranking_methods import single_transferable_vote

from tanacs.tally.ballots import RankedBallots
from tanacs.tally.stv import count_stv
from tests.tally.stv_data import read_preflib


def orders_of(ballots: RankedBallots) -> list[list[int]]:
    """Each ballot as its ranked candidates, best first (no over-votes here)."""
    return [
        [int(c) for c in np.argsort(row, kind="stable") if row[c] > 0]
        for row in np.where(ballots.ranks > 0, ballots.ranks, 0)
    ]


def pyrankvote_winners(ballots: RankedBallots, seats: int) -> set[int]:
    candidates = [Candidate(str(c)) for c in range(ballots.n_candidates)]
    papers = [
        Ballot(ranked_candidates=[candidates[c] for c in order])
        for order, weight in zip(orders_of(ballots), ballots.weights, strict=True)
        for _ in range(int(weight))
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = single_transferable_vote(candidates, papers, number_of_seats=seats)
    return {int(c.name) for c in result.get_winners()}


def pref_voting_winners(ballots: RankedBallots, seats: int) -> set[int]:
    rankings = [{c: p for p, c in enumerate(order, start=1)} for order in orders_of(ballots)]
    profile = ProfileWithTies(
        rankings,
        rcounts=[int(w) for w in ballots.weights],
        candidates=list(range(ballots.n_candidates)),
    )
    return set(stv_scottish(profile, num_seats=seats, rng=random.Random(0)))


def random_profile(rng: np.random.Generator) -> tuple[RankedBallots, int]:
    """Plackett-Luce rankings around random strengths, truncated at random lengths."""
    m = int(rng.integers(3, 8))
    n = int(rng.integers(20, 300))
    seats = int(rng.integers(1, m))
    keys = rng.normal(size=m) * 1.5 + rng.gumbel(size=(n, m))
    order = np.argsort(-keys, axis=1)
    lengths = rng.integers(1, m + 1, size=n)
    ranks: npt.NDArray[np.int16] = np.zeros((n, m), dtype=np.int16)
    for b in range(n):
        ranks[b, order[b, : lengths[b]]] = np.arange(1, lengths[b] + 1)
    return RankedBallots(tuple("ABCDEFG"[:m]), ranks), seats


seeds = st.integers(0, 2**32 - 1)


@settings(max_examples=60, deadline=None)
@given(seeds)
def test_pref_voting_scottish_agrees_where_no_tie_was_broken(seed: int) -> None:
    ballots, seats = random_profile(np.random.default_rng(seed))
    ours = count_stv(ballots, seats=seats)
    assume(not ours.ties)
    assert pref_voting_winners(ballots, seats) == set(ours.winners)


def test_pref_voting_scottish_agrees_on_glasgow_2007() -> None:
    ballots = read_preflib("00008-00000006.soi")
    assert pref_voting_winners(ballots, 4) == set(count_stv(ballots, seats=4).winners)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_pyrankvote_agrees_when_the_winners_reach_the_quota_at_once(data: st.DataObject) -> None:
    m = data.draw(st.integers(2, 6))
    seats = data.draw(st.integers(1, m - 1))
    counts = data.draw(st.lists(st.integers(0, 30), min_size=m, max_size=m))
    orders = [data.draw(st.permutations(range(m))) for _ in range(m)]
    ballots = RankedBallots.from_orders(tuple("ABCDEF"[:m]), orders, weights=counts)
    assume(ballots.total_weight() > 0)
    ours = count_stv(ballots, seats=seats)
    assume(len(ours.stages[0].elected) >= seats)
    assert pyrankvote_winners(ballots, seats) == set(ours.winners)
