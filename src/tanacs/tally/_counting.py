"""Exact weighted counting shared by the rules: integer sums that never drift."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numba
import numpy as np
import numpy.typing as npt

from tanacs.tally.ballots import exact_sum
from tanacs.tally.ties import LotDraw, draw_lots

IntArray = npt.NDArray[np.integer]
Weights = npt.NDArray[np.int64]

# Below this total weight an int64 count cannot overflow.
INT64_SAFE = 2**62
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


@numba.njit(cache=True, nogil=True)  # type: ignore[untyped-decorator]
def _count_codes(
    index: IntArray, weights: Weights, offset: int, size: int, weighted: bool
) -> Weights:  # pragma: no cover - compiled; covered through weighted_bincount
    counts = np.zeros(size, dtype=np.int64)
    if weighted:
        for i in range(index.shape[0]):
            counts[index[i] + offset] += weights[i]
    else:
        for i in range(index.shape[0]):
            counts[index[i] + offset] += 1
    return counts


def weighted_bincount(
    index: IntArray, weights: Weights | None, size: int, offset: int = 0
) -> Weights:
    """Exact ``bincount`` of ``index + offset`` (every value must lie in 0..size-1).

    One compiled pass that reads the codes as they are (one byte per yes/no vote) without
    widening them into a copy, counting in int64; Python integers if that could overflow.
    """
    if weights is None or exact_sum(weights) < INT64_SAFE:
        given = np.zeros(0, dtype=np.int64) if weights is None else weights
        return _count_codes(index, given, offset, size, weights is not None)  # type: ignore[no-any-return]
    counts = np.zeros(size, dtype=object)
    np.add.at(counts, index.astype(np.intp) + offset, weights.astype(object))
    return counts


def weighted_column_sums(
    matrix: npt.NDArray[np.generic], weights: Weights | None, largest: int
) -> list[int]:
    """Exact ``weights @ matrix`` for a matrix with entries in 0..largest, in bounded memory."""
    total = matrix.shape[0] if weights is None else exact_sum(weights)
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
