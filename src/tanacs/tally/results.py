"""Pieces every result shares: who won, how ties were broken, and the rounds of a count.

Every rule that chooses among candidates (plurality, approval, score, Schulze, ranked
pairs, instant-runoff, STV) returns a frozen dataclass built on :class:`Outcome`: the
winners as candidate indices in the order elected, all the candidates that were tied for the
decisive place, a reason a person can read, and every lot that decided anything; so a caller
reads winners the same way whatever the rule. A yes/no vote elects no one: it returns
:class:`~tanacs.tally.yesno.YesNoResult` (passed or failed, by quorum or threshold, with its
reason). Instant-runoff records each round as a :class:`Round` holding the totals, the
:class:`Transfer` of votes made at its end and any :class:`TieBreak` it needed; STV records
the stages of a returning officer's result sheet (:class:`~tanacs.tally.stv.StvStage`).

Vote totals are exact :class:`~fractions.Fraction` values, never floats. :func:`jsonable`
turns any result into plain JSON data (an exact non-integer value becomes the string "p/q").
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

import numpy as np

from tanacs.tally.ties import LotDraw, draw_lots

__all__ = [
    "Outcome",
    "Round",
    "TieBreak",
    "Transfer",
    "break_tie",
    "jsonable",
]

TieRule = Literal["earlier-round", "lot"]


@dataclass(frozen=True, kw_only=True)
class Outcome:
    """What every rule decides.

    ``winners`` are candidate indices in the order elected. ``tied`` lists every candidate
    tied for the decisive place before any lot (for a clear result it equals ``winners``);
    ``lots`` holds each lot that decided something, so ``decided_by_lot`` tells a reader at
    once whether chance played a part.
    """

    candidates: tuple[str, ...]
    winners: tuple[int, ...]
    tied: tuple[int, ...]
    reason: str
    lots: tuple[LotDraw, ...] = ()

    @property
    def winner_names(self) -> tuple[str, ...]:
        return tuple(self.candidates[c] for c in self.winners)

    @property
    def decided_by_lot(self) -> bool:
        return bool(self.lots)


@dataclass(frozen=True)
class TieBreak:
    """One tie and how it was broken.

    ``rule`` is ``"earlier-round"`` when the totals of an earlier round (``round_used``)
    separated the tied candidates, or ``"lot"`` when only a lot could (``lot`` records it).
    ``chosen`` is the candidate the tie-break picked for the purpose named in ``context``
    (e.g. the one to exclude).
    """

    context: str
    tied: tuple[int, ...]
    rule: TieRule
    chosen: int
    round_used: int | None = None
    lot: LotDraw | None = None


@dataclass(frozen=True)
class Transfer:
    """Votes moved from one candidate at the end of a round.

    ``kind`` is ``"exclusion"`` (the candidate was eliminated) or ``"surplus"`` (an elected
    candidate's votes above the quota). ``value`` is the value per vote applied to the moved
    ballots; ``votes[c]`` is what candidate ``c`` received; ``exhausted`` what went to no one;
    ``loss`` what was lost to a statutory truncation of values.
    """

    source: int
    kind: Literal["exclusion", "surplus"]
    value: Fraction
    votes: tuple[Fraction, ...]
    exhausted: Fraction
    loss: Fraction = Fraction(0)


@dataclass(frozen=True)
class Round:
    """One stage of a count.

    ``totals[c]`` is candidate ``c``'s votes during this round (0 once excluded);
    ``exhausted`` and ``loss`` are running totals of votes that left the count. ``elected`` and
    ``excluded`` name who was elected or excluded in this round; ``transfers`` the votes moved
    at its end.
    """

    number: int
    totals: tuple[Fraction, ...]
    continuing: tuple[int, ...]
    exhausted: Fraction
    elected: tuple[int, ...] = ()
    excluded: tuple[int, ...] = ()
    transfers: tuple[Transfer, ...] = ()
    tie_breaks: tuple[TieBreak, ...] = ()
    loss: Fraction = Fraction(0)
    quota: Fraction | None = None
    note: str = ""


def break_tie(
    tied: Sequence[int],
    *,
    history: Sequence[Sequence[Fraction]],
    lowest: bool,
    seed: str,
    context: str,
) -> TieBreak:
    """Pick one of ``tied`` by the earlier-round rule, then by lot.

    ``history`` holds the totals of the earlier rounds, oldest first. Going back from the most
    recent, the first round in which the tied candidates all had different totals decides: the
    candidate lowest there (``lowest=True``, e.g. for exclusion) or highest. Only when no round
    separates them all is a lot drawn from ``seed``.
    """
    members = tuple(sorted(tied))
    for index in range(len(history) - 1, -1, -1):
        totals = [history[index][c] for c in members]
        if len(set(totals)) == len(members):
            pick = min if lowest else max
            chosen = pick(members, key=lambda c: history[index][c])
            return TieBreak(context, members, "earlier-round", chosen, round_used=index + 1)
    lot = draw_lots(members, seed=seed, context=context)
    return TieBreak(context, members, "lot", lot.chosen, lot=lot)


def jsonable(value: object) -> object:
    """Plain JSON data for a result: dataclasses become dicts, exact values stay exact."""
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else str(value)
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    if isinstance(value, enum.Enum):
        return jsonable(value.value)
    if isinstance(value, np.ndarray):
        return [jsonable(v) for v in value.tolist()]
    if isinstance(value, np.generic):
        return jsonable(value.item())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        data = {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if isinstance(value, Outcome):
            data["winner_names"] = list(value.winner_names)
            data["decided_by_lot"] = value.decided_by_lot
        return data
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    raise TypeError(f"cannot turn {type(value).__name__} into JSON data")
