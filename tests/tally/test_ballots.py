"""The ballot types refuse what they cannot count, and lots need someone to draw."""

from __future__ import annotations

import enum
from fractions import Fraction

import numpy as np
import pytest

from tanacs.tally.ballots import RankedBallots, exact_weights
from tanacs.tally.results import jsonable
from tanacs.tally.ties import draw_lots
from tanacs.tally.yesno import Vote


def test_exact_weights_share_one_denominator() -> None:
    numerators, denominator = exact_weights([Fraction(1, 2), Fraction(1, 3), 2])
    assert denominator == 6
    assert numerators.tolist() == [3, 2, 12]
    with pytest.raises(ValueError):
        exact_weights([-1])


@pytest.mark.parametrize(
    "make",
    [
        lambda: RankedBallots(("A", "B"), np.zeros((1, 3), dtype=np.int16)),
        lambda: RankedBallots(("A", "B"), np.full((1, 2), 3, dtype=np.int16)),
        lambda: RankedBallots(("A", "A"), np.zeros((1, 2), dtype=np.int16)),
        lambda: RankedBallots(("A", "B"), np.zeros((1, 2), dtype=np.int16), np.ones(2)),
        lambda: RankedBallots(("A", "B"), np.zeros((1, 2), dtype=np.int16), np.array([-1])),
        lambda: RankedBallots(("A", "B"), np.zeros((1, 2), dtype=np.int16), denominator=0),
        lambda: RankedBallots.from_orders(("A", "B"), [[0, 0]]),
    ],
)
def test_malformed_ranked_ballots_are_refused(make: object) -> None:
    with pytest.raises(ValueError):
        make()  # type: ignore[operator]


def test_a_lot_needs_someone_to_draw() -> None:
    with pytest.raises(ValueError):
        draw_lots([], seed="s", context="nobody")


def test_enums_become_their_values() -> None:
    class Colour(enum.Enum):
        RED = "red"

    assert jsonable(Vote.YES) == 1
    assert jsonable(Colour.RED) == "red"
