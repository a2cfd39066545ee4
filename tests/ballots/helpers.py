"""Building ballots and federations for the ballot tests."""

from __future__ import annotations

from typing import Any

from tanacs.ballots.actions import do_create_ballot, do_open_ballot
from tanacs.ballots.models import Ballot
from tanacs.federation.actions import do_create_council, do_create_federation
from tanacs.federation.models import Council, Federation
from tanacs.membership.actions import do_admit, do_apply
from tests.budapest import make_person


def open_ballot(council: Council, officer: Any, **options: Any) -> Ballot:
    options.setdefault("title", "Shall we strike?")
    ballot = do_create_ballot(council, by=officer, **options)
    return do_open_ballot(ballot, by=officer)


def admit(council: Council, name: str, steward: Any) -> Any:
    person = make_person(name)
    do_admit(do_apply(council, person=person), by=steward)
    return person


def build_tree(
    tag: str, shape: list[list[int]], *, steward_name: str = "tree-steward"
) -> tuple[Federation, Council, list[Council], dict[int, list[Any]]]:
    """A four-level federation: ``shape[d][w]`` members in workplace w of district d.

    Returns the federation, the national council, the base councils and their members.
    """
    steward = make_person(steward_name)
    federation = do_create_federation(
        name=f"Federation {tag}",
        slug=f"fed-{tag}",
        levels=["workplace", "district", "city", "national"],
        by=steward,
    )

    def council(name: str, level: int, parent: Council | None) -> Council:
        return do_create_council(
            federation, name=name, slug=f"{tag}-{name}", level=level, parent=parent, by=steward
        )

    national = council("national", 3, None)
    city = council("city", 2, national)
    bases: list[Council] = []
    members: dict[int, list[Any]] = {}
    for d, workplaces in enumerate(shape):
        district = council(f"d{d}", 1, city)
        for w, size in enumerate(workplaces):
            base = council(f"d{d}-w{w}", 0, district)
            bases.append(base)
            members[base.pk] = [admit(base, f"{tag}-d{d}w{w}-m{i}", steward) for i in range(size)]
    return federation, national, bases, members
