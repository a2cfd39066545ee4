"""Ballots as the engine takes them.

A ranked profile is a matrix ``ranks`` of shape (ballots, candidates): ``ranks[b, c]`` is the
position of candidate ``c`` on ballot ``b`` (1 = first choice) or 0 when ``c`` is unranked.
Equal positions on one ballot are allowed: an equal ranking for the rules that define one
(Schulze, ranked pairs), an over-vote for instant-runoff and STV. A ranked candidate is
preferred to every unranked one.

Weights are exact: integer numerators over one shared positive denominator, so a rational
weight such as 1/3 never drifts the way a float would.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from tanacs.tally.limits import MAX_WEIGHT, LimitError

__all__ = [
    "RankedBallots",
    "WeightLimitError",
    "common_denominator",
    "exact_sum",
    "exact_weights",
]

RankArray = npt.NDArray[np.int16]
WeightArray = npt.NDArray[np.int64]


def exact_sum(weights: WeightArray) -> int:
    """The exact sum of non-negative int64 weights, as a Python integer (it never wraps)."""
    if weights.size == 0:
        return 0
    if int(weights.max()) <= MAX_WEIGHT // weights.size:
        return int(weights.sum())
    return sum(weights.tolist())


def exact_weights(weights: Sequence[int | Fraction] | WeightArray) -> tuple[WeightArray, int]:
    """Turn integer or rational weights into integer numerators over one denominator.

    Numerators and the denominator must stay within :data:`MAX_WEIGHT`; beyond it a
    :class:`WeightLimitError` says so and which weight crossed it.
    """
    values = [Fraction(w) for w in weights]
    if any(v < 0 for v in values):
        raise ValueError("ballot weights must not be negative")
    numerators, denominator = common_denominator(values)
    return np.array(numerators, dtype=np.int64), denominator


class WeightLimitError(LimitError):
    """Weights that no 64-bit numerators over one 64-bit denominator hold exactly.

    ``index`` is the position of the first weight that crossed the limit.
    """

    def __init__(self, message: str, index: int) -> None:
        super().__init__(message)
        self.index = index


def common_denominator(values: Sequence[Fraction]) -> tuple[list[int], int]:
    """(numerators, denominator) of non-negative ``values``, each within :data:`MAX_WEIGHT`."""
    denominator = 1
    for index, v in enumerate(values):
        denominator = math.lcm(denominator, v.denominator)
        if denominator > MAX_WEIGHT:
            raise WeightLimitError(too_fine(v, denominator), index)
    numerators = [v.numerator * (denominator // v.denominator) for v in values]
    for index, (v, numerator) in enumerate(zip(values, numerators, strict=True)):
        if numerator > MAX_WEIGHT:
            raise WeightLimitError(too_heavy(v, numerator, denominator), index)
    return numerators, denominator


def too_fine(weight: Fraction, denominator: int) -> str:
    return (
        f"weight {weight} makes the weights' common denominator {denominator}, "
        f"above the limit of {MAX_WEIGHT}"
    )


def too_heavy(weight: Fraction, numerator: int, denominator: int) -> str:
    return (
        f"weight {weight} is {numerator}/{denominator} over the weights' common "
        f"denominator, a numerator above the limit of {MAX_WEIGHT}"
    )


@dataclass(frozen=True)
class RankedBallots:
    """Ranked ballots of one contest, with exact weights.

    ``weights`` holds integer numerators; the weight of ballot ``b`` is
    ``weights[b] / denominator``. Distinct ballots may be given once with their count as
    weight: every rule treats a ballot of weight k exactly as k copies of it.
    """

    candidates: tuple[str, ...]
    ranks: RankArray
    weights: WeightArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    denominator: int = 1

    def __post_init__(self) -> None:
        ranks = np.asarray(self.ranks)
        if ranks.ndim != 2 or ranks.shape[1] != len(self.candidates):
            raise ValueError(
                f"ranks must have shape (ballots, {len(self.candidates)}), got {ranks.shape}"
            )
        if ranks.size and (ranks.min() < 0 or ranks.max() > len(self.candidates)):
            raise ValueError("a rank must lie between 0 (unranked) and the number of candidates")
        if len(set(self.candidates)) != len(self.candidates):
            raise ValueError("candidate names must be distinct")
        weights = np.asarray(self.weights, dtype=np.int64)
        if weights.size == 0 and ranks.shape[0] > 0:
            weights = np.ones(ranks.shape[0], dtype=np.int64)
        if weights.shape != (ranks.shape[0],):
            raise ValueError("there must be exactly one weight per ballot")
        if weights.size and weights.min() < 0:
            raise ValueError("ballot weights must not be negative")
        if self.denominator < 1:
            raise ValueError("the weight denominator must be a positive integer")
        object.__setattr__(self, "ranks", ranks.astype(np.int16, copy=False))
        object.__setattr__(self, "weights", weights)

    @property
    def n_ballots(self) -> int:
        return int(self.ranks.shape[0])

    @property
    def n_candidates(self) -> int:
        return len(self.candidates)

    def total_weight(self) -> Fraction:
        return Fraction(exact_sum(self.weights), self.denominator)

    @classmethod
    def from_orders(
        cls,
        candidates: tuple[str, ...] | list[str],
        orders: Sequence[Sequence[int | tuple[int, ...]]],
        weights: Sequence[int | Fraction] | None = None,
    ) -> RankedBallots:
        """Build from ballots written best first; a tuple at one position is an equal rank."""
        names = tuple(candidates)
        ranks = np.zeros((len(orders), len(names)), dtype=np.int16)
        for b, order in enumerate(orders):
            for position, entry in enumerate(order, start=1):
                group = entry if isinstance(entry, tuple) else (entry,)
                for c in group:
                    if ranks[b, c]:
                        raise ValueError(f"ballot {b + 1} ranks candidate {names[c]!r} twice")
                    ranks[b, c] = position
        if weights is None:
            return cls(names, ranks)
        numerators, denominator = exact_weights(weights)
        return cls(names, ranks, numerators, denominator)
