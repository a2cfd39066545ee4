"""Loading the 1956 demo federation.

The structure (federation, named councils, officers, seats, the arrested delegate, the
applicants) goes through the ordinary actions, so it is journaled exactly as a person doing
it would be. The generated membership, and the generated councils ``load-demo --councils``
adds, go through :mod:`tanacs.demo.bulk`: one journal entry per row, counts kept right.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from tanacs.core.errors import Conflict, InvalidInput
from tanacs.core.rows import db_value, insert_rows
from tanacs.delegation.actions import do_mark_unavailable, do_set_seat_holders
from tanacs.delegation.models import Seat, SeatHolder
from tanacs.delegation.selectors import list_seats, seated_delegates, seats_of
from tanacs.demo import bulk
from tanacs.demo.bulletins import load_bulletins
from tanacs.demo.data import (
    COUNCILS,
    DEMO_LOGINS,
    FEDERATION,
    LEVELS,
    UNAVAILABLE,
)
from tanacs.demo.decisions import load_decisions
from tanacs.demo.negotiations import load_negotiations
from tanacs.demo.people import fictional_person, unusable_passwords
from tanacs.demo.referendum import load_referendums
from tanacs.demo.seating import seat_generated
from tanacs.demo.strikes import load_strikes
from tanacs.federation.actions import do_appoint_officer, do_create_council, do_create_federation
from tanacs.federation.models import Council, Federation
from tanacs.journal.chain import ChainWriter
from tanacs.journal.models import Entry
from tanacs.membership.actions import do_admit, do_apply, do_vouch
from tanacs.membership.models import Membership, Status

__all__ = [
    "DEFAULT_MEMBERS",
    "MAX_MEMBERS",
    "DemoReport",
    "allocate",
    "demo_federation",
    "load_demo",
    "plan_sizes",
]

DEFAULT_MEMBERS = sum(c.members for c in COUNCILS if c.level == 0)
MAX_MEMBERS = 1_000_000
MAX_COUNCILS = 100_000
CHILDREN_PER_GENERATED_DISTRICT = 50
# The general-strike referendums are part of the demo up to this size; at bulk-load sizes
# (load-demo --members 1000000) they would add a minute of voting to the load.
REFERENDUM_MEMBERS = 200_000


@dataclass
class DemoReport:
    federation: Federation
    councils: int
    members: int
    entries: int
    logins: list[tuple[str, str, str]] = field(default_factory=list)


def demo_federation() -> Federation | None:
    return Federation.objects.filter(slug=FEDERATION["slug"]).first()


def allocate(total: int, weights: list[int]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainder); sums exactly."""
    if total <= 0 or not weights:
        return [0] * len(weights)
    whole = sum(weights)
    if whole == 0:
        weights, whole = [1] * len(weights), len(weights)
    shares = [total * w // whole for w in weights]
    order = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % whole), i))
    for i in order[: total - sum(shares)]:
        shares[i] += 1
    return shares


def plan_sizes(members: int, generated: int) -> tuple[dict[str, int], list[int]]:
    """Members per named base council (by the seed sizes) and per generated council.

    Without generated councils the named ones share ``members`` in proportion to their
    sizes. With them, the named councils keep their sizes (scaled down only if ``members``
    is smaller than the full demo) and the generated ones share the rest evenly.
    """
    named = [c for c in COUNCILS if c.level == 0]
    if not generated:
        sizes = allocate(members, [c.members for c in named])
        return {c.slug: n for c, n in zip(named, sizes, strict=True)}, []
    kept = min(members, DEFAULT_MEMBERS)
    sizes = allocate(kept, [c.members for c in named])
    rest = members - kept
    return (
        {c.slug: n for c, n in zip(named, sizes, strict=True)},
        allocate(rest, [1] * generated),
    )


class _People:
    """Hands out fictional person numbers; the bulk path continues from the same counter."""

    def __init__(self) -> None:
        self.n = 0

    def create(self, username: str | None = None, password: str | None = None) -> Any:
        self.n += 1
        generated, given, family, email = fictional_person(self.n)
        user = get_user_model()(
            username=username or generated, first_name=given, last_name=family, email=email
        )
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        return user


def _check(members: int, councils: int | None) -> None:
    if not 1 <= members <= MAX_MEMBERS:
        raise InvalidInput(f"--members must be between 1 and {MAX_MEMBERS:,}; got {members}.")
    if councils is not None and not len(COUNCILS) <= councils <= MAX_COUNCILS:
        raise InvalidInput(
            f"--councils must be between {len(COUNCILS)} (the named councils) and "
            f"{MAX_COUNCILS:,}; got {councils}."
        )
    named_base = sum(1 for c in COUNCILS if c.level == 0)
    if members < named_base + 1:
        raise InvalidInput(
            f"--members must be at least {named_base + 1}: every named workplace council "
            "needs its officer, and Egyesült Izzó its ordinary member."
        )


@transaction.atomic
def load_demo(*, members: int = DEFAULT_MEMBERS, councils: int | None = None) -> DemoReport:
    """Load the 1956 federation into an empty database (or one without it)."""
    _check(members, councils)
    if demo_federation() is not None:
        raise Conflict(f"The demo federation {FEDERATION['slug']!r} is loaded already.")
    bulk.bulk_session()
    people = _People()
    logins = {
        login.username: people.create(login.username, login.password) for login in DEMO_LOGINS
    }
    steward = logins["steward"]
    federation = do_create_federation(
        name=FEDERATION["name"], slug=FEDERATION["slug"], levels=list(LEVELS),
        description=FEDERATION["description"], by=steward,
        members_per_seat=FEDERATION["members_per_seat"], seats_min=FEDERATION["seats_min"],
        seats_max=FEDERATION["seats_max"],
    )  # fmt: skip
    named = _create_named_councils(federation, steward)
    generated_count = max(0, (councils or 0) - len(COUNCILS))
    named_sizes, generated_sizes = plan_sizes(members, _generated_bases(generated_count))
    officers = _base_officers(named, people, logins)
    at = timezone.now()
    writer = ChainWriter(federation.chain, at=at)
    generated = _generate_councils(federation, named, generated_count, writer, at)
    targets: dict[int, int] = {}
    for slug, size in named_sizes.items():
        present = Membership.objects.filter(council=named[slug], status=Status.ACTIVE).count()
        targets[named[slug].pk] = max(0, size - present)
    for council_id, size in zip(generated, generated_sizes, strict=True):
        targets[council_id] = size
    with bulk.foreign_keys_checked_once(Membership._meta.db_table):
        firsts = _generate_members(federation, targets, people, writer, at)
    seat_generated(federation, {c: firsts[c] for c in generated if c in firsts}, writer, at)
    writer.close()
    bulk.reset_sequences([get_user_model(), Membership, Council, Seat, SeatHolder])
    _seat_delegates(federation, named, officers)
    _appoint_higher_officers(named, steward)
    _applicants(named, people, logins)
    load_decisions(federation)
    return_to_work = None
    load_bulletins(federation)
    if members <= REFERENDUM_MEMBERS:
        return_to_work, _ = load_referendums(federation, steward)
    load_strikes(federation, steward, return_to_work)
    load_negotiations(federation, steward)
    bulk.refresh_statistics()
    return DemoReport(
        federation=federation,
        councils=Council.objects.filter(federation=federation).count(),
        members=Membership.objects.filter(federation=federation, status=Status.ACTIVE).count(),
        entries=Entry.objects.filter(chain=federation.chain).count(),
        logins=[(login.username, login.password, login.role) for login in DEMO_LOGINS],
    )


def _create_named_councils(federation: Federation, steward: Any) -> dict[str, Council]:
    made: dict[str, Council] = {}
    for spec in sorted(COUNCILS, key=lambda c: -c.level):
        made[spec.slug] = do_create_council(
            federation, name=spec.name, slug=spec.slug, level=spec.level,
            parent=made[spec.parent] if spec.parent else None, by=steward,
            place=spec.place, description=spec.description,
        )  # fmt: skip
    return made


def _base_officers(
    named: dict[str, Council], people: _People, logins: dict[str, Any]
) -> dict[str, Any]:
    """Each workplace council gets one officer, a member admitted by the steward."""
    steward = logins["steward"]
    officers: dict[str, Any] = {}
    for spec in COUNCILS:
        if spec.level != 0:
            continue
        council = named[spec.slug]
        person = logins["izzo-officer"] if spec.slug == "egyesult-izzo" else people.create()
        do_admit(do_apply(council, person=person), by=steward)
        do_appoint_officer(council, person, by=steward)
        officers[spec.slug] = person
    izzo = named["egyesult-izzo"]
    do_admit(do_apply(izzo, person=logins["member"]), by=officers["egyesult-izzo"])
    return officers


def _generated_bases(generated: int) -> int:
    """Of ``generated`` extra councils, how many are workplaces (the rest group them)."""
    districts = generated // (CHILDREN_PER_GENERATED_DISTRICT + 1)
    return generated - districts


def _generate_councils(
    federation: Federation,
    named: dict[str, Council],
    generated: int,
    writer: ChainWriter,
    at: Any,
) -> list[int]:
    """Add generated district and workplace councils under the named cities; journal each."""
    if not generated:
        return []
    bases = _generated_bases(generated)
    districts = generated - bases
    cities = [named[c.slug] for c in COUNCILS if c.level == 2]
    named_districts = [named[c.slug] for c in COUNCILS if c.level == 1]
    pk = bulk.next_id(Council)
    rows: list[tuple[Any, ...]] = []
    parents: list[int] = []
    actor = "steward"

    def add(slug: str, name: str, level: int, parent: int) -> int:
        nonlocal pk
        rows.append(
            (pk, federation.pk, slug, name, "", "Generated for load tests (fictional).", level,
             parent, 2, 0, 0, db_value(at))
        )  # fmt: skip
        record = {
            "council": pk, "slug": slug, "name": name, "level": level, "parent": parent,
            "vouches_needed": 2, "officer_ids": [],
        }  # fmt: skip
        writer.add("council.created", actor=actor, subject=f"council:{pk}", payload=record)
        pk += 1
        return pk - 1

    for i in range(districts):
        city = cities[i % len(cities)]
        parents.append(
            add(f"generated-district-{i + 1}", f"Generated district {i + 1}", 1, city.pk)
        )
    parents = parents or [d.pk for d in named_districts]
    base_ids = [
        add(f"generated-works-{i + 1}", f"Generated works {i + 1}", 0, parents[i % len(parents)])
        for i in range(bases)
    ]
    writer.flush()
    columns = (
        "id", "federation_id", "slug", "name", "place", "description", "level", "parent_id",
        "vouches_needed", "member_count", "represented_count", "created_at",
    )  # fmt: skip
    insert_rows(Council._meta.db_table, columns, rows)
    return base_ids


USER_COLUMNS = (
    "id", "password", "is_superuser", "username", "first_name", "last_name", "email",
    "is_staff", "is_active", "date_joined",
)  # fmt: skip
MEMBERSHIP_COLUMNS = (
    "id", "federation_id", "council_id", "person_id", "status", "reason", "applied_at",
    "admitted_at",
)  # fmt: skip


def _member_batches(targets: dict[int, int], size: int) -> Iterator[list[int]]:
    batch: list[int] = []
    for council_id, count in targets.items():
        for _ in range(count):
            batch.append(council_id)
            if len(batch) == size:
                yield batch
                batch = []
    if batch:
        yield batch


def _generate_members(
    federation: Federation,
    targets: dict[int, int],
    people: _People,
    writer: ChainWriter,
    at: Any,
) -> dict[int, tuple[int, int]]:
    """Active members in bulk: users, memberships, one journal entry each, then the counts.

    Returns, per council, the user id and person number of its first generated member
    (a council's members are made one after another).
    """
    User = get_user_model()
    user_pk, member_pk = bulk.next_id(User), bulk.next_id(Membership)
    when = db_value(at)
    actor = "steward"
    firsts: dict[int, tuple[int, int]] = {}
    for batch in _member_batches(targets, 20_000):
        users: list[tuple[Any, ...]] = []
        memberships: list[tuple[Any, ...]] = []
        passwords = unusable_passwords(len(batch))
        for council_id, password in zip(batch, passwords, strict=True):
            people.n += 1
            firsts.setdefault(council_id, (user_pk, people.n))
            username, given, family, email = fictional_person(people.n)
            users.append(
                (user_pk, password, False, username, given, family, email, False,
                 True, when)
            )  # fmt: skip
            memberships.append(
                (member_pk, federation.pk, council_id, user_pk, "active", "", when, when)
            )
            record = {
                "council": council_id, "membership": member_pk, "person": username,
                "person_id": user_pk, "status": "active",
            }  # fmt: skip
            writer.add(
                "member.imported", actor=actor, subject=f"membership:{member_pk}", payload=record
            )
            user_pk += 1
            member_pk += 1
        insert_rows(User._meta.db_table, USER_COLUMNS, users)
        insert_rows(Membership._meta.db_table, MEMBERSHIP_COLUMNS, memberships)
    writer.flush()
    _add_counts(federation, targets)
    return firsts


def _add_counts(federation: Federation, added: dict[int, int]) -> None:
    """Members added per base council, summed up the tree in memory, written in one pass."""
    parent_of = dict(Council.objects.filter(federation=federation).values_list("pk", "parent_id"))
    members: dict[int, int] = defaultdict(int)
    represented: dict[int, int] = defaultdict(int)
    for council_id, count in added.items():
        if not count:
            continue
        members[council_id] += count
        node: int | None = council_id
        while node is not None:
            represented[node] += count
            node = parent_of[node]
    rows = [(members.get(pk, 0), count, pk) for pk, count in represented.items()]
    table = Council._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET member_count = member_count + %s, "
            "represented_count = represented_count + %s WHERE id = %s",
            rows,
        )


def _pool_for_base(council: Council, officer: Any, seats: int) -> list[Any]:
    rows = (
        Membership.objects.filter(council=council, status=Status.ACTIVE)
        .select_related("person")
        .order_by("pk")[: 3 * seats]
    )
    pool = [officer] + [m.person for m in rows if m.person_id != officer.pk]
    return pool[: 3 * seats]


def _fill_seats(council: Council, pool: list[Any], steward: Any) -> None:
    """Seat i: delegate pool[i], substitutes pool[n + i], pool[2n + i] where there are enough."""
    council.refresh_from_db()
    seats = min(seats_of(council), len(pool))
    for number in range(1, seats + 1):
        picks = pool[number - 1 :: seats][:3]
        do_set_seat_holders(council, number, delegate=picks[0], substitutes=picks[1:], by=steward)


def _seat_delegates(
    federation: Federation, named: dict[str, Council], officers: dict[str, Any]
) -> None:
    """Seat delegates upwards: base -> district -> city -> national, as the seat rule gives."""
    steward = federation.stewards.get()
    for spec in COUNCILS:
        if spec.level == 0:
            council = named[spec.slug]
            council.refresh_from_db()
            pool = _pool_for_base(council, officers[spec.slug], seats_of(council))
            _fill_seats(council, pool, steward)
    slug, number, reason = UNAVAILABLE
    council = named[slug]
    delegate = list_seats(council)[number - 1].delegate
    if delegate is not None:
        do_mark_unavailable(council, number, delegate.person, reason=reason, by=steward)
    for level in (1, 2):
        for spec in COUNCILS:
            if spec.level == level:
                council = named[spec.slug]
                seated = seated_delegates(council)
                pool = [view.delegate.person for view in _ordered(seated)]
                _fill_seats(council, pool, steward)


def _ordered(seated: dict[int, Any]) -> list[Any]:
    views = list(seated.values())
    views.sort(key=lambda v: (v.number, v.council.pk))
    return [v for v in views if v.delegate is not None]


def _appoint_higher_officers(named: dict[str, Council], steward: Any) -> None:
    """Higher councils' officers: the first delegate seated in each."""
    for spec in COUNCILS:
        if spec.level == 0:
            continue
        council = named[spec.slug]
        seated = _ordered(seated_delegates(council))
        if seated:
            do_appoint_officer(council, seated[0].delegate.person, by=steward)


def _applicants(named: dict[str, Council], people: _People, logins: dict[str, Any]) -> None:
    """A few people awaiting vouches; the ordinary member has vouched for the applicant."""
    izzo = named["egyesult-izzo"]
    application = do_apply(izzo, person=logins["applicant"])
    do_vouch(application, by=logins["member"])
    do_apply(izzo, person=people.create())
    do_apply(named["csepel-works"], person=people.create())
    do_apply(named["diosgyor-works"], person=people.create())
