"""A ballot as data: what ``show`` prints, and the published list as CSV or JSON.

The CLI, the API and the pages all describe a ballot through these, so they agree.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tanacs.ballots.marks import ranked_groups
from tanacs.ballots.models import Ballot, Method, State
from tanacs.ballots.selectors import get_result, iter_ballot_list, list_rows_for_export, turnout
from tanacs.ballots.subjects import decides_data
from tanacs.core.csvsafe import csv_field

__all__ = [
    "TALLY_METHODS",
    "ballot_data",
    "councils_top_down",
    "list_csv",
    "list_json",
    "redraw_command",
    "tally_csv",
]


def ballot_data(ballot: Ballot, *, councils: bool = True) -> dict[str, Any]:
    """Question, method, electorate, turnout and (once closed) the result per council and total."""
    data: dict[str, Any] = {
        "id": ballot.pk,
        "uid": str(ballot.uid),
        "council": {"id": ballot.council_id, "name": ballot.council.name},
        "title": ballot.title,
        "question": ballot.question,
        "method": ballot.method,
        "options": list(ballot.options),
        "seats": ballot.seats,
        "electorate": ballot.electorate,
        "secret": ballot.secret,
        "quorum": ballot.quorum or None,
        "threshold": ballot.threshold,
        "threshold_share": ballot.threshold_share or None,
        "council_turnout": ballot.council_turnout or None,
        "min_reported": ballot.min_reported,
        "decides": decides_data(ballot),
        "state": ballot.state,
        "opens_at": ballot.opens_at.isoformat() if ballot.opens_at else None,
        "closes_at": ballot.closes_at.isoformat() if ballot.closes_at else None,
        "electors": ballot.electors_count,
        "electorate_weight": ballot.electorate_weight,
    }
    if ballot.state in (State.OPEN, State.CLOSED, State.DECLARED):
        rows = turnout(ballot)
        total = next(r for r in rows if r.parent is None)
        data["turnout"] = {"electors": total.electors, "voters": total.voters}
        if councils and ballot.is_referendum:
            data["turnout"]["councils"] = [
                {"council": r.council, "name": r.name, "level": r.level,
                 "electors": r.electors, "voters": r.voters}
                for r in rows
            ]  # fmt: skip
    result = get_result(ballot)
    if result is not None:
        data["result"] = (
            result if councils else {k: v for k, v in result.items() if k != "councils"}
        )
        data["result_sha256"] = ballot.result_sha256
        data["list_sha256"] = ballot.list_sha256
        if "seed" in result:
            data["lot_seed"] = result["seed"]
            data["redraw"] = redraw_command(ballot, result["seed"])
    return data


def list_json(ballot: Ballot) -> dict[str, Any]:
    return {
        "ballot": ballot.pk,
        "uid": str(ballot.uid),
        "list_sha256": ballot.list_sha256,
        "ballots": list(list_rows_for_export(ballot)),
    }


def list_csv(ballot: Ballot) -> Iterator[str]:
    """The published list as CSV: the bytes whose SHA-256 is the ballot's ``list_sha256``.

    Columns: ``receipt_hash,council,weight,marks,voter`` (council by id; marks as
    :mod:`tanacs.ballots.marks` writes them; voter empty in a secret ballot). The JSON form
    names each choice in words.
    """
    return iter_ballot_list(ballot)


# The `tanacs tally` method that counts each ballot method as the app does.
TALLY_METHODS = {
    Method.YESNO: "yesno",
    Method.CHOOSE_ONE: "plurality",
    Method.APPROVAL: "approval",
    Method.SCHULZE: "schulze",
    Method.RANKED_PAIRS: "ranked-pairs",
    Method.IRV: "irv",
    Method.STV: "stv",
}


def redraw_command(ballot: Ballot, seed: str) -> str:
    """The `tanacs tally` line that recounts the whole ballot from :func:`tally_csv` and
    draws any lot again from the published seed."""
    seats = f" --seats {ballot.seats}" if ballot.method == Method.STV else ""
    method = TALLY_METHODS[Method(ballot.method)]
    return f"tanacs tally ballot-{ballot.pk}-tally.csv --method {method}{seats} --seed {seed}"


def tally_csv(ballot: Ballot) -> Iterator[str]:
    """The published list as a ballot file `tanacs tally` reads: one row per distinct choice
    with its summed weight; ranks per option in the ballot's order (choose-one: the choice
    ranked 1; approval: each approved option ranked 1), or ``weight,vote`` for yes/no."""
    weights: dict[str, int] = {}
    for row in list_rows_for_export(ballot):
        weights[row["marks"]] = weights.get(row["marks"], 0) + row["weight"]
    if ballot.method == Method.YESNO:
        yield "weight,vote\n"
        yield "".join(f"{w},{marks}\n" for marks, w in sorted(weights.items()))
        return
    options = list(ballot.options)
    yield ",".join(["weight", *(csv_field(name) for name in options)]) + "\n"
    for marks, weight in sorted(weights.items()):
        ranks = [""] * len(options)
        for position, group in enumerate(_rank_groups(ballot.method, marks), start=1):
            for index in group:
                ranks[index] = str(position)
        yield ",".join([str(weight), *ranks]) + "\n"


def _rank_groups(method: str, marks: str) -> list[list[int]]:
    if method == Method.CHOOSE_ONE:
        return [[int(marks)]]
    if method == Method.APPROVAL:
        return [[int(i) for i in marks.split("+")]] if marks else []
    return ranked_groups(marks)


def councils_top_down(councils: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A result's councils as a tree reads: each followed by the councils under it, by name."""
    children: dict[Any, list[dict[str, Any]]] = {}
    for c in councils:
        children.setdefault(c["parent"], []).append(c)
    ordered: list[dict[str, Any]] = []
    stack = sorted(children.get(None, []), key=lambda c: c["name"], reverse=True)
    while stack:
        council = stack.pop()
        ordered.append(council)
        below = children.get(council["council"], [])
        stack.extend(sorted(below, key=lambda c: c["name"], reverse=True))
    return ordered
