"""Choose-one, approval and score voting."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from tanacs.tally.choice import (
    BLANK,
    SPOILT,
    ApprovalBallots,
    ChoiceBallots,
    ScoreBallots,
    count_approval,
    count_plurality,
    count_score,
    first_choices,
)

from .elections import TENNESSEE, TENNESSEE_GROUPS, TENNESSEE_SCORES

CANDIDATES = ("Nagy", "Maléter", "Kádár")


def test_tennessee_plurality_elects_memphis() -> None:
    # Wikipedia, "Plurality voting": Memphis wins with 42% of the first choices.
    result = count_plurality(first_choices(TENNESSEE))
    assert result.winner_names == ("Memphis",)
    assert result.votes == (42, 26, 15, 17)
    assert not result.decided_by_lot
    assert "Memphis" in result.reason


def test_tennessee_score_elects_nashville_with_603_points() -> None:
    # Wikipedia, "Score voting": Nashville 603, Chattanooga 457, Memphis 420, Knoxville 312.
    ballots = ScoreBallots(
        ("Memphis", "Nashville", "Chattanooga", "Knoxville"),
        np.array(TENNESSEE_SCORES),
        max_score=10,
        weights=np.array(TENNESSEE_GROUPS),
    )
    result = count_score(ballots)
    assert result.winner_names == ("Nashville",)
    assert result.totals == (420, 603, 457, 312)
    assert result.ballots == 100


def test_plurality_counts_blank_and_spoilt_apart_with_exact_weights() -> None:
    choices = np.array([0, 1, 1, BLANK, SPOILT, 0])
    weights = np.array([1, 1, 1, 2, 3, 1])
    result = count_plurality(ChoiceBallots(CANDIDATES, choices, weights, denominator=3))
    assert result.votes == (Fraction(2, 3), Fraction(2, 3), 0)
    assert result.blank == Fraction(2, 3)
    assert result.spoilt == 1
    assert result.valid == Fraction(4, 3)
    assert result.tied == (0, 1)
    assert result.decided_by_lot
    assert result.winners == (result.lots[0].chosen,)
    assert "tied" in result.reason


def test_first_choices_mark_over_votes_spoilt_and_empty_ballots_blank_and_skip_gaps() -> None:
    ranks = np.array([[1, 2, 0], [1, 1, 0], [0, 0, 0], [0, 2, 3]], dtype=np.int16)
    from tanacs.tally.ballots import RankedBallots

    choices = first_choices(RankedBallots(CANDIDATES, ranks)).choices
    assert choices.tolist() == [0, SPOILT, BLANK, 1]


def test_approval_counts_approvals_and_blank_ballots() -> None:
    approvals = np.array([[1, 1, 0], [0, 1, 0], [0, 0, 0], [1, 0, 1]], dtype=bool)
    result = count_approval(
        ApprovalBallots(CANDIDATES, approvals, np.array([2, 1, 1, 1]), spoilt=1)
    )
    assert result.approvals == (3, 3, 1)
    assert result.blank == 1
    assert result.spoilt == 1
    assert result.ballots == 5
    assert result.tied == (0, 1)
    assert len(result.winners) == 1
    unweighted = count_approval(ApprovalBallots(CANDIDATES, approvals))
    assert unweighted.approvals == (2, 2, 1)
    assert unweighted.ballots == 4


def test_huge_weights_stay_exact() -> None:
    big = 2**62
    result = count_plurality(ChoiceBallots(CANDIDATES, np.array([0, 0, 1]), np.array([big] * 3)))
    assert result.votes == (2 * big, big, 0)
    approvals = np.ones((2, 3), dtype=bool)
    approval = count_approval(ApprovalBallots(CANDIDATES, approvals, np.array([big, big])))
    assert approval.approvals == (2 * big,) * 3


def test_score_blank_ballots_and_ties() -> None:
    scores = np.array([[0, 0, 0], [5, 5, 0]])
    result = count_score(ScoreBallots(CANDIDATES, scores, max_score=5))
    assert result.blank == 1
    assert result.tied == (0, 1)
    assert result.lots


def test_no_candidates_is_no_winner() -> None:
    result = count_plurality(ChoiceBallots((), np.zeros(0, dtype=np.int64)))
    assert result.winners == ()
    assert result.reason == "no candidates"


@pytest.mark.parametrize(
    "make",
    [
        lambda: ChoiceBallots(CANDIDATES, np.array([3])),
        lambda: ChoiceBallots(CANDIDATES, np.array([[0]])),
        lambda: ChoiceBallots(CANDIDATES, np.array([0.5])),
        lambda: ChoiceBallots(CANDIDATES, np.array([0]), np.array([-1])),
        lambda: ChoiceBallots(CANDIDATES, np.array([0]), np.array([1, 1])),
        lambda: ChoiceBallots(CANDIDATES, np.array([0]), np.array([0.5])),
        lambda: ChoiceBallots(CANDIDATES, np.array([0]), denominator=0),
        lambda: ApprovalBallots(CANDIDATES, np.ones((1, 2), dtype=bool)),
        lambda: ApprovalBallots(CANDIDATES, np.ones((1, 3), dtype=bool), spoilt=-1),
        lambda: ScoreBallots(CANDIDATES, np.ones((1, 2), dtype=int), max_score=5),
        lambda: ScoreBallots(CANDIDATES, np.full((1, 3), 6), max_score=5),
        lambda: ScoreBallots(CANDIDATES, np.full((1, 3), -1), max_score=5),
        lambda: ScoreBallots(CANDIDATES, np.ones((1, 3), dtype=int), max_score=5, spoilt=-1),
    ],
)
def test_malformed_ballots_are_refused(make: object) -> None:
    with pytest.raises(ValueError):
        make()  # type: ignore[operator]
