"""Schulze and ranked pairs: the Condorcet rules, over the pairwise matrix.

Ballots may be truncated or rank candidates equally. A ranked candidate is preferred to every
unranked one and two unranked candidates are equal (so a truncated ballot says nothing about
the candidates it leaves out). Peers differ here: some libraries drop unranked candidates
from the comparison differently, which can change the winner.

Strength of a pairwise defeat: Schulze uses winning votes by default (his paper's
recommendation), ranked pairs the margin (Tideman's rule); either can be asked for. With
complete rankings and no equal ranks the two agree.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from tanacs.tally.ballots import RankedBallots
from tanacs.tally.limits import check_candidates
from tanacs.tally.pairwise import pairwise_matrix
from tanacs.tally.results import Outcome
from tanacs.tally.ties import LotDraw, draw_lots

__all__ = [
    "RankedPairsResult",
    "SchulzeResult",
    "count_ranked_pairs",
    "count_schulze",
    "schulze_paths",
]

Strength = Literal["winning", "margin"]
Matrix = tuple[tuple[Fraction, ...], ...]
Pair = tuple[int, int]
# Above this many tie-break orders of equally strong pairs, ranked pairs stops enumerating
# every possible winner and reports only the one the lot's order gives.
MAX_ORDERS = 5040


@dataclass(frozen=True, kw_only=True)
class SchulzeResult(Outcome):
    """``pairwise[i][j]``: votes ranking i above j; ``strongest_paths[i][j]``: the strength of
    the strongest path from i to j; ``ranking``: the Schulze order, best first, as groups of
    candidates tied with one another."""

    strength: Strength
    pairwise: Matrix
    strongest_paths: Matrix
    ranking: tuple[tuple[int, ...], ...]


@dataclass(frozen=True, kw_only=True)
class RankedPairsResult(Outcome):
    """``locked`` are the defeats locked in, strongest first; ``skipped`` those that would
    have made a cycle. ``complete`` is False when ``tied`` lists only the lot's winner because
    there were too many orders of equally strong defeats to try them all."""

    strength: Strength
    pairwise: Matrix
    locked: tuple[Pair, ...]
    skipped: tuple[Pair, ...]
    complete: bool


def _defeats(d: npt.NDArray[Any], strength: Strength) -> npt.NDArray[Any]:
    """The strength of each pairwise defeat, 0 where i does not beat j."""
    wins = d > d.T
    values = d if strength == "winning" else d - d.T
    return np.where(wins, values, 0)


def schulze_paths(d: npt.NDArray[Any], strength: Strength = "winning") -> npt.NDArray[Any]:
    """Strongest path strengths (Floyd-Warshall on the widest path)."""
    p = _defeats(d, strength)
    np.fill_diagonal(p, 0)
    for k in range(p.shape[0]):
        through_k = np.minimum(p[:, k : k + 1], p[k : k + 1, :])
        p = np.maximum(p, through_k)
        np.fill_diagonal(p, 0)
    return p


def _schulze_ranking(p: npt.NDArray[Any]) -> tuple[tuple[int, ...], ...]:
    """Groups of candidates in Schulze order: each group is unbeaten by those still left."""
    left = list(range(p.shape[0]))
    tiers: list[tuple[int, ...]] = []
    while left:
        tier = tuple(a for a in left if all(p[a, b] >= p[b, a] for b in left))
        tiers.append(tier)
        left = [c for c in left if c not in tier]
    return tuple(tiers)


def count_schulze(
    ballots: RankedBallots, *, strength: Strength = "winning", seed: str = "0"
) -> SchulzeResult:
    """The Schulze winner, full ranking and strongest-path matrix."""
    check_candidates("Schulze", ballots.n_candidates)
    d = pairwise_matrix(ballots)
    p = schulze_paths(d, strength)
    ranking = _schulze_ranking(p) if ballots.n_candidates else ()
    tied = ranking[0] if ranking else ()
    winners, lots = _pick(tied, seed=seed, context="schulze: winners tied")
    return SchulzeResult(
        candidates=ballots.candidates,
        winners=winners,
        tied=tied,
        reason=_reason(ballots.candidates, winners, tied, "no strongest path beats"),
        lots=lots,
        strength=strength,
        pairwise=_exact(d, ballots.denominator),
        strongest_paths=_exact(p, ballots.denominator),
        ranking=ranking,
    )


def count_ranked_pairs(
    ballots: RankedBallots, *, strength: Strength = "margin", seed: str = "0"
) -> RankedPairsResult:
    """Ranked pairs: lock defeats strongest first unless they close a cycle.

    Every candidate who wins under some order of the equally strong defeats is in ``tied``
    (as ``pref_voting`` reports them); the order used for ``winners`` comes from a lot over
    the candidates (Tideman and Zavist's tie-breaking ranking), drawn only when it matters.
    """
    n = ballots.n_candidates
    check_candidates("ranked pairs", n)
    d = pairwise_matrix(ballots)
    defeats = _defeats(d, strength)
    groups = _strength_groups(defeats)
    orders = 1
    for group in groups:
        orders *= _factorial_capped(len(group))
    complete = orders <= MAX_ORDERS
    possible: set[int] = set()
    if complete:
        for ordering in itertools.product(*(itertools.permutations(g) for g in groups)):
            possible |= set(_sources(n, _lock([p for g in ordering for p in g])[0]))
    # The lot is drawn every time but reported only when it decides something.
    tiebreak = draw_lots(range(max(n, 1)), seed=seed, context="ranked pairs: tie-breaking order")
    position = {c: k for k, c in enumerate(tiebreak.order)}
    pairs = [p for g in groups for p in sorted(g, key=lambda p: (position[p[0]], -position[p[1]]))]
    locked, skipped = _lock(pairs)
    sources = _sources(n, locked)
    possible |= set(sources)
    tied = tuple(sorted(possible))
    lots: tuple[LotDraw, ...] = ()
    if len(tied) > 1 or len(sources) > 1:
        lots = (tiebreak,)
    winner = min(sources, key=position.__getitem__) if sources else None
    winners = () if winner is None else (winner,)
    return RankedPairsResult(
        candidates=ballots.candidates,
        winners=winners,
        tied=tied,
        reason=_reason(ballots.candidates, winners, tied, "no locked defeat beats"),
        lots=lots,
        strength=strength,
        pairwise=_exact(d, ballots.denominator),
        locked=tuple(locked),
        skipped=tuple(skipped),
        complete=complete,
    )


def _strength_groups(defeats: npt.NDArray[Any]) -> list[list[Pair]]:
    """Defeats grouped by equal strength, strongest group first."""
    by_strength: dict[Any, list[Pair]] = {}
    for i, j in zip(*np.nonzero(defeats), strict=True):
        by_strength.setdefault(defeats[i, j], []).append((int(i), int(j)))
    return [by_strength[s] for s in sorted(by_strength, reverse=True)]


def _factorial_capped(k: int) -> int:
    result = 1
    for factor in range(2, k + 1):
        result = min(result * factor, MAX_ORDERS + 1)
    return result


def _lock(pairs: list[Pair]) -> tuple[list[Pair], list[Pair]]:
    locked: list[Pair] = []
    skipped: list[Pair] = []
    beats: dict[int, set[int]] = {}
    for winner, loser in pairs:
        if _reaches(beats, loser, winner):
            skipped.append((winner, loser))
        else:
            beats.setdefault(winner, set()).add(loser)
            locked.append((winner, loser))
    return locked, skipped


def _reaches(beats: dict[int, set[int]], start: int, goal: int) -> bool:
    seen = {start}
    stack = [start]
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        for nxt in beats.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return False


def _sources(n: int, locked: list[Pair]) -> tuple[int, ...]:
    beaten = {loser for _, loser in locked}
    return tuple(c for c in range(n) if c not in beaten)


def _pick(
    tied: tuple[int, ...], *, seed: str, context: str
) -> tuple[tuple[int, ...], tuple[LotDraw, ...]]:
    if len(tied) <= 1:
        return tied, ()
    lot = draw_lots(tied, seed=seed, context=context)
    return (lot.chosen,), (lot,)


def _exact(matrix: npt.NDArray[Any], denominator: int) -> Matrix:
    return tuple(tuple(Fraction(int(v), denominator) for v in row) for row in matrix.tolist())


def _reason(
    names: tuple[str, ...], winners: tuple[int, ...], tied: tuple[int, ...], why: str
) -> str:
    if not winners:
        return "no candidates"
    if len(tied) == 1:
        return f"{names[winners[0]]} wins: {why} them"
    listed = ", ".join(names[c] for c in tied)
    return f"{listed} tied: {why} any of them; a lot chose {names[winners[0]]}"
