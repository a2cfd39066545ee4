"""Choose-one (plurality), approval and score voting, with exact weights.

Each rule elects the candidate with the most votes (or approvals, or points). When several
share the top they are all returned in ``tied`` with the reason, and a lot drawn from the
recorded seed picks the one in ``winners``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numba
import numpy as np
import numpy.typing as npt

from tanacs.tally._counting import (
    Weights,
    check_weights,
    fractions,
    top_candidates,
    weighted_bincount,
    weighted_column_sums,
)
from tanacs.tally.ballots import RankedBallots, exact_sum
from tanacs.tally.results import Outcome

__all__ = [
    "BLANK",
    "SPOILT",
    "ApprovalBallots",
    "ApprovalResult",
    "ChoiceBallots",
    "PluralityResult",
    "ScoreBallots",
    "ScoreResult",
    "count_approval",
    "count_plurality",
    "count_score",
    "first_choices",
]

BLANK = -1
SPOILT = -2


@dataclass(frozen=True)
class ChoiceBallots:
    """Choose-one ballots: ``choices[b]`` is a candidate index, ``BLANK`` or ``SPOILT``.

    ``weights`` are integer numerators over ``denominator``; None means one vote per ballot.
    """

    candidates: tuple[str, ...]
    choices: npt.NDArray[np.integer]
    weights: Weights | None = None
    denominator: int = 1

    def __post_init__(self) -> None:
        choices = np.asarray(self.choices)
        if choices.ndim != 1 or (choices.size and choices.dtype.kind not in "iu"):
            raise ValueError("choices must be a one-dimensional array of candidate indices")
        if choices.size and (choices.min() < SPOILT or choices.max() >= len(self.candidates)):
            raise ValueError("a choice must be a candidate index, BLANK or SPOILT")
        weights = check_weights(self.weights, choices.shape[0], self.denominator)
        object.__setattr__(self, "choices", choices)
        object.__setattr__(self, "weights", weights)


@dataclass(frozen=True, kw_only=True)
class PluralityResult(Outcome):
    votes: tuple[Fraction, ...]
    blank: Fraction
    spoilt: Fraction
    valid: Fraction


@numba.njit(cache=True, nogil=True)  # type: ignore[untyped-decorator]
def _first_choices(
    ranks: npt.NDArray[np.int16],
) -> npt.NDArray[np.int64]:  # pragma: no cover - compiled; covered through first_choices
    n_ballots, n = ranks.shape
    choices = np.empty(n_ballots, dtype=np.int64)
    for b in range(n_ballots):
        best = 32767
        chosen = BLANK
        for c in range(n):
            r = ranks[b, c]
            if r > 0 and r < best:
                best = r
                chosen = c
            elif r == best:
                chosen = SPOILT
        choices[b] = chosen
    return choices


def first_choices(ballots: RankedBallots) -> ChoiceBallots:
    """Each ranked ballot's best-ranked candidate; BLANK if it ranks no one, SPOILT if it
    ranks several equal best (an over-vote), as instant-runoff's first round counts them."""
    choices = _first_choices(np.ascontiguousarray(ballots.ranks))
    return ChoiceBallots(ballots.candidates, choices, ballots.weights, ballots.denominator)


def count_plurality(ballots: ChoiceBallots, *, seed: str = "0") -> PluralityResult:
    """The candidate with the most votes wins."""
    n = len(ballots.candidates)
    # Shift so that SPOILT, BLANK and the candidates index one count array.
    counts = weighted_bincount(ballots.choices, ballots.weights, n - SPOILT, -SPOILT)
    spoilt, blank, *votes_numerators = (int(c) for c in counts)
    votes = fractions(votes_numerators, ballots.denominator)
    winners, tied, lots = top_candidates(votes, seed=seed, context="plurality: most votes")
    reason = _top_reason(ballots.candidates, votes, winners, tied, "votes")
    return PluralityResult(
        candidates=ballots.candidates,
        winners=winners,
        tied=tied,
        reason=reason,
        lots=lots,
        votes=votes,
        blank=Fraction(blank, ballots.denominator),
        spoilt=Fraction(spoilt, ballots.denominator),
        valid=sum(votes, Fraction(0)),
    )


@dataclass(frozen=True)
class ApprovalBallots:
    """Approval ballots: ``approvals[b, c]`` is True when ballot ``b`` approves ``c``.

    A ballot approving no one is blank. ``spoilt`` is the weight (in numerators over
    ``denominator``) of ballots set aside as unreadable; they approve no one.
    """

    candidates: tuple[str, ...]
    approvals: npt.NDArray[np.bool_]
    weights: Weights | None = None
    denominator: int = 1
    spoilt: int = 0

    def __post_init__(self) -> None:
        approvals = np.asarray(self.approvals, dtype=bool)
        if approvals.ndim != 2 or approvals.shape[1] != len(self.candidates):
            raise ValueError(f"approvals must have shape (ballots, {len(self.candidates)})")
        weights = check_weights(self.weights, approvals.shape[0], self.denominator)
        if self.spoilt < 0:
            raise ValueError("the spoilt weight must not be negative")
        object.__setattr__(self, "approvals", approvals)
        object.__setattr__(self, "weights", weights)


@dataclass(frozen=True, kw_only=True)
class ApprovalResult(Outcome):
    approvals: tuple[Fraction, ...]
    ballots: Fraction
    blank: Fraction
    spoilt: Fraction


def count_approval(ballots: ApprovalBallots, *, seed: str = "0") -> ApprovalResult:
    """The candidate approved on the most ballots wins."""
    den = ballots.denominator
    totals = fractions(weighted_column_sums(ballots.approvals, ballots.weights, 1), den)
    is_blank: npt.NDArray[np.bool_] = np.logical_not(ballots.approvals.any(axis=1))
    blank = _weight_where(is_blank, ballots.weights)
    winners, tied, lots = top_candidates(totals, seed=seed, context="approval: most approvals")
    return ApprovalResult(
        candidates=ballots.candidates,
        winners=winners,
        tied=tied,
        reason=_top_reason(ballots.candidates, totals, winners, tied, "approvals"),
        lots=lots,
        approvals=totals,
        ballots=Fraction(_weight_where(None, ballots.weights, len(is_blank)), den),
        blank=Fraction(blank, den),
        spoilt=Fraction(ballots.spoilt, den),
    )


@dataclass(frozen=True)
class ScoreBallots:
    """Score ballots: ``scores[b, c]`` in 0..``max_score``; an unscored candidate gets 0.

    A ballot scoring everyone 0 is blank. ``spoilt`` as for :class:`ApprovalBallots`.
    """

    candidates: tuple[str, ...]
    scores: npt.NDArray[np.integer]
    max_score: int
    weights: Weights | None = None
    denominator: int = 1
    spoilt: int = 0

    def __post_init__(self) -> None:
        scores = np.asarray(self.scores)
        if scores.ndim != 2 or scores.shape[1] != len(self.candidates):
            raise ValueError(f"scores must have shape (ballots, {len(self.candidates)})")
        if scores.size and (scores.dtype.kind not in "iu" or scores.min() < 0):
            raise ValueError("scores must be whole numbers of at least 0")
        if self.max_score < 1 or (scores.size and scores.max() > self.max_score):
            raise ValueError(f"scores must lie between 0 and the maximum {self.max_score}")
        weights = check_weights(self.weights, scores.shape[0], self.denominator)
        if self.spoilt < 0:
            raise ValueError("the spoilt weight must not be negative")
        object.__setattr__(self, "scores", scores)
        object.__setattr__(self, "weights", weights)


@dataclass(frozen=True, kw_only=True)
class ScoreResult(Outcome):
    totals: tuple[Fraction, ...]
    ballots: Fraction
    blank: Fraction
    spoilt: Fraction


def count_score(ballots: ScoreBallots, *, seed: str = "0") -> ScoreResult:
    """The candidate with the highest total score wins."""
    den = ballots.denominator
    sums = weighted_column_sums(ballots.scores, ballots.weights, ballots.max_score)
    totals = fractions(sums, den)
    is_blank: npt.NDArray[np.bool_] = np.logical_not((ballots.scores > 0).any(axis=1))
    winners, tied, lots = top_candidates(totals, seed=seed, context="score: highest total")
    return ScoreResult(
        candidates=ballots.candidates,
        winners=winners,
        tied=tied,
        reason=_top_reason(ballots.candidates, totals, winners, tied, "points"),
        lots=lots,
        totals=totals,
        ballots=Fraction(_weight_where(None, ballots.weights, len(is_blank)), den),
        blank=Fraction(_weight_where(is_blank, ballots.weights), den),
        spoilt=Fraction(ballots.spoilt, den),
    )


def _weight_where(mask: npt.NDArray[np.bool_] | None, weights: Weights | None, n: int = 0) -> int:
    """Total weight of the ballots selected by ``mask`` (all ``n`` ballots when None)."""
    if mask is None:
        return n if weights is None else exact_sum(weights)
    if weights is None:
        return int(np.count_nonzero(mask))
    return exact_sum(weights[mask])


def _top_reason(
    names: tuple[str, ...],
    totals: tuple[Fraction, ...],
    winners: tuple[int, ...],
    tied: tuple[int, ...],
    unit: str,
) -> str:
    if not winners:
        return "no candidates"
    top = totals[winners[0]]
    if len(tied) == 1:
        return f"{names[winners[0]]} has the most {unit} ({top})"
    listed = ", ".join(names[c] for c in tied)
    return f"{listed} tied with {top} {unit} each; a lot chose {names[winners[0]]}"
