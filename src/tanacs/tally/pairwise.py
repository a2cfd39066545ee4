"""The pairwise matrix of a ranked profile, in one compiled pass over the ballots.

``matrix[i, j]`` is the weight of the ballots that rank ``i`` above ``j``. A ranked candidate
is above every unranked one; two unranked candidates, or two at an equal rank, count for
neither. The pass is compiled with Numba (cached on disk, so the compile is paid once per
installation) and split across the machine's cores.
"""

from __future__ import annotations

import numba
import numpy as np
import numpy.typing as npt

from tanacs.tally.ballots import RankedBallots, exact_sum

__all__ = ["pairwise_matrix"]

# Below this total weight an int64 count cannot overflow.
_INT64_SAFE = 2**62
_UNRANKED = 32767


@numba.njit(cache=True, parallel=True, nogil=True)  # type: ignore[untyped-decorator]
def _pairwise_kernel(
    ranks: npt.NDArray[np.int16], weights: npt.NDArray[np.int64], n_chunks: int
) -> npt.NDArray[np.int64]:  # pragma: no cover - compiled; checked against pure NumPy in tests
    n_ballots, n = ranks.shape
    partial = np.zeros((n_chunks, n, n), dtype=np.int64)
    size = (n_ballots + n_chunks - 1) // n_chunks
    for t in numba.prange(n_chunks):
        local = partial[t]
        key = np.empty(n, dtype=np.int16)
        for b in range(t * size, min(n_ballots, (t + 1) * size)):
            w = weights[b]
            for c in range(n):
                r = ranks[b, c]
                key[c] = r if r > 0 else _UNRANKED
            for i in range(n):
                ki = key[i]
                if ki == _UNRANKED:
                    continue
                for j in range(n):
                    # Branch-free so that the inner loop vectorises.
                    local[i, j] += w * (ki < key[j])
    total: npt.NDArray[np.int64] = partial.sum(axis=0)
    return total


def pairwise_matrix(ballots: RankedBallots) -> npt.NDArray[np.int64] | npt.NDArray[np.object_]:
    """Weighted pairwise counts (numerators over ``ballots.denominator``).

    An int64 matrix normally; a matrix of Python integers when the weights are so large that
    int64 could overflow.
    """
    ranks = np.ascontiguousarray(ballots.ranks)
    weights = ballots.weights
    n_chunks = max(1, min(numba.get_num_threads() * 4, ranks.shape[0] // 4096 or 1))
    if exact_sum(weights) < _INT64_SAFE and weights.size < 2**31:
        return _pairwise_kernel(ranks, weights, n_chunks)  # type: ignore[no-any-return]
    # Count the high and low halves of each weight apart, then join them exactly.
    high = _pairwise_kernel(ranks, weights >> 32, n_chunks).astype(object)
    low = _pairwise_kernel(ranks, weights & 0xFFFFFFFF, n_chunks).astype(object)
    return high * (1 << 32) + low  # type: ignore[no-any-return]
