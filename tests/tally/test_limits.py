"""The engine's limits: exact counts beyond 64 bits or a refusal that names the limit."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from tanacs.tally.ballots import RankedBallots, exact_sum, exact_weights
from tanacs.tally.choice import (
    ApprovalBallots,
    ScoreBallots,
    count_approval,
    count_plurality,
    count_score,
    first_choices,
)
from tanacs.tally.condorcet import count_ranked_pairs, count_schulze
from tanacs.tally.irv import count_irv
from tanacs.tally.limits import (
    MAX_WEIGHT,
    RULE_CANDIDATES,
    LimitError,
    check_rank_cells,
)
from tanacs.tally.stv import count_stv

# Two ballots of the largest count for A and three for B: summed in 64 bits the total wraps
# round to 1, which once elected B.
HUGE = RankedBallots.from_orders(("A", "B"), [[0], [0], [1]], [MAX_WEIGHT, MAX_WEIGHT, 3])


def test_exact_sum_never_wraps() -> None:
    weights = np.array([MAX_WEIGHT, MAX_WEIGHT, 3], dtype=np.int64)
    assert exact_sum(weights) == 2 * MAX_WEIGHT + 3
    assert exact_sum(np.array([2, 3], dtype=np.int64)) == 5
    assert exact_sum(np.zeros(0, dtype=np.int64)) == 0
    assert HUGE.total_weight() == 2 * MAX_WEIGHT + 3


def test_plurality_approval_and_score_count_huge_weights_exactly() -> None:
    plurality = count_plurality(first_choices(HUGE))
    assert plurality.winner_names == ("A",)
    assert plurality.votes == (Fraction(2 * MAX_WEIGHT), Fraction(3))
    approvals = ApprovalBallots(HUGE.candidates, HUGE.ranks > 0, HUGE.weights)
    approval = count_approval(approvals)
    assert approval.approvals == (Fraction(2 * MAX_WEIGHT), Fraction(3))
    assert approval.ballots == 2 * MAX_WEIGHT + 3
    scores = ScoreBallots(HUGE.candidates, (HUGE.ranks > 0).astype(np.int64), 1, HUGE.weights)
    assert count_score(scores).totals == (Fraction(2 * MAX_WEIGHT), Fraction(3))


def test_condorcet_rules_count_huge_weights_exactly() -> None:
    schulze = count_schulze(HUGE)
    assert schulze.winner_names == ("A",)
    assert schulze.pairwise[0][1] == 2 * MAX_WEIGHT
    assert count_ranked_pairs(HUGE).winner_names == ("A",)


def test_irv_and_stv_refuse_huge_weights_naming_the_limit() -> None:
    with pytest.raises(LimitError, match=r"instant-runoff counts a total weight below 2\*\*62"):
        count_irv(HUGE)
    with pytest.raises(LimitError, match=r"STV counts .* below 2\*\*62"):
        count_stv(HUGE, seats=1)


def test_weights_too_fine_for_one_denominator_are_refused() -> None:
    primes = [Fraction(1, p) for p in (1_000_000_007, 998_244_353, 1_000_000_009)]
    with pytest.raises(LimitError, match=r"common denominator .* above the limit of"):
        exact_weights(primes)
    with pytest.raises(LimitError, match="a numerator above the limit of"):
        exact_weights([Fraction(1, 3), Fraction(MAX_WEIGHT)])
    assert exact_weights([Fraction(1, 2), Fraction(1, 3)])[1] == 6


@pytest.mark.parametrize(
    ("rule", "count"),
    [
        ("instant-runoff", count_irv),
        ("STV", lambda b: count_stv(b, seats=1)),
        ("Schulze", count_schulze),
        ("ranked pairs", count_ranked_pairs),
    ],
)
def test_each_rule_refuses_more_candidates_than_its_limit(rule: str, count: object) -> None:
    limit = RULE_CANDIDATES[rule]
    names = tuple(f"c{i}" for i in range(limit + 1))
    ballots = RankedBallots(names, np.zeros((1, limit + 1), dtype=np.int16))
    with pytest.raises(LimitError) as caught:
        count(ballots)  # type: ignore[operator]
    assert str(caught.value) == (
        f"{rule} counts at most {limit:,} candidates; this contest has {limit + 1:,}"
    )


def test_rank_matrix_limits() -> None:
    with pytest.raises(LimitError, match="more than the limit of 10,000"):
        check_rank_cells(1, 1_000_000_000)
    with pytest.raises(LimitError, match="ranks, more than the limit of 1,073,741,824"):
        check_rank_cells(1_000_000, 10_000)
    check_rank_cells(1_000_000, 20)
