"""The one adapter between stored choices and the tally engine (:mod:`tanacs.tally`).

Choices are grouped in the database by council and marks, so the engine receives each
distinct ballot once with its summed weight (every rule treats a ballot of weight k as k
copies). A referendum is counted for every base council, for every council above them up to
the ballot's council, and in total; a council's profile is the sum of its children's, so the
figures at every level add up exactly.

Small councils: a council with fewer than ``min_reported`` voters has its figures withheld and
its ballots listed under the nearest ancestor whose figures are shown. Because a parent's
figures minus its shown children would reveal a lone withheld child, one more child is
withheld beside it (the smallest), and a withheld council whose children were all shown has
its smallest child withheld as well, until no withheld council can be derived that way.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from fractions import Fraction
from operator import itemgetter
from typing import Any

import numpy as np
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count, Sum

from tanacs.ballots.marks import ranked_groups
from tanacs.ballots.models import Ballot, Choice, Elector, Method
from tanacs.ballots.rules import share_of, threshold_of
from tanacs.core.csvsafe import csv_field
from tanacs.federation.models import Council
from tanacs.tally.ballots import RankedBallots
from tanacs.tally.choice import (
    ApprovalBallots,
    ApprovalResult,
    ChoiceBallots,
    PluralityResult,
    count_approval,
    count_plurality,
)
from tanacs.tally.condorcet import count_ranked_pairs, count_schulze
from tanacs.tally.irv import IrvResult, count_irv
from tanacs.tally.results import Outcome, jsonable
from tanacs.tally.stv import StvResult, count_stv
from tanacs.tally.yesno import Vote, YesNoBallots, YesNoResult, count_yesno

__all__ = [
    "LIST_HEADER",
    "BallotResult",
    "CouncilResult",
    "Summary",
    "Tally",
    "council_nodes",
    "council_tree",
    "count_ballot",
    "count_profile",
    "list_sha256",
    "list_text",
    "lot_seed",
    "tree_sha256",
    "withheld_councils",
]

LIST_HEADER = "receipt_hash,council,weight,marks,voter"
_YESNO_CODES = {"yes": Vote.YES, "no": Vote.NO, "abstain": Vote.ABSTAIN}


Engine = Outcome | YesNoResult  # what the tally engine returns for any method


def _j(value: Any) -> Any:
    return jsonable(value)


@dataclass(frozen=True, kw_only=True)
class Summary:
    """One council's (or the whole ballot's) figures, as published.

    ``passed`` is the decision of a yes/no vote (None for an election, False when nothing
    was counted); ``winners`` are names in the order elected. The remaining fields belong to
    some methods only and are left out of the published data where they are None: the yes,
    no and abstain votes of a yes/no vote, the votes or approvals per option, the first
    preferences (instant-runoff, STV) and STV's substitutes.
    """

    turnout: int
    electorate: int
    passed: bool | None
    winners: tuple[str, ...]
    reason: str
    yes: Fraction | None = None
    no: Fraction | None = None
    abstain: Fraction | None = None
    votes: dict[str, Fraction] | None = None
    approvals: dict[str, Fraction] | None = None
    first_preferences: dict[str, Fraction] | None = None
    substitutes: tuple[str, ...] | None = None

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "turnout": self.turnout,
            "electorate": self.electorate,
            "passed": self.passed,
            "winners": list(self.winners),
            "reason": self.reason,
        }
        optional = {
            "yes": self.yes,
            "no": self.no,
            "abstain": self.abstain,
            "votes": self.votes,
            "approvals": self.approvals,
            "first_preferences": self.first_preferences,
            "substitutes": self.substitutes,
        }
        data |= {key: _j(value) for key, value in optional.items() if value is not None}
        return data


@dataclass
class Node:
    id: int
    name: str
    level: int
    parent: int | None
    children: list[int] = field(default_factory=list)


def council_tree(ballot: Ballot) -> list[list[Any]]:
    """The councils a ballot reports on as the tree stands now, one [id, parent, level, name]
    each, sorted by id: its council and, for a referendum, every council below it. Opening
    fixes this on the ballot (``Ballot.council_tree``); the root's parent is always None."""
    root = ballot.council
    if not ballot.is_referendum:
        return [[root.pk, None, root.level, root.name]]
    rows = Council.objects.filter(federation_id=root.federation_id, level__lte=root.level)
    children: dict[int, list[int]] = defaultdict(list)
    found: dict[int, list[Any]] = {}
    for pk, name, level, parent in rows.values_list("id", "name", "level", "parent_id"):
        found[pk] = [pk, parent, level, name]
        if parent is not None:
            children[parent].append(pk)
    tree: list[list[Any]] = []
    stack = [root.pk]
    while stack:
        pk = stack.pop()
        tree.append(found[pk])
        stack.extend(children.get(pk, ()))
    tree[0] = [root.pk, None, root.level, root.name]
    return sorted(tree, key=itemgetter(0))


def tree_sha256(tree: list[list[Any]]) -> str:
    """What the opening entry records of the fixed tree: SHA-256 of its canonical JSON."""
    text = json.dumps(tree, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def council_nodes(ballot: Ballot) -> tuple[dict[int, Node], int]:
    """The councils a ballot reports on, from the tree fixed when it opened (the live tree
    only for a ballot not opened yet)."""
    tree = ballot.council_tree or council_tree(ballot)
    nodes = {pk: Node(pk, name, level, parent) for pk, parent, level, name in tree}
    for node in nodes.values():
        if node.parent is not None and node.parent in nodes:
            nodes[node.parent].children.append(node.id)
    return nodes, ballot.council_id


def _profile_ballots(ballot: Ballot, profile: dict[str, int]) -> tuple[list[str], Any]:
    marks = sorted(profile)
    return marks, np.array([profile[m] for m in marks], dtype=np.int64)


def lot_seed(uid: str, head: str) -> str:
    """The seed of any lot a ballot's count draws: its uid and the journal head just before
    its closing entry. Nobody knows that head before the close (every journaled action moves
    it), so nobody, the ballot's creator included, can know the lot while votes are cast;
    afterwards the closing entry's ``prev`` fixes it for anyone to redraw."""
    return hashlib.sha256(f"tanacs lot\n{uid}\n{head}".encode()).hexdigest()


def count_profile(
    ballot: Ballot, profile: dict[str, int], electorate: int, *, seed: str | None = None
) -> tuple[Summary, Engine | None]:
    """Count one council's (or the whole) profile: a compact summary and the engine's result.

    ``seed`` is the ballot's :func:`lot_seed`; ballots closed before lots were seeded from the
    journal were drawn with their uid, which is what ``None`` recounts."""
    turnout = sum(profile.values())
    quorum = share_of(ballot.quorum)
    if turnout == 0 or electorate == 0:
        zero = Fraction(0) if ballot.method == Method.YESNO else None
        nothing = Summary(
            turnout=turnout,
            electorate=electorate,
            passed=False,
            winners=(),
            reason="no votes were cast",
            yes=zero,
            no=zero,
            abstain=zero,
        )
        return nothing, None
    if ballot.method == Method.YESNO:
        return _count_yesno(ballot, profile, electorate, quorum)
    if quorum is not None and turnout < quorum * electorate:
        reason = (
            f"quorum not met: turnout {turnout} of {electorate}, {_j(quorum * electorate)} needed"
        )
        return Summary(
            turnout=turnout, electorate=electorate, passed=False, winners=(), reason=reason
        ), None
    result = _count_election(ballot, profile, str(ballot.uid) if seed is None else seed)
    options = tuple(ballot.options)
    summary = Summary(
        turnout=turnout,
        electorate=electorate,
        passed=None,
        winners=result.winner_names,
        reason=result.reason,
        votes=_per_option(options, result.votes) if isinstance(result, PluralityResult) else None,
        approvals=(
            _per_option(options, result.approvals) if isinstance(result, ApprovalResult) else None
        ),
        first_preferences=(
            _per_option(options, result.first_preferences)
            if isinstance(result, IrvResult | StvResult)
            else None
        ),
        substitutes=result.substitute_names if isinstance(result, StvResult) else None,
    )
    return summary, result


def _per_option(options: tuple[str, ...], values: tuple[Fraction, ...]) -> dict[str, Fraction]:
    return dict(zip(options, values, strict=True))


def _count_yesno(
    ballot: Ballot, profile: dict[str, int], electorate: int, quorum: Fraction | None
) -> tuple[Summary, YesNoResult]:
    marks, weights = _profile_ballots(ballot, profile)
    votes = np.array([_YESNO_CODES[m] for m in marks], dtype=np.int64)
    result = count_yesno(
        YesNoBallots(votes, weights),
        threshold=threshold_of(ballot.threshold, ballot.threshold_share),
        electorate=electorate,
        quorum=quorum,
    )
    summary = Summary(
        turnout=sum(profile.values()),
        electorate=electorate,
        passed=result.passed,
        winners=(),
        reason=result.reason,
        yes=result.yes,
        no=result.no,
        abstain=result.abstain,
    )
    return summary, result


def _count_election(ballot: Ballot, profile: dict[str, int], seed: str) -> Outcome:
    """Count an election (every method but yes/no) with the engine."""
    options = tuple(ballot.options)
    marks, weights = _profile_ballots(ballot, profile)
    if ballot.method == Method.CHOOSE_ONE:
        choices = np.array([int(m) for m in marks], dtype=np.int64)
        return count_plurality(ChoiceBallots(options, choices, weights), seed=seed)
    if ballot.method == Method.APPROVAL:
        matrix = np.zeros((len(marks), len(options)), dtype=bool)
        for row, m in enumerate(marks):
            for i in m.split("+") if m else []:
                matrix[row, int(i)] = True
        return count_approval(ApprovalBallots(options, matrix, weights), seed=seed)
    ranks = np.zeros((len(marks), len(options)), dtype=np.int16)
    for row, m in enumerate(marks):
        for position, group in enumerate(ranked_groups(m), start=1):
            for c in group:
                ranks[row, c] = position
    ranked = RankedBallots(options, ranks, weights)
    if ballot.method == Method.SCHULZE:
        return count_schulze(ranked, seed=seed)
    if ballot.method == Method.RANKED_PAIRS:
        return count_ranked_pairs(ranked, seed=seed)
    if ballot.method == Method.IRV:
        return count_irv(ranked, seed=seed)
    return count_stv(ranked, seats=ballot.seats, seed=seed)


@dataclass(frozen=True, kw_only=True)
class CouncilResult:
    """One council's line in a referendum's result; ``summary`` is None where withheld."""

    council: int
    name: str
    level: int
    parent: int | None
    electorate: int
    electors: int
    voters: int
    binds: bool
    withheld: bool
    summary: Summary | None

    def as_json(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["summary"] = None if self.summary is None else self.summary.as_json()
        return data


@dataclass(frozen=True, kw_only=True)
class Referendum:
    """What a referendum adds: every council's result and how many passed or bound."""

    councils: tuple[CouncilResult, ...]
    passed_councils: dict[int, int]  # level -> councils where it passed
    withheld_councils: int
    bound_councils: int | None

    def as_json(self) -> dict[str, Any]:
        return {
            "councils": [c.as_json() for c in self.councils],
            "passed_councils": {str(level): n for level, n in sorted(self.passed_councils.items())},
            "withheld_councils": self.withheld_councils,
            "bound_councils": self.bound_councils,
        }


@dataclass(frozen=True, kw_only=True)
class BallotResult:
    """A ballot's counted result: the total, the engine's full result behind it, and for a
    referendum every council's. :meth:`as_json` is the JSON data closing publishes."""

    ballot: int
    uid: str
    method: str
    options: tuple[str, ...]
    seats: int
    electorate_kind: str
    electorate: int
    electors: int
    voters: int
    total: Summary
    engine: Engine | None
    seed: str | None
    referendum: Referendum | None

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "ballot": self.ballot,
            "uid": self.uid,
            "method": self.method,
            "options": list(self.options),
            "seats": self.seats,
            "electorate_kind": self.electorate_kind,
            "electorate": self.electorate,
            "electors": self.electors,
            "voters": self.voters,
            "total": self.total.as_json(),
            "engine": None if self.engine is None else _j(self.engine),
            "passed": self.total.passed,
            "winners": list(self.total.winners),
        }
        if self.seed is not None:
            data["seed"] = self.seed
        if self.referendum is not None:
            data |= self.referendum.as_json()
        return data


@dataclass(frozen=True)
class Tally:
    """A ballot's counted result and the published list's SHA-256."""

    result: BallotResult
    list_sha256: str
    shown: dict[int, int]  # council -> the council its ballots are listed under


Row = tuple[str, int, int, str, int | None]  # receipt hash, council, weight, marks, voter


def _scan(ballot: Ballot) -> list[Row]:
    """Every stored choice in one sequential read (no index order, no joins)."""
    table = Choice._meta.db_table
    voter = "voter_id" if not ballot.secret else "NULL"
    rows: list[Row] = []
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT receipt_hash, council_id, weight, marks, {voter} FROM {table} "
            "WHERE ballot_id = %s",
            [ballot.pk],
        )
        while batch := cursor.fetchmany(50_000):
            rows.extend(batch)
    return rows


def _aggregate(rows: list[Row]) -> tuple[dict[int, dict[str, int]], dict[int, int]]:
    """council -> marks -> summed weight, and council -> voters (one row per voter)."""
    voters = Counter(map(itemgetter(1), rows))
    if all(weight == 1 for _, _, weight, _, _ in rows):
        counts = Counter(map(itemgetter(1, 3), rows))  # counted in C: a million rows is quick
    else:
        counts = Counter()
        for _, council, weight, marks, _ in rows:
            counts[council, marks] += weight
    profiles: dict[int, dict[str, int]] = defaultdict(dict)
    for (council, marks), weight in counts.items():
        profiles[council][marks] = weight
    return profiles, voters


def _electorate(ballot: Ballot) -> dict[int, tuple[int, int]]:
    """council -> (electorate weight, electors), as fixed when the ballot opened."""
    if ballot.electorate_by_council or not ballot.electors_count:
        return {int(k): (w, n) for k, (w, n) in ballot.electorate_by_council.items()}
    return electorate_by_council(ballot)


def electorate_by_council(ballot: Ballot) -> dict[int, tuple[int, int]]:
    rows = (
        Elector.objects.filter(ballot=ballot)
        .values("council_id")
        .annotate(w=Sum("weight"), n=Count("id"))
        .order_by()
    )
    return {r["council_id"]: (int(r["w"] or 0), r["n"]) for r in rows}


def _merge(target: dict[str, int], source: dict[str, int]) -> None:
    for marks, weight in source.items():
        target[marks] = target.get(marks, 0) + weight


def _bottom_up(nodes: dict[int, Node]) -> list[int]:
    return sorted(nodes, key=lambda pk: (nodes[pk].level, pk))


def withheld_councils(
    nodes: dict[int, Node], root: int, voters: dict[int, int], least: int
) -> set[int]:
    """The councils whose figures are withheld: fewer than ``least`` voters, and those beside
    them from which a withheld one could be derived (see the module's doc)."""
    withheld = {pk for pk in nodes if pk != root and voters[pk] < least}
    changed = True
    while changed:
        changed = False
        for node in nodes.values():
            kids = node.children
            hidden = [k for k in kids if k in withheld]
            shown = [k for k in kids if k not in withheld]
            lone = len(hidden) == 1 and shown
            derivable = node.id in withheld and kids and not hidden
            if lone or derivable:
                withheld.add(min(shown, key=lambda k: (voters[k], k)))
                changed = True
    return withheld


def count_ballot(ballot: Ballot, *, seed: str | None = None) -> Tally:
    """Count a ballot from its stored choices: what closing publishes and recounting checks.

    ``seed`` (see :func:`lot_seed`) is recorded in the result, so the lot can be redrawn."""
    nodes, root = council_nodes(ballot)
    rows = _scan(ballot)
    base, counted = _aggregate(rows)
    electorate = _electorate(ballot)
    profiles: dict[int, dict[str, int]] = {pk: {} for pk in nodes}
    weight: dict[int, int] = dict.fromkeys(nodes, 0)
    electors: dict[int, int] = dict.fromkeys(nodes, 0)
    voters: dict[int, int] = dict.fromkeys(nodes, 0)

    def where(pk: int) -> int:
        return pk if ballot.is_referendum and pk in nodes else root

    for pk, profile in base.items():
        _merge(profiles[where(pk)], profile)
        voters[where(pk)] += counted[pk]
    for pk, (w, n) in electorate.items():
        target = where(pk)
        weight[target] += w
        electors[target] += n
    for pk in _bottom_up(nodes):
        parent = nodes[pk].parent
        if parent is not None:
            _merge(profiles[parent], profiles[pk])
            weight[parent] += weight[pk]
            electors[parent] += electors[pk]
            voters[parent] += voters[pk]
    least = ballot.min_reported
    withheld = withheld_councils(nodes, root, voters, least) if ballot.is_referendum else set()
    shown = _shown_under(nodes, withheld)
    total, engine = count_profile(ballot, profiles[root], weight[root], seed=seed)
    referendum = None
    if ballot.is_referendum:
        referendum = _per_council(
            ballot, nodes, root, profiles, weight, electors, voters, withheld, seed
        )
    result = BallotResult(
        ballot=ballot.pk,
        uid=str(ballot.uid),
        method=ballot.method,
        options=tuple(ballot.options),
        seats=ballot.seats,
        electorate_kind=ballot.electorate,
        electorate=weight[root],
        electors=electors[root],
        voters=voters[root],
        total=total,
        engine=engine,
        seed=seed,
        referendum=referendum,
    )
    return Tally(result, list_sha256(published_rows(ballot, shown, rows)), shown)


def _shown_under(nodes: dict[int, Node], withheld: set[int]) -> dict[int, int]:
    shown: dict[int, int] = {}
    for pk in nodes:
        target = pk
        while target in withheld:
            parent = nodes[target].parent
            assert parent is not None
            target = parent
        shown[pk] = target
    return shown


def _per_council(
    ballot: Ballot,
    nodes: dict[int, Node],
    root: int,
    profiles: dict[int, dict[str, int]],
    weight: dict[int, int],
    electors: dict[int, int],
    voters: dict[int, int],
    withheld: set[int],
    seed: str | None,
) -> Referendum:
    binding = share_of(ballot.council_turnout)
    councils = []
    passed_by_level: dict[int, int] = defaultdict(int)
    bound = 0
    for pk in _bottom_up(nodes):
        node = nodes[pk]
        turnout = sum(profiles[pk].values())
        binds = binding is None or (weight[pk] > 0 and turnout >= binding * weight[pk])
        if node.level == 0 and binds and binding is not None:
            bound += 1
        summary = None
        if pk not in withheld:
            summary, _ = count_profile(ballot, profiles[pk], weight[pk], seed=seed)
            if summary.passed:
                passed_by_level[node.level] += 1
        councils.append(
            CouncilResult(
                council=pk,
                name=node.name,
                level=node.level,
                parent=node.parent,
                electorate=weight[pk],
                electors=electors[pk],
                voters=voters[pk],
                binds=binds,
                withheld=pk in withheld,
                summary=summary,
            )
        )
    return Referendum(
        councils=tuple(councils),
        passed_councils=dict(passed_by_level),
        withheld_councils=len(withheld),
        bound_councils=bound if binding is not None else None,
    )


def published_rows(
    ballot: Ballot, shown: dict[int, int], rows: list[Row] | None = None
) -> list[tuple[str, int, int, str, str]]:
    """The published ballot list: receipt hash, council shown, weight, marks, voter (open
    ballots only), sorted by receipt hash so its order says nothing about when anyone voted."""
    rows = _scan(ballot) if rows is None else rows
    root = ballot.council_id
    moved = {c: s for c, s in shown.items() if c != s}
    names: dict[int, str] = {}
    if not ballot.secret:
        ids = {voter for *_, voter in rows if voter is not None}
        users = get_user_model().objects.filter(pk__in=ids).values_list("pk", "username")
        names = dict(users)
    listed: list[tuple[str, int, int, str, str]] = [
        (receipt, moved.get(council, council) if council in shown else root, weight, marks,
         names.get(voter, "") if voter is not None else "")
        for receipt, council, weight, marks, voter in rows
    ]  # fmt: skip
    listed.sort(key=itemgetter(0))
    return listed


def list_text(listed: list[tuple[str, int, int, str, str]]) -> Iterator[str]:
    """The published list as CSV, in chunks: the header, then one line per ballot.

    These are the very bytes (UTF-8) that :func:`list_sha256` hashes and that every interface
    serves, so ``sha256sum`` of a download is the published ``list_sha256``. Text cells are
    escaped against spreadsheet formulas and quoted where CSV needs it (:func:`csv_field`).
    """
    yield f"{LIST_HEADER}\n"
    marks_cells: dict[str, str] = {}
    for start in range(0, len(listed), 100_000):
        lines = []
        for receipt, council, weight, marks, voter in listed[start : start + 100_000]:
            cell = marks_cells.get(marks)
            if cell is None:
                cell = marks_cells[marks] = csv_field(marks)
            if not receipt.isalnum():  # a hex digest always is; anything else is escaped
                receipt = csv_field(receipt)
            lines.append(f"{receipt},{council},{weight},{cell},{csv_field(voter)}\n")
        yield "".join(lines)


def list_sha256(listed: list[tuple[str, int, int, str, str]]) -> str:
    """SHA-256 of :func:`list_text`: what the closing entry publishes."""
    digest = hashlib.sha256()
    for chunk in list_text(listed):
        digest.update(chunk.encode())
    return digest.hexdigest()
