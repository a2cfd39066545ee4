"""The single transferable vote: the Scottish local-government rules, and Meek's method.

``count_stv`` counts by the Scottish Local Government Elections Order 2007 (SSI 2007/42,
Schedule 1, rules 45 to 52) unless ``rules="meek"`` is asked for. Rule numbers in comments
refer to that Schedule.

Ballots as people cast them: a ballot is read in consecutive order from 1. At a position
where two or more candidates are marked (an over-vote) or where a number is skipped, the
ballot stops, as US ranked-choice statutes do and as "next available preference ... in
consecutive order" (article 2 of the Order) implies. A ballot with no single first
preference is invalid; one with nothing marked is blank. Both are reported; neither counts.

Arithmetic is exact. Under the Scottish rules every vote is a whole number of
hundred-thousandths (rule 48(3) truncates transfer values to five decimal places), so the
count runs on integers in units of 1/(denominator x 100,000) of a vote, and the value lost
by truncation is reported at each stage: totals + set aside + lost always equals the valid
vote. Meek's method runs on integers in units of 10^-9 of a vote (see ``count_meek_stv``).

Ties are never broken silently. Each is recorded with every tied candidate and how it was
resolved: first by the earlier-stage rule, then by a lot drawn with
``tanacs.tally.ties.draw_lots`` from the recorded seed.

Substitutes: when the seats are filled the count carries on under the same rules until every
candidate has a place; ``substitutes`` is that order after the elected (see
``_ScottishCount.rank_substitutes`` and ``_MeekCount.rank_substitutes`` for why).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Literal

import numpy as np
import numpy.typing as npt

from tanacs.tally import _stv_kernels as kernels
from tanacs.tally.ballots import RankedBallots, exact_sum
from tanacs.tally.limits import LimitError, check_candidates
from tanacs.tally.results import Outcome
from tanacs.tally.ties import LotDraw, draw_lots

__all__ = [
    "StvResult",
    "StvStage",
    "StvTie",
    "count_meek_stv",
    "count_scottish_stv",
    "count_stv",
]

Rules = Literal["scottish", "meek"]
Action = Literal["first preferences", "surplus", "exclusion"]

DECIMALS = 100_000  # rule 48(3): transfer values to five decimal places
MEEK_ONE = 10**9  # Meek: votes and keep factors to nine decimal places
MEEK_TOLERANCE = 10_000  # 10^-5 of a vote, in units of 10^-9
MEEK_MAX_ITERATIONS = 1_000
DEFAULT_SEED = "tanacs-stv"
_INT64_LIMIT = 2**62

IntArray = npt.NDArray[np.integer]
Totals = Sequence[int] | npt.NDArray[np.int64]


@dataclass(frozen=True)
class StvTie:
    """Candidates tied where the rules must pick one, and how the tie was resolved.

    ``rule`` is ``"earlier stage"`` (``stage`` names the stage that separated them) or
    ``"lot"`` (``lot`` is the draw). ``chosen`` is the candidate the step picked: the one
    excluded, the one whose surplus goes first, or the one elected first.
    """

    context: str
    tied: tuple[int, ...]
    chosen: int
    rule: Literal["earlier stage", "lot"]
    stage: int | None = None
    lot: LotDraw | None = None


@dataclass(frozen=True)
class StvStage:
    """One stage of the count, as a returning officer's result sheet shows it.

    ``totals`` are the votes credited at the end of the stage and ``transfers`` the change
    the stage made to each. ``exhausted`` is the value of the papers set aside as
    non-transferable so far and ``lost`` the value lost by truncation so far, so that
    ``sum(totals) + exhausted + lost`` is the valid vote at every stage; ``stage_exhausted``
    and ``stage_lost`` are this stage's shares of them.
    ``elected`` lists the candidates deemed elected at the end of the stage, in order;
    ``last_vacancies`` says they filled the last vacancies because the continuing candidates
    equalled the vacancies (rule 52).
    """

    number: int
    action: Action
    candidate: int | None
    totals: tuple[Fraction, ...]
    transfers: tuple[Fraction, ...]
    exhausted: Fraction
    lost: Fraction
    stage_exhausted: Fraction
    stage_lost: Fraction
    quota: Fraction
    elected: tuple[int, ...] = ()
    last_vacancies: bool = False

    def describe(self, candidates: Sequence[str]) -> str:
        if self.candidate is None:
            return self.action
        return f"{self.action} of {candidates[self.candidate]}"


@dataclass(frozen=True, kw_only=True)
class StvResult(Outcome):
    """The outcome of an STV count and everything needed to check it.

    ``winners`` are the elected, in the order of election. ``substitutes`` ranks every other
    candidate in the order they would be elected next: a council's substitutes. ``stages``
    are the stages of the count proper; ``substitute_stages`` those of the count carried on
    past the last seat to rank the substitutes. ``excluded`` is in the order of exclusion in
    the count proper. ``unfilled`` counts seats left empty for want of candidates. ``ties``
    records every tie and how it was resolved; ``lots`` the lots among them (the substitutes'
    included). ``tied`` is the winners and every candidate of a tie in the count proper that
    only a lot broke.
    """

    seats: int
    rules: Rules
    substitutes: tuple[int, ...]
    quota: Fraction
    valid_votes: Fraction
    blank: Fraction
    invalid: Fraction
    stages: tuple[StvStage, ...]
    substitute_stages: tuple[StvStage, ...]
    excluded: tuple[int, ...]
    ties: tuple[StvTie, ...]
    seed: str
    unfilled: int = 0
    method: str = "stv"

    @property
    def substitute_names(self) -> tuple[str, ...]:
        return tuple(self.candidates[c] for c in self.substitutes)

    @property
    def decided_by_lot(self) -> bool:
        """Whether a lot decided a step of the count proper (not the substitutes' order)."""
        return any(_in_count_proper(t) for t in self.ties if t.lot is not None)

    @property
    def first_preferences(self) -> tuple[Fraction, ...]:
        return self.stages[0].totals


def _in_count_proper(tie: StvTie) -> bool:
    return not tie.context.startswith("substitutes")


def _reason(
    *,
    rules: Rules,
    seats: int,
    elected: int,
    quota: Fraction,
    valid: Fraction,
    stages: int,
    unfilled: int,
    by_lot: bool,
) -> str:
    """One line a person can check against the stages."""
    name = "the Scottish rules" if rules == "scottish" else "Meek's method"
    shown = quota if quota.denominator > 1 else quota.numerator
    text = (
        f"{elected} of {seats} seats filled by {name}: quota {shown} of "
        f"{valid} valid votes, {stages} stages"
    )
    text += f"; {unfilled} seats left unfilled" if unfilled else ""
    return text + ("; a lot decided a step" if by_lot else "")


def count_stv(
    ballots: RankedBallots, *, seats: int, rules: Rules = "scottish", seed: str = DEFAULT_SEED
) -> StvResult:
    """Count an STV election: the Scottish rules by default, Meek's method on request."""
    check_candidates("STV", ballots.n_candidates)
    if rules == "scottish":
        return count_scottish_stv(ballots, seats=seats, seed=seed)
    if rules == "meek":
        return count_meek_stv(ballots, seats=seats, seed=seed)
    raise ValueError(f"unknown STV rules {rules!r}: choose 'scottish' or 'meek'")


def count_scottish_stv(
    ballots: RankedBallots, *, seats: int, seed: str = DEFAULT_SEED
) -> StvResult:
    """Count by the Scottish Local Government Elections Order 2007, Schedule 1, rules 45-52.

    Droop quota on the valid papers (rule 46); weighted inclusive Gregory transfer of
    surpluses, largest first, every paper of the elected candidate at a value truncated to
    five decimal places (rules 48, 49); exclusion of the lowest candidate, whose papers all
    pass on at their current values in one stage (rules 50, 51); the last vacancies filled
    when the continuing candidates equal them (rule 52).
    """
    count = _ScottishCount(ballots, seats, seed)
    count.run()
    return count.result()


def count_meek_stv(ballots: RankedBallots, *, seats: int, seed: str = DEFAULT_SEED) -> StvResult:
    """Count by Meek's method (Hill, Wichmann & Woodall, Computer Journal 30(3), 1987).

    Every ballot passes through the candidates in order: a hopeful candidate keeps all of
    what reaches them, an excluded one none, an elected one the fraction given by their keep
    factor. The quota, (valid votes - excess) / (seats + 1), is recomputed each iteration,
    and each elected candidate's keep factor is scaled by quota / votes until the surpluses
    vanish.

    Precision: fixed point with nine decimal places, as the New Zealand rules use (Local
    Electoral Regulations 2001, Schedule 1A; its clause 5 gives the quota, truncated to nine
    decimals and increased by 10^-9, which is ours). What a candidate keeps from each unit of
    a ballot's weight is rounded down and keep factors are rounded up, so rounding never
    credits more than a ballot holds; the remainder is in the excess, so votes + excess is
    exactly the valid vote. With weights over a denominator d the unit is 10^-9 / d of a
    vote, so weights stay exact and a weight k counts as k copies to the last unit.
    Iteration stops when the total surplus is below 10^-5 of a vote, when an iteration
    changes no keep factor (the finest the nine decimals allow), or after 1,000 iterations.
    Ties go by the earlier-stage rule, then a lot. One candidate is excluded at a time.
    """
    count = _MeekCount(ballots, seats, seed)
    count.run()
    return count.result()


# --- shared machinery -----------------------------------------------------------------------


class _Count:
    """What both rule sets share: the papers, the record of stages, and tie-breaking."""

    rules: Rules

    def __init__(self, ballots: RankedBallots, seats: int, seed: str, scale: int) -> None:
        if seats < 1:
            raise ValueError("an STV count needs at least one seat")
        self.names = ballots.candidates
        self.m = ballots.n_candidates
        self.seats = seats
        self.seed = seed
        self.weights = np.ascontiguousarray(ballots.weights, dtype=np.int64)
        if int(self.weights.max(initial=0)) * max(self.weights.size, 1) * scale >= _INT64_LIMIT:
            raise LimitError(
                "ballot weights too large to count exactly in 64-bit integers: STV counts "
                f"(largest weight x ballots x {scale}) below 2**62 ({_INT64_LIMIT})"
            )
        self.denominator = ballots.denominator
        self.unit = ballots.denominator * scale  # integer units in one vote
        dtype = np.int8 if self.m < 127 else np.int16
        self.prefs: IntArray = np.empty((ballots.n_ballots, max(self.m, 1)), dtype=dtype)
        ranks = np.ascontiguousarray(ballots.ranks)
        if self.m:
            blank, invalid = kernels.preference_lists(ranks, self.prefs, self.weights)
        else:
            blank, invalid = 0, exact_sum(self.weights)
            self.prefs[:] = kernels.END
        self.blank = int(blank)
        self.invalid = int(invalid)
        self.valid = exact_sum(self.weights) - self.blank - self.invalid  # in weight numerators
        self.elected: list[int] = []
        self.excluded: list[int] = []
        self.stages: list[StvStage] = []
        self.history: list[tuple[int, ...]] = []  # totals in units at the end of each stage
        self.exhausted_total = 0
        self.lost_total = 0
        self.ties: list[StvTie] = []
        self.context_prefix = ""
        self.stages_proper = 0  # stages, and exclusions, of the count proper (not substitutes)
        self.excluded_proper = 0

    def votes(self, units: int) -> Fraction:
        return Fraction(units, self.unit)

    def record(
        self,
        action: Action,
        candidate: int | None,
        totals: Totals,
        *,
        exhausted: int,
        lost: int,
        quota: int,
    ) -> StvStage:
        before = self.history[-1] if self.history else (0,) * self.m
        now = tuple(int(t) for t in totals)
        stage = StvStage(
            number=len(self.history) + 1,
            action=action,
            candidate=candidate,
            totals=tuple(self.votes(t) for t in now),
            transfers=tuple(self.votes(t - b) for t, b in zip(now, before, strict=True)),
            exhausted=self.votes(self.exhausted_total + exhausted),
            lost=self.votes(self.lost_total + lost),
            stage_exhausted=self.votes(exhausted),
            stage_lost=self.votes(lost),
            quota=self.votes(quota),
        )
        self.exhausted_total += exhausted
        self.lost_total += lost
        self.history.append(now)
        self.stages.append(stage)
        return stage

    def mark_elected(self, stage: StvStage, newly: Sequence[int], *, last: bool = False) -> None:
        index = self.stages.index(stage)
        self.stages[index] = replace(
            stage, elected=stage.elected + tuple(newly), last_vacancies=last
        )

    def pick(self, tied: Sequence[int], *, lowest: bool, context: str) -> int:
        """The candidate a step picks among ``tied`` (equal now), recording the tie.

        The earlier-stage rule (rules 49(2), 51(2)): look back from the most recent
        preceding stage at which the tied candidates had unequal votes and keep those lowest
        (or highest) there; repeat further back while several remain. Then a lot
        (rules 49(3), 51(2)(b)).
        """
        remaining = sorted(tied)
        if len(remaining) == 1:
            return remaining[0]
        context = f"{self.context_prefix}after stage {len(self.history)}: {context}"
        separated_at: int | None = None
        for index in range(len(self.history) - 2, -1, -1):
            totals = self.history[index]
            values = [totals[c] for c in remaining]
            if len(set(values)) > 1:
                target = min(values) if lowest else max(values)
                remaining = [c for c in remaining if totals[c] == target]
                separated_at = index + 1
                if len(remaining) == 1:
                    break
        if len(remaining) == 1:
            tie = StvTie(context, tuple(sorted(tied)), remaining[0], "earlier stage", separated_at)
        else:
            lot = draw_lots(remaining, seed=self.seed, context=context)
            tie = StvTie(context, tuple(sorted(tied)), lot.chosen, "lot", separated_at, lot)
        self.ties.append(tie)
        return tie.chosen

    def in_order(self, candidates: Sequence[int], totals: Totals, *, context: str) -> list[int]:
        """Candidates by votes, highest first; equal votes go through ``pick``."""
        totals = [int(t) for t in totals]
        ordered: list[int] = []
        left = list(candidates)
        while left:
            best = max(totals[c] for c in left)
            tied = [c for c in left if totals[c] == best]
            chosen = self.pick(tied, lowest=False, context=context)
            ordered.append(chosen)
            left.remove(chosen)
        return ordered

    def lowest(self, candidates: Sequence[int], totals: Totals) -> int:
        totals = [int(t) for t in totals]
        least = min(totals[c] for c in candidates)
        tied = [c for c in candidates if totals[c] == least]
        return self.pick(tied, lowest=True, context="exclusion")

    def finish(self, quota: int, substitutes: Sequence[int]) -> StvResult:
        """The result, built once at the end of the count."""
        winners = tuple(self.elected)
        ties = tuple(self.ties)
        by_lot = [t for t in ties if t.lot is not None and _in_count_proper(t)]
        close = sorted({c for t in by_lot for c in t.tied} - set(winners))
        stages = tuple(self.stages[: self.stages_proper])
        valid = Fraction(self.valid, self.denominator)
        unfilled = self.seats - len(winners)
        return StvResult(
            candidates=self.names,
            winners=winners,
            tied=winners + tuple(close),
            reason=_reason(
                rules=self.rules,
                seats=self.seats,
                elected=len(winners),
                quota=self.votes(quota),
                valid=valid,
                stages=len(stages),
                unfilled=unfilled,
                by_lot=bool(by_lot),
            ),
            lots=tuple(t.lot for t in ties if t.lot is not None),
            seats=self.seats,
            rules=self.rules,
            substitutes=tuple(substitutes),
            quota=self.votes(quota),
            valid_votes=valid,
            blank=Fraction(self.blank, self.denominator),
            invalid=Fraction(self.invalid, self.denominator),
            stages=stages,
            substitute_stages=tuple(self.stages[self.stages_proper :]),
            excluded=tuple(self.excluded[: self.excluded_proper]),
            ties=ties,
            seed=self.seed,
            unfilled=unfilled,
        )


# --- the Scottish rules -----------------------------------------------------------------------


class _ScottishCount(_Count):
    rules: Rules = "scottish"

    def __init__(self, ballots: RankedBallots, seats: int, seed: str) -> None:
        super().__init__(ballots, seats, seed, DECIMALS)
        n = ballots.n_ballots
        self.current: IntArray = np.empty(n, dtype=self.prefs.dtype)
        self.position: IntArray = np.empty(n, dtype=self.prefs.dtype)
        self.value_id = np.zeros(n, dtype=np.int32)
        self.values: list[int] = [DECIMALS]  # rule 48(4)(b)(i): a first preference is worth one
        self.value_ids = {DECIMALS: 0}
        self.continuing = np.ones(self.m, dtype=np.bool_)
        self.pending: list[int] = []  # elected, surplus not yet transferred
        self.totals = np.zeros(self.m, dtype=np.int64)
        kernels.first_stage(self.prefs, self.weights, self.current, self.position, self.totals)
        self.totals *= DECIMALS
        # Rule 46: the valid papers divided by one more than the seats, decimals ignored, plus one.
        self.quota = (self.valid // (self.denominator * (seats + 1)) + 1) * self.unit
        self.elected_proper = 0

    def continuing_list(self) -> list[int]:
        return [int(c) for c in np.flatnonzero(self.continuing)]

    def run(self) -> None:
        stage = self.record(
            "first preferences", None, self.totals, exhausted=0, lost=0, quota=self.quota
        )
        self.deem_elected(stage)
        while len(self.elected) < self.seats:
            continuing = self.continuing_list()
            if len(continuing) <= self.seats - len(self.elected):
                # Rule 52: the continuing candidates fill the last vacancies; no more transfers.
                order = self.in_order(continuing, self.totals, context="order of election")
                self.elect(order)
                self.mark_elected(self.stages[-1], order, last=True)
                break
            self.step()
        self.stages_proper = len(self.stages)
        self.excluded_proper = len(self.excluded)
        self.elected_proper = len(self.elected)

    def elect(self, order: Sequence[int]) -> None:
        for c in order:
            self.elected.append(c)
            self.continuing[c] = False
            self.pending.append(c)

    def deem_elected(self, stage: StvStage) -> None:
        # Rule 47: a candidate whose votes equal or exceed the quota is deemed elected.
        reached = [c for c in self.continuing_list() if self.totals[c] >= self.quota]
        if reached:
            order = self.in_order(reached, self.totals, context="order of election")
            self.elect(order)
            self.mark_elected(stage, order)

    def step(self) -> None:
        surpluses = [c for c in self.pending if self.totals[c] > self.quota]
        if surpluses:
            # Rule 49: the highest surplus first; equal ones by earlier stages, then lot.
            top = max(int(self.totals[c]) for c in surpluses)
            tied = [c for c in surpluses if self.totals[c] == top]
            stage = self.transfer_surplus(
                self.pick(tied, lowest=False, context="order of surplus transfers")
            )
        else:
            # Rules 50, 51: exclude the lowest; equal ones by earlier stages, then lot.
            stage = self.exclude(self.lowest(self.continuing_list(), self.totals))
        self.deem_elected(stage)

    def intern(self, value: int) -> int:
        if value not in self.value_ids:
            self.value_ids[value] = len(self.values)
            self.values.append(value)
        return self.value_ids[value]

    def move(self, source: int, new_id: npt.NDArray[np.int32]) -> tuple[npt.NDArray[np.int64], int]:
        received = np.zeros(self.m, dtype=np.int64)
        exhausted = kernels.transfer(
            self.prefs,
            self.weights,
            self.current,
            self.position,
            self.value_id,
            np.array(self.values, dtype=np.int64),
            source,
            new_id,
            self.continuing,
            received,
        )
        self.totals += received
        return received, int(exhausted)

    def transfer_surplus(self, source: int) -> StvStage:
        # Rule 48: every paper of the candidate passes on at surplus x its value / total votes,
        # truncated to five decimal places. A paper's value is one on a first preference and
        # otherwise the value it arrived with, so values are kept per paper.
        total = int(self.totals[source])
        surplus = total - self.quota
        held = kernels.values_held(self.current, self.value_id, source, len(self.values))
        new_id = np.arange(len(self.values), dtype=np.int32)
        for old in np.flatnonzero(held):
            new_id[old] = self.intern(surplus * self.values[old] // total)
        received, exhausted = self.move(source, new_id)
        lost = surplus - int(received.sum()) - exhausted
        self.totals[source] = self.quota
        self.pending.remove(source)
        return self.record(
            "surplus", source, self.totals, exhausted=exhausted, lost=lost, quota=self.quota
        )

    def exclude(self, source: int) -> StvStage:
        # Rule 50: all the papers pass on in one stage, each at the value it had (50(4)).
        self.continuing[source] = False
        self.excluded.append(source)
        _, exhausted = self.move(source, np.arange(len(self.values), dtype=np.int32))
        self.totals[source] = 0
        return self.record(
            "exclusion", source, self.totals, exhausted=exhausted, lost=0, quota=self.quota
        )

    def rank_substitutes(self) -> list[int]:
        """Carry the count on past the last seat, same quota and rules, to rank the rest.

        Candidates who reach the quota come next, in the order they reach it; when one
        continuing candidate is left, they come next; the excluded follow, last excluded
        first. Carrying on (rather than a fresh count for seats + 1) keeps the published
        count as it is and makes the substitutes extend it: the elected are exactly the
        first places, and a recount with more seats could elect a different set.
        """
        self.context_prefix = "substitutes, "
        while True:
            continuing = self.continuing_list()
            if len(continuing) <= 1:
                self.elected.extend(continuing)
                break
            self.step()
        later = self.elected[self.elected_proper :]
        del self.elected[self.elected_proper :]
        return later + self.excluded[::-1]

    def result(self) -> StvResult:
        substitutes = self.rank_substitutes()
        return self.finish(self.quota, substitutes)


# --- Meek's method ----------------------------------------------------------------------------


class _MeekCount(_Count):
    rules: Rules = "meek"

    def __init__(self, ballots: RankedBallots, seats: int, seed: str) -> None:
        super().__init__(ballots, seats, seed, MEEK_ONE)
        # Invalid papers take no part: zero weight, so they never reach the excess.
        self.valid_weights = np.where(self.prefs[:, 0] >= 0, self.weights, 0).astype(np.int64)
        self.keep = np.full(self.m, MEEK_ONE, dtype=np.int64)
        self.hopeful = list(range(self.m))
        self.totals = np.zeros(self.m, dtype=np.int64)
        self.total = self.valid * MEEK_ONE
        self.excess = 0
        self.quota = 0
        self.action: Action = "first preferences"
        self.subject: int | None = None
        self.final_quota = 0

    def paths(self) -> tuple[IntArray, npt.NDArray[np.int64]]:
        """The ballots grouped by what the iteration reads this stage (exact: per unit)."""
        width = len(self.elected) + 1
        if (self.m + 2) ** (width + 1) >= _INT64_LIMIT:
            return self.prefs, self.valid_weights  # too long to code: use every ballot
        elected = np.zeros(self.m, dtype=np.bool_)
        elected[self.elected] = True
        excluded = np.zeros(self.m, dtype=np.bool_)
        excluded[self.excluded] = True
        codes = np.empty(self.prefs.shape[0], dtype=np.int64)
        weights = np.zeros(self.prefs.shape[0], dtype=np.int64)
        groups = kernels.meek_paths(
            self.prefs, self.valid_weights, elected, excluded, codes, weights
        )
        codes, weights = codes[:groups].copy(), weights[:groups].copy()
        paths = np.empty((codes.shape[0], width), dtype=np.int16)
        kernels.decode_paths(codes, self.m, width, paths)
        return paths, weights

    def converge(self, seats: int) -> None:
        prefs, weights = self.paths()
        for _ in range(MEEK_MAX_ITERATIONS):
            self.excess = int(
                kernels.meek_distribute(prefs, weights, self.keep, MEEK_ONE, self.totals)
            )
            # The quota truncated to the unit, plus one unit (Schedule 1A, clause 5).
            self.quota = (self.total - self.excess) // (seats + 1) + 1
            surplus = sum(max(int(self.totals[c]) - self.quota, 0) for c in self.elected)
            if not self.elected or surplus < MEEK_TOLERANCE * self.denominator:
                return
            changed = False
            for c in self.elected:
                votes = int(self.totals[c])
                kept = int(self.keep[c])
                new = min(MEEK_ONE, -(-kept * self.quota // votes)) if votes else MEEK_ONE
                if new != kept:
                    self.keep[c] = new
                    changed = True
            if not changed:
                return

    def run_to(self, seats: int) -> None:
        while len(self.elected) < seats:
            before = self.excess
            self.converge(seats)
            stage = self.record(
                self.action,
                self.subject,
                self.totals,
                exhausted=self.excess - before,
                lost=0,
                quota=self.quota,
            )
            reached = [c for c in self.hopeful if self.totals[c] >= self.quota]
            if reached:
                order = self.in_order(reached, self.totals, context="order of election")
                self.elect(order)
                self.mark_elected(stage, order)
                self.action, self.subject = "surplus", None
                continue
            if len(self.hopeful) <= seats - len(self.elected):
                order = self.in_order(self.hopeful, self.totals, context="order of election")
                self.elect(order)
                self.mark_elected(stage, order, last=True)
                break
            loser = self.lowest(self.hopeful, self.totals)
            self.hopeful.remove(loser)
            self.keep[loser] = 0
            self.excluded.append(loser)
            self.action, self.subject = "exclusion", loser

    def elect(self, order: Sequence[int]) -> None:
        for c in order:
            self.elected.append(c)
            self.hopeful.remove(c)

    def run(self) -> None:
        self.run_to(self.seats)
        self.final_quota = self.quota
        self.stages_proper = len(self.stages)
        self.excluded_proper = len(self.excluded)

    def rank_substitutes(self) -> list[int]:
        """Carry the count on one seat at a time to rank the rest.

        Meek's quota depends on the number of seats, so the count goes on from where it
        stopped with one more seat, then another, until every hopeful candidate is placed;
        the excluded follow, last excluded first. The elected stay elected and keep the
        first places.
        """
        proper = len(self.elected)
        self.context_prefix = "substitutes, "
        while self.hopeful:
            self.run_to(len(self.elected) + 1)
        later = self.elected[proper:]
        del self.elected[proper:]
        return later + self.excluded[::-1]

    def result(self) -> StvResult:
        substitutes = self.rank_substitutes()
        return self.finish(self.final_quota, substitutes)
