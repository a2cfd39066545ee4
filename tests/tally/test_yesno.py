"""Yes / no / abstain with quorum and thresholds."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from tanacs.tally.yesno import (
    ABSOLUTE_MAJORITY,
    SIMPLE_MAJORITY,
    TWO_THIRDS,
    Threshold,
    Vote,
    YesNoBallots,
    at_least,
    count_yesno,
    more_than,
)


def ballots(yes: int, no: int, abstain: int = 0, blank: int = 0, spoilt: int = 0) -> YesNoBallots:
    votes = (
        [Vote.YES] * yes
        + [Vote.NO] * no
        + [Vote.ABSTAIN] * abstain
        + [Vote.BLANK] * blank
        + [Vote.SPOILT] * spoilt
    )
    return YesNoBallots(np.array(votes, dtype=np.int8))


def test_simple_majority_of_votes_cast_ignores_abstentions_blank_and_spoilt() -> None:
    result = count_yesno(ballots(6, 5, abstain=10, blank=3, spoilt=2))
    assert result.passed
    assert result.decided_by == "threshold"
    assert (result.yes, result.no, result.abstain, result.blank, result.spoilt) == (6, 5, 10, 3, 2)
    assert result.turnout == 26
    assert result.needed == Fraction(11, 2)
    assert result.margin == Fraction(1, 2)
    assert "more than half" in result.reason


def test_an_equal_vote_fails_a_majority_by_zero() -> None:
    result = count_yesno(ballots(5, 5))
    assert not result.passed
    assert result.margin == 0


def test_two_thirds_is_met_exactly_at_two_thirds() -> None:
    assert count_yesno(ballots(10, 5), threshold=TWO_THIRDS).passed
    failed = count_yesno(ballots(9, 5), threshold=TWO_THIRDS)
    assert not failed.passed
    assert failed.margin == Fraction(9) - Fraction(28, 3)


def test_absolute_majority_counts_against_the_electorate() -> None:
    result = count_yesno(ballots(40, 10), threshold=ABSOLUTE_MAJORITY, electorate=100)
    assert not result.passed
    assert result.needed == 50
    assert result.margin == -10
    assert "electorate" in result.reason


def test_quorum_decides_first_and_counts_blank_and_spoilt_as_taking_part() -> None:
    low = count_yesno(ballots(20, 1, blank=2), electorate=100, quorum=Fraction(1, 4))
    assert not low.passed
    assert low.decided_by == "quorum"
    assert low.margin == -2
    assert "quorum" in low.reason
    met = count_yesno(ballots(20, 1, blank=2, spoilt=2), electorate=100, quorum=Fraction(1, 4))
    assert met.passed
    assert met.decided_by == "threshold"
    assert met.quorum_needed == 25


def test_weights_are_exact_fractions() -> None:
    votes = np.array([Vote.YES, Vote.NO, Vote.NO], dtype=np.int8)
    result = count_yesno(YesNoBallots(votes, np.array([2, 1, 1]), denominator=3))
    assert result.yes == Fraction(2, 3)
    assert result.no == Fraction(2, 3)
    assert not result.passed


def test_any_fraction_and_present_base() -> None:
    threshold = at_least(Fraction(3, 5), "present")
    assert count_yesno(ballots(6, 2, abstain=2), threshold=threshold).passed
    assert not count_yesno(ballots(5, 2, abstain=3), threshold=threshold).passed
    assert "3/5" in threshold.describe()
    assert more_than(Fraction(3, 4)).strict


@pytest.mark.parametrize(
    ("make", "kwargs"),
    [
        (lambda: ballots(1, 0), {"threshold": ABSOLUTE_MAJORITY}),
        (lambda: ballots(1, 0), {"quorum": Fraction(1, 2)}),
        (lambda: ballots(1, 0), {"electorate": 0}),
        (lambda: ballots(1, 0), {"electorate": 10, "quorum": Fraction(3, 2)}),
        (lambda: YesNoBallots(np.array([5])), {}),
        (lambda: YesNoBallots(np.array([[1]])), {}),
        (lambda: Threshold(Fraction(3, 2)), {}),
    ],
)
def test_bad_arguments_are_refused(make: object, kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        count_yesno(make(), **kwargs)  # type: ignore[operator, arg-type]


def test_simple_majority_is_the_default() -> None:
    assert count_yesno(ballots(1, 0)).threshold == SIMPLE_MAJORITY


def test_reasons_write_vote_counts_as_people_read_them() -> None:
    from fractions import Fraction

    from tanacs.tally.yesno import _votes

    assert _votes(Fraction(50583, 2)) == "25291.5"
    assert _votes(Fraction(-3, 4)) == "-0.75"
    assert _votes(Fraction(10**20 + 1, 10)) == "10000000000000000000.1"
    assert _votes(Fraction(1, 3)) == "1/3"
    assert _votes(7) == "7"
