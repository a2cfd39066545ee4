"""The shared result pieces: tie-breaking by earlier rounds then lot, and JSON data."""

from __future__ import annotations

import json
from fractions import Fraction

import numpy as np

from tanacs.tally.results import Outcome, Round, break_tie, jsonable


def test_earlier_round_decides_from_the_most_recent_round_that_separates() -> None:
    history = [
        [Fraction(5), Fraction(3), Fraction(4)],
        [Fraction(6), Fraction(6), Fraction(6)],
    ]
    tie = break_tie([0, 1], history=history, lowest=True, seed="s", context="round 3")
    assert tie.rule == "earlier-round"
    assert tie.chosen == 1
    assert tie.round_used == 1
    highest = break_tie([0, 1], history=history, lowest=False, seed="s", context="round 3")
    assert highest.chosen == 0


def test_a_lot_is_drawn_only_when_no_round_separates() -> None:
    history = [[Fraction(2), Fraction(2)]]
    tie = break_tie([1, 0], history=history, lowest=True, seed="s", context="round 2")
    assert tie.rule == "lot"
    assert tie.lot is not None
    assert tie.chosen == tie.lot.chosen
    assert tie.tied == (0, 1)
    again = break_tie([0, 1], history=history, lowest=True, seed="s", context="round 2")
    assert again == tie


def test_jsonable_keeps_exact_values_and_names_winners() -> None:
    outcome = Outcome(candidates=("A", "B"), winners=(1,), tied=(1,), reason="most votes")
    data = jsonable(outcome)
    assert isinstance(data, dict)
    assert data["winner_names"] == ["B"]
    assert data["decided_by_lot"] is False
    round_ = Round(1, (Fraction(1, 3), Fraction(2)), (0, 1), Fraction(0))
    assert jsonable(round_)["totals"] == ["1/3", 2]  # type: ignore[index]
    assert jsonable({"m": np.array([[1, 2]]), "g": np.int64(3), "x": 1.5}) == {
        "m": [[1, 2]],
        "g": 3,
        "x": 1.5,
    }
    json.dumps(jsonable(round_))


def test_jsonable_refuses_unknown_types() -> None:
    try:
        jsonable(object())
    except TypeError as error:
        assert "object" in str(error)
    else:
        raise AssertionError("expected TypeError")
