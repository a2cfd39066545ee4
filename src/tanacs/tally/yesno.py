"""Yes / no / abstain votes with a quorum and a threshold, counted exactly.

Turnout counts every ballot returned (yes, no, abstain, blank and spoilt) as a share of the
electorate. The quorum is checked first; if it is met, the threshold decides. The result
names the rule that decided and the margin: how many votes (or, for the quorum, how much
turnout) above or below the line the motion fell. Weights are exact throughout.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from tanacs.tally._counting import Weights, check_weights, weighted_bincount

__all__ = [
    "ABSOLUTE_MAJORITY",
    "SIMPLE_MAJORITY",
    "TWO_THIRDS",
    "Threshold",
    "Vote",
    "YesNoBallots",
    "YesNoResult",
    "at_least",
    "count_yesno",
    "more_than",
]


class Vote(enum.IntEnum):
    BLANK = 0
    YES = 1
    NO = 2
    ABSTAIN = 3
    SPOILT = 4


Base = Literal["cast", "present", "electorate"]


@dataclass(frozen=True)
class Threshold:
    """The yes votes a motion needs: a ``share`` of a ``base``.

    ``base`` is ``"cast"`` (yes + no), ``"present"`` (yes + no + abstain) or ``"electorate"``.
    ``strict`` means more than the share (a majority); otherwise at least the share.
    """

    share: Fraction
    base: Base = "cast"
    strict: bool = False

    def __post_init__(self) -> None:
        if not 0 <= self.share <= 1:
            raise ValueError("a threshold share must lie between 0 and 1")

    def describe(self) -> str:
        words = "more than" if self.strict else "at least"
        share = "half" if self.share == Fraction(1, 2) else str(self.share)
        base = {
            "cast": "the yes and no votes cast",
            "present": "the votes cast including abstentions",
            "electorate": "the electorate",
        }[self.base]
        return f"{words} {share} of {base}"


def more_than(share: Fraction | int, base: Base = "cast") -> Threshold:
    return Threshold(Fraction(share), base, strict=True)


def at_least(share: Fraction | int, base: Base = "cast") -> Threshold:
    return Threshold(Fraction(share), base, strict=False)


SIMPLE_MAJORITY = more_than(Fraction(1, 2))
ABSOLUTE_MAJORITY = more_than(Fraction(1, 2), "electorate")
TWO_THIRDS = at_least(Fraction(2, 3))


@dataclass(frozen=True)
class YesNoBallots:
    """``votes[b]`` is a :class:`Vote` code; weights as in the other ballot types."""

    votes: npt.NDArray[np.integer]
    weights: Weights | None = None
    denominator: int = 1

    def __post_init__(self) -> None:
        votes = np.asarray(self.votes)
        if votes.ndim != 1 or (votes.size and votes.dtype.kind not in "iu"):
            raise ValueError("votes must be a one-dimensional array of vote codes")
        if votes.size and (votes.min() < 0 or votes.max() > max(Vote)):
            raise ValueError("a vote must be one of the Vote codes 0 to 4")
        weights = check_weights(self.weights, votes.shape[0], self.denominator)
        object.__setattr__(self, "votes", votes)
        object.__setattr__(self, "weights", weights)


@dataclass(frozen=True, kw_only=True)
class YesNoResult:
    """The decision and everything needed to check it.

    ``margin`` is signed: for the rule that decided, the yes votes (or turnout) minus what
    was needed. A strict threshold ("more than") fails at a margin of exactly 0.
    """

    passed: bool
    decided_by: Literal["quorum", "threshold"]
    reason: str
    margin: Fraction
    yes: Fraction
    no: Fraction
    abstain: Fraction
    blank: Fraction
    spoilt: Fraction
    turnout: Fraction
    electorate: Fraction | None
    quorum: Fraction | None
    quorum_needed: Fraction | None
    threshold: Threshold
    needed: Fraction | None


def count_yesno(
    ballots: YesNoBallots,
    *,
    threshold: Threshold = SIMPLE_MAJORITY,
    electorate: int | Fraction | None = None,
    quorum: Fraction | None = None,
) -> YesNoResult:
    """Count a yes/no vote: quorum first (if any), then the threshold."""
    if electorate is not None and electorate <= 0:
        raise ValueError("the electorate must be positive")
    if (quorum is not None or threshold.base == "electorate") and electorate is None:
        raise ValueError("a quorum or a threshold of the electorate needs the electorate size")
    if quorum is not None and not 0 <= quorum <= 1:
        raise ValueError("a quorum is a share of the electorate between 0 and 1")
    raw = weighted_bincount(ballots.votes, ballots.weights, len(Vote))
    blank, yes, no, abstain, spoilt = (Fraction(int(c), ballots.denominator) for c in raw)
    turnout = blank + yes + no + abstain + spoilt
    size = None if electorate is None else Fraction(electorate)
    # The same tallies go into either result: the quorum's or the threshold's.
    counts: dict[str, Any] = {
        "yes": yes,
        "no": no,
        "abstain": abstain,
        "blank": blank,
        "spoilt": spoilt,
        "turnout": turnout,
        "electorate": size,
        "quorum": quorum,
        "threshold": threshold,
    }
    if quorum is not None and size is not None:
        needed_turnout = quorum * size
        if turnout < needed_turnout:
            return YesNoResult(
                passed=False,
                decided_by="quorum",
                reason=(
                    f"quorum not met: turnout {_votes(turnout)} of {_votes(size)}, "
                    f"{_votes(needed_turnout)} needed"
                ),
                margin=turnout - needed_turnout,
                quorum_needed=needed_turnout,
                needed=None,
                **counts,
            )
    base = {"cast": yes + no, "present": yes + no + abstain, "electorate": size}[threshold.base]
    assert base is not None
    needed = threshold.share * base
    margin = yes - needed
    passed = margin > 0 if threshold.strict else margin >= 0
    verdict = "passed" if passed else "failed"
    return YesNoResult(
        passed=passed,
        decided_by="threshold",
        reason=(
            f"{verdict}: {_votes(yes)} yes, {_votes(no)} no; {threshold.describe()} "
            f"({_votes(needed)}) needed; margin {_votes(margin)}"
        ),
        margin=margin,
        quorum_needed=None if quorum is None or size is None else quorum * size,
        needed=needed,
        **counts,
    )


def _votes(value: Fraction | int) -> str:
    """A vote count as a person reads it: 25291.5 rather than 50583/2; a fraction only where
    no short decimal is exact (weights of 1/3, say)."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    for places in range(1, 6):
        scaled = value * 10**places
        if scaled.denominator == 1:
            whole, part = divmod(abs(scaled.numerator), 10**places)
            sign = "-" if value < 0 else ""
            return f"{sign}{whole}.{part:0{places}d}"
    return str(value)
