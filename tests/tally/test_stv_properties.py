"""Hypothesis properties of both STV rule sets: conservation, anonymity, weights, neutrality."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tanacs.tally.ballots import RankedBallots
from tanacs.tally.stv import DECIMALS, StvResult, StvStage, count_stv

RULES = st.sampled_from(["scottish", "meek"])


@st.composite
def profiles(draw: st.DrawFn, *, overvotes: bool = True) -> tuple[RankedBallots, int]:
    m = draw(st.integers(1, 6))
    n = draw(st.integers(0, 25))
    ranks = np.zeros((n, m), dtype=np.int16)
    for b in range(n):
        order = draw(st.permutations(range(m)))
        length = draw(st.integers(0, m))
        for position, c in enumerate(order[:length], start=1):
            ranks[b, c] = position
        if overvotes and length >= 2 and draw(st.integers(0, 9)) == 0:
            ranks[b, order[1]] = ranks[b, order[0]]  # two candidates share a position
    weights = np.array(draw(st.lists(st.integers(1, 3), min_size=n, max_size=n)), dtype=np.int64)
    names = tuple("ABCDEF"[:m])
    case: tuple[RankedBallots, int] = (
        RankedBallots(names, ranks, weights),
        draw(st.integers(1, m + 1)),
    )
    return case


def all_stages(result: StvResult) -> tuple[StvStage, ...]:
    return result.stages + result.substitute_stages


@settings(max_examples=150, deadline=None)
@given(profiles(), RULES)
def test_votes_are_conserved_through_every_transfer(
    case: tuple[RankedBallots, int], rules: str
) -> None:
    ballots, seats = case
    result = count_stv(ballots, seats=seats, rules=rules)
    assert result.valid_votes + result.blank + result.invalid == ballots.total_weight()
    set_aside = Fraction(0)
    for stage in all_stages(result):
        set_aside += stage.stage_exhausted + stage.stage_lost
        assert stage.exhausted + stage.lost == set_aside
        assert sum(stage.totals) + stage.exhausted + stage.lost == result.valid_votes
        if rules == "scottish":
            assert stage.stage_lost >= 0 and stage.stage_exhausted >= 0
            # Rule 48(3): every vote is a whole number of hundred-thousandths.
            assert all((t * DECIMALS).denominator == 1 for t in stage.totals)
            assert stage.quota == result.quota


@settings(max_examples=150, deadline=None)
@given(profiles(), RULES)
def test_seats_filled_and_every_candidate_placed(
    case: tuple[RankedBallots, int], rules: str
) -> None:
    ballots, seats = case
    result = count_stv(ballots, seats=seats, rules=rules)
    assert len(result.winners) == min(seats, ballots.n_candidates)
    assert result.unfilled == seats - len(result.winners)
    assert sorted(result.winners + result.substitutes) == list(range(ballots.n_candidates))


@settings(max_examples=100, deadline=None)
@given(profiles(), RULES, st.data())
def test_ballot_order_does_not_matter(
    case: tuple[RankedBallots, int], rules: str, data: st.DataObject
) -> None:
    ballots, seats = case
    order = np.array(data.draw(st.permutations(range(ballots.n_ballots))), dtype=np.intp)
    shuffled = RankedBallots(ballots.candidates, ballots.ranks[order], ballots.weights[order])
    a = count_stv(ballots, seats=seats, rules=rules)
    b = count_stv(shuffled, seats=seats, rules=rules)
    assert a == b


@settings(max_examples=100, deadline=None)
@given(profiles(), RULES)
def test_a_weight_counts_as_that_many_copies(case: tuple[RankedBallots, int], rules: str) -> None:
    ballots, seats = case
    copies = RankedBallots(ballots.candidates, np.repeat(ballots.ranks, ballots.weights, axis=0))
    a = count_stv(ballots, seats=seats, rules=rules)
    b = count_stv(copies, seats=seats, rules=rules)
    assert a == b


@settings(max_examples=100, deadline=None)
@given(profiles(), RULES, st.data())
def test_neutral_when_no_lot_is_drawn(
    case: tuple[RankedBallots, int], rules: str, data: st.DataObject
) -> None:
    ballots, seats = case
    m = ballots.n_candidates
    relabel = data.draw(st.permutations(range(m)))  # old candidate c becomes relabel[c]
    ranks = np.zeros_like(ballots.ranks)
    ranks[:, relabel] = ballots.ranks
    renamed = RankedBallots(ballots.candidates, ranks, ballots.weights)
    a = count_stv(ballots, seats=seats, rules=rules)
    b = count_stv(renamed, seats=seats, rules=rules)
    assume(not (a.lots or b.lots))
    assert b.winners == tuple(relabel[c] for c in a.winners)
    assert b.substitutes == tuple(relabel[c] for c in a.substitutes)


@settings(max_examples=50, deadline=None)
@given(profiles())
def test_exact_fractional_weights_scale_nothing_but_the_votes(
    case: tuple[RankedBallots, int],
) -> None:
    # Halving every weight halves every vote but, the quota being whole, may change the
    # count; what must hold is exactness: no float drift, conservation to the last unit.
    ballots, seats = case
    halved = RankedBallots(ballots.candidates, ballots.ranks, ballots.weights, denominator=2)
    result = count_stv(halved, seats=seats)
    assert result.valid_votes + result.blank + result.invalid == ballots.total_weight() / 2
    last = result.stages[-1]
    assert sum(last.totals) + last.exhausted + last.lost == result.valid_votes
