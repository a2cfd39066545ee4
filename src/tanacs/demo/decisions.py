"""Decisions in the 1956 demo: programmes merged into the joint programme of the Central
Workers' Council, a motion carried in Egyesült Izzó and sent up to Újpest, where the
represented councils mandate their delegates (one breaks the mandate), a delegate election
with substitutes in the Újpest spinning mill, and a recall in the smallest workplace council
(which sets its own recall share of 5%).

Everything goes through the ordinary actions and real ballots, so it is journaled as a
person doing it would be. Steps that the council sizes of a small ``--members`` cannot
carry (too few members to elect or recall) are left out.
"""

from __future__ import annotations

from typing import Any

from tanacs.ballots.actions import do_cast_vote, do_close_and_declare
from tanacs.ballots.models import Ballot
from tanacs.ballots.selectors import ballot_for
from tanacs.decisions import actions
from tanacs.decisions.models import Programme
from tanacs.decisions.selectors import recall_electorate
from tanacs.delegation.models import HolderStatus
from tanacs.delegation.selectors import list_seats, seated_delegates
from tanacs.demo.data import COUNCILS
from tanacs.demo.programmes import (
    CSEPEL_CONDITIONS,
    IZZO_DECLARATION,
    JOINT_OPENING,
    JOINT_OTHERS,
    STUDENTS_POINTS,
)
from tanacs.federation.models import Council, Federation, Officer
from tanacs.membership.models import Membership, Status

__all__ = ["load_decisions"]

SOURCE_WORKPLACES = {c.slug for c in COUNCILS if c.level == 0}


def load_decisions(federation: Federation) -> None:
    """Called by the demo loader once councils, members and seats are in place."""
    named = {c.slug: c for c in federation.councils.select_related("federation", "parent")}
    steward = federation.stewards.get()
    izzo = _izzo_declaration(named, steward)
    students = _programme(
        named, "technical-university", "The students' 16 points",
        "The resolution of 22 October 1956 that called the demonstration of 23 October; "
        "the points the sources quote.", STUDENTS_POINTS,
    )  # fmt: skip
    csepel = _programme(named, "csepel-works", "Conditions for a return to work",
                        "The strikers went back to work only on these conditions.",
                        CSEPEL_CONDITIONS)  # fmt: skip
    _joint_programme(named, steward, izzo, students, csepel)
    _election(named["ujpest-spinning"])
    _recall(named, federation)


def _officer(council: Council, fallback: Any = None) -> Any:
    row = Officer.objects.filter(council=council).select_related("person").order_by("pk")
    first = row.first()
    return first.person if first is not None else fallback


def _members(council: Council, count: int, *, skip: tuple[Any, ...] = ()) -> list[Any]:
    rows = (
        Membership.objects.filter(council=council, status=Status.ACTIVE)
        .exclude(person_id__in=[p.pk for p in skip])
        .select_related("person")
        .order_by("pk")[:count]
    )
    return [m.person for m in rows]


def _vote(ballot: Ballot, people: list[Any], choice: Any) -> None:
    for person in people:
        do_cast_vote(ballot, by=person, choice=choice)


def _programme(
    named: dict[str, Council], slug: str, title: str, description: str, points: list[str]
) -> Programme:
    council = named[slug]
    officer = _officer(council)
    programme = actions.do_create_programme(council, title=title, description=description,
                                            by=officer)  # fmt: skip
    for text in points:
        actions.do_add_point(programme, text=text, by=officer)
    return programme


def _izzo_declaration(named: dict[str, Council], steward: Any) -> Programme:
    """Point 1 recorded by the officer; point 2 tabled, co-signed, voted and carried, then
    sent up to Újpest, where mandates are set and one delegate breaks theirs."""
    izzo = named["egyesult-izzo"]
    officer = _officer(izzo)
    programme = actions.do_create_programme(
        izzo, title="The 10-point declaration", by=officer,
        description="Adopted on 24 October 1956 by the first workers' council; the points "
        "the sources quote.",
    )  # fmt: skip
    actions.do_add_point(programme, text=IZZO_DECLARATION[0], by=officer)
    people = _members(izzo, 16, skip=(officer,))
    if len(people) < 4:
        actions.do_add_point(programme, text=IZZO_DECLARATION[1], by=officer)
        return programme
    author, *others = people
    motion = actions.do_create_motion(
        izzo, title="Workers' committees at all levels of production",
        text=IZZO_DECLARATION[1], by=author, programme=programme,
    )  # fmt: skip
    for signer in others[:2]:
        actions.do_cosign_motion(motion, by=signer)
    actions.do_propose_amendment(motion, text=IZZO_DECLARATION[1].split(":")[0] + ".",
                                 reason="Keep the declaration short.", by=others[0])  # fmt: skip
    amendment = motion.amendments.get()
    ballot = actions.do_open_amendment_vote(amendment, by=officer)
    _vote(ballot, others[:3], "yes")
    _vote(ballot, [author, *others[3:]], "no")
    do_close_and_declare(ballot, by=officer)  # the amendment falls
    ballot = actions.do_open_motion_vote(motion, by=officer)
    _vote(ballot, [author, *others[:-2]], "yes")
    _vote(ballot, others[-2:], "no")
    do_close_and_declare(ballot, by=officer)
    proposal = actions.do_send_up(motion, by=officer)
    _mandates_in_ujpest(named, proposal, steward)
    return programme


def _mandates_in_ujpest(named: dict[str, Council], proposal: Any, steward: Any) -> None:
    ujpest = named["ujpest"]
    izzo, spinning = named["egyesult-izzo"], named["ujpest-spinning"]
    actions.do_set_mandate(proposal, izzo, position="for", by=_officer(izzo))
    voters = _members(spinning, 9)
    if len(voters) >= 3:
        ballot = actions.do_open_mandate_vote(proposal, spinning, by=_officer(spinning))
        _vote(ballot, voters[:-2], "for")
        _vote(ballot, voters[-2:], "free")
        do_close_and_declare(ballot, by=_officer(spinning))
    seated = seated_delegates(ujpest)
    if not seated:
        return
    ballot = actions.do_open_motion_vote(proposal, by=_officer(ujpest, steward))
    views = sorted(seated.values(), key=lambda v: (v.council.pk, v.number))
    for view in views:
        # The last spinning-mill delegate votes against the mandate: the page marks it.
        breaks = view.council == spinning and view is views[-1]
        if view.delegate is not None:
            do_cast_vote(ballot, by=view.delegate.person, choice="no" if breaks else "yes")
    do_close_and_declare(ballot, by=_officer(ujpest, steward))


def _joint_programme(
    named: dict[str, Council], steward: Any, izzo: Programme, students: Programme,
    csepel: Programme,
) -> None:  # fmt: skip
    city = named["greater-budapest"]
    officer = _officer(city, steward)
    joint = actions.do_create_programme(
        city, title="Joint programme of the Central Workers' Council", by=officer,
        description="Agreed by the delegates of the workers' councils of the biggest Budapest "
        "factories; the points of the factories' and the students' programmes merged in, each "
        "with the councils that endorse it.",
    )  # fmt: skip
    actions.do_add_point(joint, text=JOINT_OPENING, by=officer)
    actions.do_merge_programme(izzo, joint, by=officer)
    actions.do_merge_programme(students, joint, by=officer)
    troops = joint.points.get(text=STUDENTS_POINTS[0]).number
    actions.do_merge_programme(csepel, joint, by=officer, same_as={2: troops})
    for text in JOINT_OTHERS:
        actions.do_add_point(joint, text=text, by=officer)
    opening = joint.points.get(number=1)
    for slug in ("egyesult-izzo", "csepel-works", "danube-shipyard", "ujpest-spinning"):
        council = named[slug]
        actions.do_endorse_point(opening, council, by=_officer(council, steward),
                                 note="delegates' meeting of the biggest factories")  # fmt: skip
    for slug in ("raba-works", "diosgyor-works"):
        council = named[slug]
        actions.do_endorse_point(joint.points.get(number=troops), council,
                                 by=_officer(council, steward), note="council meeting")  # fmt: skip


def _election(spinning: Council) -> None:
    """The spinning mill elects its seats by STV: the next in the count are substitutes."""
    seats = list_seats(spinning)
    if len(seats) < 1:
        return
    officer = _officer(spinning)
    sitting = [s.delegate.person for s in seats if s.delegate is not None]
    pool = sitting + [h.person for s in seats for h in s.substitutes
                      if h.person not in sitting]  # fmt: skip
    candidates = pool[: len(seats) + 3]
    voters = _members(spinning, 40, skip=tuple(candidates))
    if len(candidates) <= len(seats) or len(voters) < 6:
        return
    election = actions.do_call_election(spinning, by=officer)
    for person in candidates:
        actions.do_stand(election, by=person)
    ballot = actions.do_open_election(election, by=officer)
    if ballot is None:
        return
    names = [p.get_username() for p in candidates]
    k = len(seats)
    for i, voter in enumerate(voters):
        # Most rank the sitting delegates first; the rest spread over the others.
        first = names[i % k] if i % 4 else names[k + (i // 4) % (len(names) - k)]
        order = [first] + [n for n in names if n != first]
        do_cast_vote(ballot, by=voter, choice=order)
    do_close_and_declare(ballot, by=officer)


def _recall(named: dict[str, Council], federation: Federation) -> None:
    """The smallest workplace council whose delegate has a substitute recalls them."""
    bases = sorted(
        # The councils the sources name: generated ones (load-demo --councils) seat nobody.
        (c for c in named.values() if c.slug in SOURCE_WORKPLACES and c.slug != "ujpest-spinning"),
        key=lambda c: (c.member_count, c.slug),
    )
    for council in bases:
        council.refresh_from_db()
        seats = list_seats(council)
        if not seats:
            continue
        seat = seats[0]
        if seat.delegate is None:
            continue
        if not any(h.status == HolderStatus.AVAILABLE for h in seat.substitutes):
            continue
        electorate = recall_electorate(council) - {seat.delegate.person_id}
        if len(electorate) < 5:
            continue
        _recall_in(council, seat)
        return


def _recall_in(council: Council, seat: Any) -> None:
    # This council recalls at 5% of its members rather than the federation's 20%.
    actions.do_set_council_rules(council, by=_officer(council), recall_share_percent=5)
    delegate = seat.delegate.person
    signers = _members(council, council.member_count, skip=(delegate,))
    petition = actions.do_open_recall(
        council, seat.number, by=signers[0],
        reason="Signed the call to return to work against the council's decision.",
    )  # fmt: skip
    for person in signers[1:]:
        petition.refresh_from_db()
        if petition.status != "open":
            break
        actions.do_sign_recall(petition, by=person)
    ballot = ballot_for(petition)
    if ballot is None:
        return
    voters = signers[: max(3, min(len(signers), 30))]
    _vote(ballot, voters[:-1], "yes")
    _vote(ballot, [delegate, voters[-1]], "no")
    do_close_and_declare(ballot, by=_officer(council))
