"""Compiled per-ballot loops for STV: one pass over the papers per stage, exact integers only.

Each ballot keeps a pointer to its current position in its preference list, the candidate
holding it (or -1 once set aside), and the id of its current value in a small table of
distinct values. Numba compiles the loops (``cache=True``, so only the first run on a
machine pays for it); with ``NUMBA_DISABLE_JIT=1`` they run as plain Python.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, cast

import numba
import numpy as np
import numpy.typing as npt

# Entries of the preference matrix that are not candidates.
END = -1  # no further preference (or a gap in the numbering, which ends the ballot)
OVERVOTE = -2  # two or more candidates share this position: the ballot stops here

Int = npt.NDArray[np.integer]
I64 = npt.NDArray[np.int64]
Flags = npt.NDArray[np.bool_]
F = TypeVar("F", bound=Callable[..., object])


def _compiled(function: F) -> F:
    """Compile with Numba, cached on disk, keeping the function's signature for mypy."""
    return cast(F, numba.njit(cache=True, nogil=True)(function))


@_compiled
def preference_lists(ranks: Int, prefs: Int, weights: I64) -> tuple[int, int]:
    """Fill ``prefs[b, p]`` with the candidate at position p+1 of ballot b.

    Returns the total weight of blank ballots (nothing marked) and of invalid ones (no
    single first preference: a gap or an over-vote at position 1).
    """
    n, m = ranks.shape
    # seen[r] == b + 1 once position r is marked on ballot b; twice[r] == b + 1 if twice.
    seen = np.zeros(m + 2, dtype=np.int64)
    twice = np.zeros(m + 2, dtype=np.int64)
    who = np.zeros(m + 2, dtype=np.int64)
    blank = 0
    invalid = 0
    for b in range(n):
        stamp = b + 1
        marked = False
        for c in range(m):
            r = ranks[b, c]
            if r > 0:
                marked = True
                if seen[r] == stamp:
                    twice[r] = stamp
                seen[r] = stamp
                who[r] = c
        p = 0
        while p < m:
            if seen[p + 1] != stamp:
                prefs[b, p] = END
                break
            if twice[p + 1] == stamp:
                prefs[b, p] = OVERVOTE
                break
            prefs[b, p] = who[p + 1]
            p += 1
        if not marked:
            blank += weights[b]
        elif prefs[b, 0] < 0:
            invalid += weights[b]
    return blank, invalid


@_compiled
def first_stage(prefs: Int, weights: I64, current: Int, position: Int, totals: I64) -> None:
    """Rule 45: credit each valid paper to its first preference; mark the others set aside."""
    n = prefs.shape[0]
    for b in range(n):
        c = prefs[b, 0]
        position[b] = 0
        if c >= 0:
            current[b] = c
            totals[c] += weights[b]
        else:
            current[b] = -1


@_compiled
def values_held(current: Int, value_id: Int, source: int, n_values: int) -> Flags:
    """Which value ids occur on the papers now held by ``source``."""
    present = np.zeros(n_values, dtype=np.bool_)
    for b in range(current.shape[0]):
        if current[b] == source:
            present[value_id[b]] = True
    return present


@_compiled
def transfer(
    prefs: Int,
    weights: I64,
    current: Int,
    position: Int,
    value_id: Int,
    values: I64,
    source: int,
    new_id: Int,
    continuing: Flags,
    received: I64,
) -> int:
    """Move every paper held by ``source`` to its next available preference.

    A paper takes the value ``values[new_id[old id]]``; ``received[c]`` gains weight x value
    for each paper passed to c. Papers with no next available preference (the end of the
    list, an over-vote, or a gap) are set aside; their value is returned.
    """
    n, m = prefs.shape
    exhausted = 0
    for b in range(n):
        if current[b] != source:
            continue
        vid = new_id[value_id[b]]
        value_id[b] = vid
        p = position[b] + 1
        target = -1
        while p < m:
            c = prefs[b, p]
            if c < 0:
                break
            if continuing[c]:
                target = c
                break
            p += 1
        amount = weights[b] * values[vid]
        if target >= 0:
            current[b] = target
            position[b] = p
            received[target] += amount
        else:
            current[b] = -1
            exhausted += amount
    return exhausted


@_compiled
def meek_distribute(prefs: Int, weights: I64, keep: I64, one: int, votes: I64) -> int:
    """One Meek pass: each ballot gives each candidate in turn its keep factor of what is left.

    The amount kept from a unit of weight is rounded down to the unit and multiplied by the
    weight, so a ballot of weight k counts exactly as k copies. Returns the excess (value
    left when a ballot runs out of preferences), so that votes + excess is exact.
    """
    n, m = prefs.shape
    excess = 0
    for c in range(votes.shape[0]):
        votes[c] = 0
    for b in range(n):
        value = one  # value ``one`` <= 10^9 and keep <= 10^9: products stay below 2^63
        w = weights[b]
        for p in range(m):
            c = prefs[b, p]
            if c < 0:
                break
            k = keep[c]
            if k == 0:
                continue
            part = value * k // one
            votes[c] += w * part
            value -= part
            if value == 0:
                break
        excess += w * value
    return excess


@_compiled
def meek_paths(
    prefs: Int, weights: I64, elected: Flags, excluded: Flags, codes: I64, totals: I64
) -> int:
    """Group ballots by the only part Meek's iteration reads until the next stage.

    A ballot gives to the elected candidates it names, in order, until it reaches a hopeful
    candidate (who keeps all that is left) or runs out; excluded candidates pass everything
    on. So within a stage, ballots alike in that path count alike. Each path is coded in
    base m + 2 (digit c + 1 for candidate c, m + 1 for running out). Fills ``codes`` with
    the distinct codes and ``totals`` (zeros on entry) with the weight of each, and returns
    how many there are.
    """
    n, m = prefs.shape
    base = m + 2
    index = numba.typed.Dict.empty(key_type=numba.types.int64, value_type=numba.types.int64)
    groups = 0
    for b in range(n):
        code = 0
        scale = 1
        terminal = m + 1
        for p in range(m):
            c = int(prefs[b, p])
            if c < 0:
                break
            if excluded[c]:
                continue
            if not elected[c]:
                terminal = c + 1
                break
            code += (c + 1) * scale
            scale *= base
        code += terminal * scale
        if code in index:
            g = index[code]
        else:
            g = groups
            index[code] = g
            codes[g] = code
            groups += 1
        totals[g] += weights[b]
    return groups


@_compiled
def decode_paths(codes: I64, m: int, width: int, paths: Int) -> None:
    """Write each path code back as a preference row (candidates, then END)."""
    base = m + 2
    for g in range(codes.shape[0]):
        code = codes[g]
        p = 0
        while code > 0:
            digit = code % base
            code //= base
            paths[g, p] = digit - 1 if digit <= m else END
            p += 1
        while p < width:
            paths[g, p] = END
            p += 1
