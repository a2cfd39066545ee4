"""Exact weighted counting shared by the rules: integer sums that never drift."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from tanacs.tally.ties import LotDraw, draw_lots

IntArray = npt.NDArray[np.integer]
Weights = npt.NDArray[np.int64]

# Below this total a float64 sum of integers is exact, so NumPy's fast float paths may be used.
EXACT_FLOAT_LIMIT = 2**53
CHUNK = 1 << 16


def check_weights(weights: object, n: int, denominator: int) -> Weights | None:
    """Validate optional integer weights (None means one vote per ballot)."""
    if denominator < 1:
        raise ValueError("the weight denominator must be a positive integer")
    if weights is None:
        return None
    array = np.asarray(weights)
    if array.dtype.kind not in "iu":
        raise ValueError("weights must be integers over the shared denominator")
    array = array.astype(np.int64, copy=False)
    if array.shape != (n,):
        raise ValueError("there must be exactly one weight per ballot")
    if array.size and array.min() < 0:
        raise ValueError("ballot weights must not be negative")
    return array


def weighted_bincount(
    index: IntArray, weights: Weights | None, size: int, offset: int = 0
) -> Weights:
    """Exact ``bincount`` of ``index + offset``: integer weights summed without rounding.

    Counted in blocks, so that widening a small index type (one byte per yes/no vote) to
    NumPy's index type never needs a copy of the whole array.
    """
    exact_floats = weights is None or int(weights.sum(dtype=np.uint64)) < EXACT_FLOAT_LIMIT
    counts = np.zeros(size, dtype=np.int64 if exact_floats else object)
    for start in range(0, index.shape[0], 4 * CHUNK):
        block = index[start : start + 4 * CHUNK].astype(np.intp)
        if offset:
            block += offset
        if weights is None:
            counts += np.bincount(block, minlength=size)
        elif exact_floats:
            # Every partial sum is an integer below 2**53, so the float sums are exact.
            part = weights[start : start + 4 * CHUNK]
            counts += np.bincount(block, weights=part, minlength=size).astype(np.int64)
        else:
            np.add.at(counts, block, weights[start : start + 4 * CHUNK].astype(object))
    return counts


def weighted_column_sums(
    matrix: npt.NDArray[np.generic], weights: Weights | None, largest: int
) -> list[int]:
    """Exact ``weights @ matrix`` for a matrix with entries in 0..largest, in bounded memory."""
    total = matrix.shape[0] if weights is None else int(weights.sum(dtype=np.uint64))
    # Python integers only when an int64 sum could overflow.
    dtype: type = np.int64 if total * max(largest, 1) < 2**62 else object
    totals = [0] * matrix.shape[1]
    for start in range(0, matrix.shape[0], CHUNK):
        block: npt.NDArray[Any] = matrix[start : start + CHUNK].astype(dtype)
        if weights is None:
            sums = block.sum(axis=0)
        else:
            sums = weights[start : start + CHUNK].astype(dtype) @ block
        totals = [t + int(s) for t, s in zip(totals, sums, strict=True)]
    return totals


def fractions(numerators: Sequence[int] | Weights, denominator: int) -> tuple[Fraction, ...]:
    return tuple(Fraction(int(n), denominator) for n in numerators)


def top_candidates(
    scores: Sequence[Fraction], *, seed: str, context: str
) -> tuple[tuple[int, ...], tuple[int, ...], tuple[LotDraw, ...]]:
    """The highest-scoring candidate: (winners, all tied for first, lots drawn)."""
    if not scores:
        return (), (), ()
    best = max(scores)
    tied = tuple(c for c, s in enumerate(scores) if s == best)
    if len(tied) == 1:
        return tied, tied, ()
    lot = draw_lots(tied, seed=seed, context=context)
    return (lot.chosen,), tied, (lot,)
