"""What the 1956 demo federation promises to show, checked on a 4,000-member load.

The facts come from the source texts the demo is built from (see ``tanacs.demo.data`` and
``tanacs.demo.programmes``): the councils and where they sat, the programmes' words, the
Egyesült Izzó motion sent up to Újpest, the spinning mill's election, the recall, and the
general-strike referendum in which "in most of the councils, a majority voted to return to
work" while Csepel held out. Figures that depend on the member count are not asserted;
who voted how in the scripted ballots is.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from django.db import transaction

from tanacs.ballots.models import Ballot, Choice, Elector
from tanacs.cli.verification import run_checks
from tanacs.decisions.models import (
    AmendmentStatus,
    ElectionStatus,
    Motion,
    MotionStatus,
    PetitionStatus,
    Programme,
    RecallPetition,
)
from tanacs.decisions.selectors import mandate_report, origin_chain, programme_points
from tanacs.delegation.models import HolderStatus
from tanacs.delegation.selectors import list_seats
from tanacs.demo import load_demo
from tanacs.demo.loader import DemoReport
from tanacs.federation.models import Council, Officer
from tanacs.journal.chain import verify_chain
from tanacs.membership.models import Membership, Status

MEMBERS = 4000
MOTION = "Workers' committees at all levels of production"


@pytest.fixture(scope="class")
def demo(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[DemoReport]:
    """The demo loaded once for the tests of a class, and undone after them."""
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        yield load_demo(members=MEMBERS)
        transaction.set_rollback(True)


def marks(ballot: Ballot) -> Counter[str]:
    return Counter(Choice.objects.filter(ballot=ballot).values_list("marks", flat=True))


def ballot(council: str, title: str) -> Ballot:
    return Ballot.objects.get(council__slug=council, title=title)


def usernames(people: object) -> list[str]:
    return [p.username for p in people]  # type: ignore[attr-defined]


@pytest.mark.django_db
class TestTheDemoHolds:
    """One load, many checks: each test reads the same demo federation."""

    def test_the_federation_and_its_councils_stand_as_the_sources_place_them(
        self, demo: DemoReport
    ) -> None:
        federation = demo.federation
        assert (federation.slug, federation.name) == (
            "hungary-1956",
            "Workers' Councils of Hungary, 1956",
        )
        assert federation.levels == ["workplace", "district", "city", "national"]
        assert (federation.members_per_seat, federation.seats_min, federation.seats_max) == (
            1000,
            1,
            3,
        )
        assert usernames(federation.stewards.all()) == ["steward"]
        councils = Council.objects.filter(federation=federation)
        assert Counter(councils.values_list("level", flat=True)) == {0: 14, 1: 10, 2: 7, 3: 1}
        national = councils.get(parent=None)
        assert national.name == "National Workers' Council"
        cities = set(councils.filter(parent=national).values_list("slug", flat=True))
        assert cities == {"greater-budapest", "miskolc", "gyor", "pecs", "debrecen", "szolnok",
                          "dunapentele"}  # fmt: skip
        izzo = councils.get(slug="egyesult-izzo")
        assert izzo.parent.slug == "ujpest" and izzo.parent.parent.slug == "greater-budapest"
        assert councils.get(slug="technical-university").parent.slug == "lagymanyos"
        assert councils.get(slug="diosgyor-works").parent.parent.slug == "miskolc"
        # Every workplace council has its officer; the demo logins are who the README says.
        for council in councils.filter(level=0):
            assert Officer.objects.filter(council=council).exists(), council.slug
        assert Officer.objects.filter(council=izzo, person__username="izzo-officer").exists()
        assert Membership.objects.get(person__username="member").council == izzo
        applicant = Membership.objects.get(person__username="applicant")
        assert (applicant.council, applicant.status) == (izzo, Status.APPLIED)
        assert usernames(v.voucher for v in applicant.vouches.all()) == ["member"]
        assert demo.members == MEMBERS == national.represented_count

    def test_the_arrested_delegate_is_replaced_by_the_first_substitute(
        self, demo: DemoReport
    ) -> None:
        [seat, *_] = list_seats(Council.objects.get(slug="csepel-works"))
        arrested = seat.holders[0]
        assert (arrested.status, arrested.reason) == (HolderStatus.UNAVAILABLE,
                                                       "arrested 4 November 1956")  # fmt: skip
        assert seat.delegate is not None and seat.delegate.person == seat.holders[1].person

    def test_the_programmes_hold_the_points_the_sources_quote(self, demo: DemoReport) -> None:
        def texts(slug: str) -> tuple[str, list[str]]:
            programme = Programme.objects.get(council__slug=slug)
            return programme.title, [v.point.text for v in programme_points(programme)]

        assert texts("technical-university") == ("The students' 16 points", [
            "Withdrawal of the Soviet troops from Hungary.",
            "Free elections.",
            "Liberty of speech and press.",
            "An end to the surrendering of goods, and the right to sell Hungary's uranium "
            "deposits on the free market.",
            "Removal of the Stalin statues.",
            "Imre Nagy to be appointed prime minister.",
        ])  # fmt: skip
        assert texts("csepel-works") == (
            "Conditions for a return to work", ["Political prisoners released.",
                                                "Soviet troops withdrawn."],
        )  # fmt: skip
        title, izzo = texts("egyesult-izzo")
        assert title == "The 10-point declaration"
        assert izzo[0] == "The dismissal of the factory directors appointed by the bureaucracy."
        # Point 2 is the carried motion, whole: its shortening amendment fell.
        assert izzo[1].startswith("Their replacement by workers' committees at all levels of "
                                  "production: let us demonstrate")  # fmt: skip
        assert len(izzo) == 2

    def test_the_joint_programme_merges_the_programmes_with_their_endorsers(
        self, demo: DemoReport
    ) -> None:
        joint = Programme.objects.get(council__slug="greater-budapest")
        assert joint.title == "Joint programme of the Central Workers' Council"
        points = {v.point.text: {c.slug for c in v.councils} for v in programme_points(joint)}
        assert next(iter(points)) == "The factories belong to the workers."
        assert points["The factories belong to the workers."] == {
            "greater-budapest", "egyesult-izzo", "csepel-works", "danube-shipyard",
            "ujpest-spinning"}  # fmt: skip
        # Csepel's "Soviet troops withdrawn" is the students' first point: one point, both
        # behind it.
        assert points["Withdrawal of the Soviet troops from Hungary."] == {
            "technical-university", "csepel-works", "raba-works", "diosgyor-works"}  # fmt: skip
        assert "Soviet troops withdrawn." not in points
        assert points["Political prisoners released."] == {"csepel-works"}
        assert points["Imre Nagy to be appointed prime minister."] == {"technical-university"}
        for text in ("Political and civil liberty.", "The banning of the AVO.",
                     "Freedom for trade unionists and parties.",
                     "A National Workers' Council to be set up."):  # fmt: skip
            assert text in points
        assert len(points) == 1 + 2 + 6 + 1 + 4

    def test_the_izzo_motion_is_carried_and_sent_up_to_ujpest(self, demo: DemoReport) -> None:
        carried = Motion.objects.get(council__slug="egyesult-izzo")
        assert (carried.title, carried.status) == (MOTION, MotionStatus.CARRIED)
        assert carried.cosignatures.count() == 2
        [amendment] = carried.amendments.all()
        assert amendment.status == AmendmentStatus.REJECTED
        # 16 members besides the officer: 3 for the amendment, 13 against; 14 for the motion.
        assert marks(ballot("egyesult-izzo", f"Amendment 1 to: {MOTION}")) == {"yes": 3, "no": 13}
        assert marks(ballot("egyesult-izzo", MOTION)) == {"yes": 14, "no": 2}
        proposal = Motion.objects.get(council__slug="ujpest")
        assert origin_chain(proposal) == [carried]
        assert (proposal.title, proposal.status) == (MOTION, MotionStatus.CARRIED)

    def test_ujpest_mandates_its_delegates_and_one_breaks_the_mandate(
        self, demo: DemoReport
    ) -> None:
        proposal = Motion.objects.get(council__slug="ujpest")
        mandates = dict(proposal.mandates.values_list("council__slug", "position"))
        assert mandates == {"egyesult-izzo": "for", "ujpest-spinning": "for"}
        # The spinning mill voted its mandate: 7 for, 2 leaving the delegate free.
        assert sum(marks(ballot("ujpest-spinning", f"Mandate on: {MOTION}")).values()) == 9
        rows = [r for r in mandate_report(proposal) if not r.secret]
        broke = [r for r in rows if r.broke]
        [row] = broke
        assert (row.council.slug, row.mandate, row.vote) == ("ujpest-spinning", "for", "no")
        assert {(r.council.slug, r.vote) for r in rows if not r.broke and r.vote} == {
            ("egyesult-izzo", "yes")}  # fmt: skip

    def test_the_spinning_mill_elects_its_delegate_with_substitutes(self, demo: DemoReport) -> None:
        spinning = Council.objects.get(slug="ujpest-spinning")
        election = spinning.elections.get()
        assert election.status == ElectionStatus.DECLARED
        candidates = usernames(c.person for c in election.candidates.order_by("pk"))
        assert len(election.seats) == 1 and len(candidates) == 3  # the seat's three holders
        # 30 of the 40 voters rank the sitting delegate first: they are elected, and the seat
        # holds the winner first and the next in the count as substitutes.
        votes = marks(Ballot.objects.get(council=spinning, title__startswith="Delegates of"))
        assert sum(votes.values()) == 40
        assert election.outcome["elected"] == candidates[:1]
        [seat] = list_seats(spinning)
        assert seat.delegate is not None and seat.delegate.person.username == candidates[0]
        assert usernames(h.person for h in seat.substitutes) == election.outcome["substitutes"]
        assert election.outcome["substitutes"]

    def test_the_smallest_workplace_recalls_its_delegate(self, demo: DemoReport) -> None:
        petition = RecallPetition.objects.get()
        council = petition.seat.council
        assert council.slug == "miskolc-university"  # the smallest named workplace council
        assert council.decision_rules.recall_share_percent == 5
        assert petition.status == PetitionStatus.RECALLED
        assert petition.threshold == -(-petition.electorate * 5 // 100)
        recall = Ballot.objects.get(council=council, title__startswith="Recall")
        name = petition.person.get_full_name()  # pages name people, not their logins
        assert name and petition.person.username not in name
        assert recall.title == f"Recall {name} from seat {petition.seat.number}?"
        votes = marks(recall)
        assert votes["no"] == 2 and votes["yes"] > votes["no"]
        [seat] = list_seats(council)
        assert petition.person not in [h.person for h in seat.holders]
        assert seat.delegate is not None and seat.delegate.person != petition.person

    def test_the_strike_referendum_is_declared_and_csepel_holds_out(self, demo: DemoReport) -> None:
        closed = ballot("national", "End the general strike and return to work?")
        assert closed.state == "declared"
        workplaces = Council.objects.filter(federation=demo.federation, level=0)
        assert Elector.objects.filter(ballot=closed).count() == MEMBERS
        per_council: dict[str, Counter[str]] = {}
        for council in workplaces:
            chosen = Choice.objects.filter(ballot=closed, council=council)
            per_council[council.slug] = Counter(chosen.values_list("marks", flat=True))
            assert 0 < sum(per_council[council.slug].values()) < council.member_count
        returned = [slug for slug, votes in per_council.items() if votes["yes"] > votes["no"]]
        assert len(returned) > len(per_council) / 2  # "in most of the councils, a majority"
        assert "csepel-works" not in returned and "csepel-port" not in returned
        extend = ballot("national", "Extend the strike on 11 and 12 December?")
        assert extend.state == "open"
        assert Elector.objects.filter(ballot=extend).count() == MEMBERS
        assert not Choice.objects.filter(ballot=extend).exists()

    def test_the_loaded_demo_verifies(self, demo: DemoReport) -> None:
        report = verify_chain(demo.federation.chain)
        assert report.ok and report.entries == demo.entries
        # What `tanacs verify` runs: every chain, the tables against the replayed journal, and
        # every closed ballot recounted.
        results = run_checks()
        assert results and all(r.ok for r in results), [r.lines for r in results if not r.ok]


@pytest.mark.django_db
def test_a_tiny_demo_still_loads() -> None:
    report = load_demo(members=30)
    # Every workplace keeps its officer, so a very small load can hold a few more.
    assert report.members >= 30 and verify_chain(report.federation.chain).ok


@pytest.mark.django_db
def test_the_smallest_demo_still_loads() -> None:
    from tanacs.demo.data import COUNCILS

    report = load_demo(members=sum(1 for c in COUNCILS if c.level == 0) + 1)
    assert Programme.objects.filter(council__slug="greater-budapest").exists()
    assert verify_chain(report.federation.chain).ok
