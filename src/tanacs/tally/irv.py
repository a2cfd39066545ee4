"""Instant-runoff: exclude the last candidate round by round until one has a majority.

A ballot counts for its highest-ranked continuing candidate. When the highest rank that holds
a continuing candidate holds more than one continuing candidate (an over-vote), the ballot is
exhausted at that point and stays exhausted, as US ranked-choice statutes provide. Excluded
candidates do not make an over-vote: a rank holding one continuing and some excluded
candidates counts for the continuing one, as the official count of the 2009 Burlington
mayoral election did; ranks holding only excluded candidates are skipped. A candidate wins
with more than half of the votes still counting (exhausted ballots do not count).

The candidate with the fewest votes is excluded. A tie for fewest goes to the earlier-round
rule (the one with fewer votes in the most recent round where the tied candidates all
differed), then to a seeded lot; the result records both.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numba
import numpy as np
import numpy.typing as npt

from tanacs.tally.ballots import RankedBallots, exact_sum
from tanacs.tally.limits import LimitError, check_candidates
from tanacs.tally.results import Outcome, Round, TieBreak, Transfer, break_tie

__all__ = ["IrvResult", "count_irv"]

EXHAUSTED = -1
OVER_VOTE = -2
# Marks an entry of a ballot's order that shares its rank with the next entry.
SHARED = 16384
_INT64_SAFE = 2**62


@dataclass(frozen=True, kw_only=True)
class IrvResult(Outcome):
    """``rounds[0].totals`` are the first preferences. ``blank`` ballots rank no one;
    ``over_votes`` is the weight exhausted by an over-vote over the whole count."""

    rounds: tuple[Round, ...]
    total: Fraction
    blank: Fraction
    over_votes: Fraction

    @property
    def first_preferences(self) -> tuple[Fraction, ...]:
        return self.rounds[0].totals if self.rounds else ()


@numba.njit(cache=True, nogil=True)  # type: ignore[untyped-decorator]
def _order_ballot(
    ranks: npt.NDArray[np.int16],
    order: npt.NDArray[np.integer],
    b: int,
    shared: int,
    start: npt.NDArray[np.int32],
) -> None:  # pragma: no cover - compiled; covered through count_irv
    """Ballot ``b``'s candidates best first (-1 after the last ranked one), by counting sort.

    ``shared`` is added to an entry whose rank equals the next entry's: an equal rank.
    """
    n = ranks.shape[1]
    # Most ballots rank 1, 2, ..., k without gaps or equal ranks: place those directly.
    for k in range(n):
        order[b, k] = -1
    ranked = 0
    top = 0
    strict = True
    for c in range(n):
        r = ranks[b, c]
        if r > 0:
            ranked += 1
            top = max(top, r)
            if order[b, r - 1] >= 0:
                strict = False
            else:
                order[b, r - 1] = c
    if strict and top == ranked:
        return
    start[:] = 0
    for c in range(n):
        start[ranks[b, c] + 1] += 1
    # Unranked (rank 0) candidates are counted in start[1] and never placed.
    placed = start[1]
    start[1] = 0
    for r in range(2, n + 2):
        start[r] += start[r - 1]
    for c in range(n):
        r = ranks[b, c]
        if r > 0:
            order[b, start[r]] = c
            start[r] += 1
    used = n - placed
    for k in range(used, n):
        order[b, k] = -1
    for k in range(used - 1):
        if ranks[b, order[b, k]] == ranks[b, order[b, k + 1]]:
            order[b, k] += shared


@numba.njit(cache=True, nogil=True)  # type: ignore[untyped-decorator]
def _advance(
    order: npt.NDArray[np.integer],
    b: int,
    k: int,
    continuing: npt.NDArray[np.bool_],
    shared: int,
) -> tuple[int, int]:  # pragma: no cover - compiled; covered through count_irv
    """From position ``k`` of ballot ``b``: (where the ballot counts, its position)."""
    n = order.shape[1]
    while k < n:
        entry = order[b, k]
        if entry < 0:
            return EXHAUSTED, k
        if entry < shared:
            if continuing[entry]:
                return entry, k
            k += 1
            continue
        # An equal rank: an over-vote if two or more of its candidates are still in the count.
        end = k
        while order[b, end] >= shared:
            end += 1
        found = -1
        for g in range(k, end + 1):
            if continuing[order[b, g] % shared]:
                if found >= 0:
                    return OVER_VOTE, g
                found = g
        if found >= 0:
            return order[b, found] % shared, found
        k = end + 1
    return EXHAUSTED, k


@numba.njit(cache=True, parallel=True, nogil=True)  # type: ignore[untyped-decorator]
def _deal(
    ranks: npt.NDArray[np.int16],
    order: npt.NDArray[np.integer],
    shared: int,
    weights: npt.NDArray[np.int64],
    piles: npt.NDArray[np.int16],
    position: npt.NDArray[np.int16],
    continuing: npt.NDArray[np.bool_],
    n_chunks: int,
) -> npt.NDArray[np.int64]:  # pragma: no cover - compiled; covered through count_irv
    """Order every ballot and deal it to where it counts first: one parallel pass.

    Returns the weight received per destination: candidates, then exhausted, then over-vote.
    """
    n_ballots, n = order.shape
    partial = np.zeros((n_chunks, n + 2), dtype=np.int64)
    size = (n_ballots + n_chunks - 1) // n_chunks
    for t in numba.prange(n_chunks):
        start = np.zeros(n + 2, dtype=np.int32)
        for b in range(t * size, min(n_ballots, (t + 1) * size)):
            _order_ballot(ranks, order, b, shared, start)
            pile, k = _advance(order, b, 0, continuing, shared)
            piles[b] = pile
            position[b] = k
            slot = pile if pile >= 0 else n - 1 - pile
            partial[t, slot] += weights[b]
    received: npt.NDArray[np.int64] = partial.sum(axis=0)
    return received


@numba.njit(cache=True, nogil=True)  # type: ignore[untyped-decorator]
def _move(
    order: npt.NDArray[np.integer],
    shared: int,
    weights: npt.NDArray[np.int64],
    piles: npt.NDArray[np.int16],
    position: npt.NDArray[np.int16],
    source: int,
    continuing: npt.NDArray[np.bool_],
    members: npt.NDArray[np.int32],
) -> npt.NDArray[np.int64]:  # pragma: no cover - compiled; covered through count_irv
    """Move on the ballots of an excluded candidate; received weight as for ``_deal``.

    One thread: a round is short, and measured on a busy machine, waiting for a second
    thread at every round cost far more than it saved (0.25 s against 0.05 s for a million
    Dublin North ballots).
    """
    n_ballots, n = order.shape
    received = np.zeros(n + 2, dtype=np.int64)
    # Gather the pile first, branch-free, then move it: without an unpredictable branch per
    # ballot the processor can fetch many ballots' rows from memory at once.
    found = 0
    for b in range(n_ballots):
        members[found] = b
        found += piles[b] == source
    for i in range(found):
        b = members[i]
        pile, k = _advance(order, b, position[b], continuing, shared)
        piles[b] = pile
        position[b] = k
        received[pile if pile >= 0 else n - 1 - pile] += weights[b]
    return received


@dataclass
class _Piles:
    """Where each ballot counts now, and the compiled passes that move ballots on."""

    order: npt.NDArray[np.integer]
    shared: int
    weights: npt.NDArray[np.int64]
    piles: npt.NDArray[np.int16]
    position: npt.NDArray[np.int16]
    members: npt.NDArray[np.int32]

    @classmethod
    def deal(
        cls, ranks: npt.NDArray[np.int16], weights: npt.NDArray[np.int64]
    ) -> tuple[_Piles, npt.NDArray[np.int64]]:
        """Deal every ballot to its first choice: the piles, and the weight on each."""
        n_ballots, n = ranks.shape
        n_chunks = max(1, min(numba.get_num_threads() * 4, n_ballots // 4096 or 1))
        # The order table is as large as the ballots: a byte per entry when candidates are few.
        shared = 64 if n < 64 else SHARED
        order = np.empty(ranks.shape, dtype=np.int8 if n < 64 else np.int16)
        piles = np.full(n_ballots, EXHAUSTED, dtype=np.int16)
        position = np.zeros(n_ballots, dtype=np.int16)
        everyone = np.ones(n, dtype=bool)
        first = _deal(ranks, order, shared, weights, piles, position, everyone, n_chunks)
        members = np.empty(n_ballots, dtype=np.int32)
        return cls(order, shared, weights, piles, position, members), first

    def move(self, source: int, continuing: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
        return _move(  # type: ignore[no-any-return]
            self.order,
            self.shared,
            self.weights,
            self.piles,
            self.position,
            source,
            continuing,
            self.members,
        )


def count_irv(ballots: RankedBallots, *, seed: str = "0") -> IrvResult:
    """Count an instant-runoff election round by round."""
    n = ballots.n_candidates
    if n >= SHARED:
        raise ValueError(f"instant-runoff counts fewer than {SHARED} candidates")
    check_candidates("instant-runoff", ballots.n_candidates)
    if exact_sum(ballots.weights) >= _INT64_SAFE:
        raise LimitError(
            f"instant-runoff counts a total weight below 2**62 ({_INT64_SAFE}); "
            f"this one is {exact_sum(ballots.weights)}"
        )
    den = ballots.denominator
    ranks = np.ascontiguousarray(ballots.ranks)
    piles, first = _Piles.deal(ranks, ballots.weights)
    continuing = np.ones(n, dtype=bool)
    # Running tallies in integer numerators; slots n and n + 1 are exhausted and over-voted.
    tally = [int(v) for v in first]
    rounds: list[Round] = []
    tied: tuple[int, ...] = ()
    while True:
        exact = tuple(Fraction(v, den) for v in tally[:n])
        alive = tuple(c for c in range(n) if continuing[c])
        exhausted = Fraction(tally[n] + tally[n + 1], den)
        leader = max(alive, key=lambda c: tally[c], default=None)
        if leader is None or 2 * tally[leader] > sum(tally[c] for c in alive) or len(alive) == 1:
            winners: tuple[int, ...] = () if leader is None else (leader,)
            rounds.append(Round(len(rounds) + 1, exact, alive, exhausted, winners))
            break
        loser, tie = _exclusion(tally, alive, rounds, seed=seed)
        if tie is not None and len(alive) == 2:
            tied = alive
        continuing[loser] = False
        moved = [int(v) for v in piles.move(loser, continuing)]
        transfer = Transfer(
            source=loser,
            kind="exclusion",
            value=Fraction(1),
            votes=tuple(Fraction(v, den) for v in moved[:n]),
            exhausted=Fraction(moved[n] + moved[n + 1], den),
        )
        ties = () if tie is None else (tie,)
        rounds.append(
            Round(len(rounds) + 1, exact, alive, exhausted, (), (loser,), (transfer,), ties)
        )
        tally[loser] = 0
        tally = [t + m for t, m in zip(tally, moved, strict=True)]
    return IrvResult(
        candidates=ballots.candidates,
        winners=rounds[-1].elected,
        tied=tied or rounds[-1].elected,
        reason=_reason(ballots.candidates, rounds[-1], tied),
        lots=tuple(t.lot for r in rounds for t in r.tie_breaks if t.lot is not None),
        rounds=tuple(rounds),
        total=ballots.total_weight(),
        blank=Fraction(_blank_weight(ranks, ballots.weights), den),
        over_votes=Fraction(tally[n + 1], den),
    )


def _exclusion(
    tally: list[int], alive: tuple[int, ...], rounds: list[Round], *, seed: str
) -> tuple[int, TieBreak | None]:
    """Who is excluded this round, and the tie-break that chose them if one was needed."""
    lowest = min(tally[c] for c in alive)
    last = tuple(c for c in alive if tally[c] == lowest)
    if len(last) == 1:
        return last[0], None
    context = f"round {len(rounds) + 1}: exclusion"
    history = [r.totals for r in rounds]
    tie = break_tie(last, history=history, lowest=True, seed=seed, context=context)
    return tie.chosen, tie


def _blank_weight(ranks: npt.NDArray[np.int16], weights: npt.NDArray[np.int64]) -> int:
    ranked_any = ranks.any(axis=1)
    return exact_sum(weights) - exact_sum(weights[ranked_any])


def _reason(names: tuple[str, ...], last: Round, tied: tuple[int, ...]) -> str:
    if not last.elected:
        return "no candidates"
    winner = last.elected[0]
    votes = last.totals[winner]
    counting = sum((last.totals[c] for c in last.continuing), Fraction(0))
    if tied:
        other = next(c for c in tied if c != winner)
        return (
            f"{names[winner]} and {names[other]} tied in the last round; "
            f"{names[other]} was excluded by the tie-break"
        )
    if len(last.continuing) == 1:
        return f"{names[winner]} is the last candidate left, with {votes} votes"
    return f"{names[winner]} has a majority in round {last.number}: {votes} of {counting} votes"
