"""Building the tree: federations, councils, officers. Each change is journaled."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import F

from tanacs.core.actors import actor_label
from tanacs.core.errors import Conflict, InvalidInput
from tanacs.federation.access import is_steward, require_council_officer, require_steward
from tanacs.federation.models import Council, Federation, Officer
from tanacs.journal.chain import append

if TYPE_CHECKING:
    from django.contrib.auth.models import User

__all__ = [
    "check_slug",
    "do_appoint_officer",
    "do_create_council",
    "do_create_federation",
    "do_move_council",
    "do_remove_officer",
    "do_set_seat_rule",
    "do_set_vouches_needed",
]

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def check_slug(slug: str, what: str) -> str:
    if not SLUG.match(slug) or len(slug) > 60:
        raise InvalidInput(
            f"{what} {slug!r} is not a valid short name: use lower-case letters, digits "
            "and single hyphens, at most 60 characters.",
            field="slug",
        )
    return slug


def _check_seat_rule(members_per_seat: int, seats_min: int, seats_max: int) -> None:
    if members_per_seat < 1:
        raise InvalidInput("Members per seat must be at least 1.", field="members_per_seat")
    if seats_min < 1:
        raise InvalidInput("Every council needs at least 1 seat in its parent.", field="seats_min")
    if seats_max < seats_min:
        raise InvalidInput(
            f"The most seats ({seats_max}) cannot be fewer than the least ({seats_min}).",
            field="seats_max",
        )


def _council_record(council: Council) -> dict[str, Any]:
    return {
        "council": council.pk,
        "slug": council.slug,
        "name": council.name,
        "level": council.level,
        "parent": council.parent_id,
    }


@transaction.atomic
def do_create_federation(
    *,
    name: str,
    slug: str,
    levels: list[str],
    by: User,
    description: str = "",
    members_per_seat: int = 100,
    seats_min: int = 1,
    seats_max: int = 5,
) -> Federation:
    if not by.is_authenticated:
        raise InvalidInput("A federation is founded by a signed-in person.")
    check_slug(slug, "Federation")
    if not name.strip():
        raise InvalidInput("A federation needs a name.", field="name")
    names = [level.strip() for level in levels]
    if len(names) < 2 or any(not n for n in names) or len(set(names)) != len(names):
        raise InvalidInput(
            "Give at least two distinct, non-empty level names, base first "
            "(e.g. workplace, district, city, national).",
            field="levels",
        )
    _check_seat_rule(members_per_seat, seats_min, seats_max)
    if Federation.objects.filter(slug=slug).exists():
        raise Conflict(f"A federation called {slug!r} exists already.", field="slug")
    federation = Federation.objects.create(
        name=name.strip(),
        slug=slug,
        levels=names,
        description=description,
        members_per_seat=members_per_seat,
        seats_min=seats_min,
        seats_max=seats_max,
    )
    federation.stewards.add(by)
    append(
        federation.chain,
        "federation.created",
        actor=actor_label(by),
        subject=f"federation:{federation.pk}",
        payload={
            "name": federation.name,
            "slug": slug,
            "levels": names,
            "seat_rule": [members_per_seat, seats_min, seats_max],
            "stewards": [actor_label(by)],
            "steward_ids": [by.pk],
        },
    )
    return federation


@transaction.atomic
def do_set_seat_rule(
    federation: Federation, *, members_per_seat: int, seats_min: int, seats_max: int, by: User
) -> Federation:
    require_steward(by, federation, "change the seat rule")
    _check_seat_rule(members_per_seat, seats_min, seats_max)
    federation.members_per_seat = members_per_seat
    federation.seats_min = seats_min
    federation.seats_max = seats_max
    federation.save(update_fields=["members_per_seat", "seats_min", "seats_max"])
    append(
        federation.chain,
        "federation.seat_rule_set",
        actor=actor_label(by),
        subject=f"federation:{federation.pk}",
        payload={"seat_rule": [members_per_seat, seats_min, seats_max]},
    )
    return federation


def _check_parent(federation: Federation, level: int, parent: Council | None) -> None:
    if parent is None:
        return
    if parent.federation_id != federation.pk:
        raise InvalidInput("The parent council belongs to another federation.", field="parent")
    if level == federation.top_level:
        raise InvalidInput(
            f"{federation.level_name(level).capitalize()} councils sit at the top: they have "
            "no parent.",
            field="parent",
        )
    if parent.level != level + 1:
        raise InvalidInput(
            f"A {federation.level_name(level)} council's parent must be a "
            f"{federation.level_name(level + 1)} council; {parent.name} is a "
            f"{federation.level_name(parent.level)} council.",
            field="parent",
        )


@transaction.atomic
def do_create_council(
    federation: Federation,
    *,
    name: str,
    slug: str,
    level: int,
    parent: Council | None,
    by: User,
    place: str = "",
    description: str = "",
    vouches_needed: int = 2,
) -> Council:
    if parent is not None:
        require_council_officer(by, parent, "add councils under it")
    else:
        require_steward(by, federation, "add councils without a parent")
    check_slug(slug, "Council")
    if not name.strip():
        raise InvalidInput("A council needs a name.", field="name")
    if not 0 <= level <= federation.top_level:
        raise InvalidInput(
            f"Level {level} does not exist: this federation has levels 0 to "
            f"{federation.top_level} ({', '.join(federation.levels)}).",
            field="level",
        )
    _check_parent(federation, level, parent)
    if vouches_needed < 1:
        raise InvalidInput("A council needs at least 1 vouch to admit.", field="vouches_needed")
    try:
        with transaction.atomic():
            council = Council.objects.create(
                federation=federation,
                name=name.strip(),
                slug=slug,
                level=level,
                parent=parent,
                place=place,
                description=description,
                vouches_needed=vouches_needed,
            )
    except IntegrityError:
        raise Conflict(f"A council called {slug!r} exists already.", field="slug") from None
    officer_ids = []
    if not is_steward(by, federation):
        Officer.objects.create(council=council, person=by)
        officer_ids.append(by.pk)
    append(
        federation.chain,
        "council.created",
        actor=actor_label(by),
        subject=f"council:{council.pk}",
        payload={
            **_council_record(council),
            "vouches_needed": vouches_needed,
            "officer_ids": officer_ids,
        },
    )
    return council


def ancestors(council: Council) -> list[Council]:
    chain: list[Council] = []
    node = council.parent
    while node is not None:
        chain.append(node)
        node = node.parent
    return chain


def shift_represented(council: Council | None, delta: int) -> None:
    """Add ``delta`` to the represented count of ``council`` and every council above it."""
    ids = []
    node = council
    while node is not None:
        ids.append(node.pk)
        node = node.parent
    if ids and delta:
        Council.objects.filter(pk__in=ids).update(represented_count=F("represented_count") + delta)


@transaction.atomic
def do_move_council(council: Council, *, parent: Council | None, by: User) -> Council:
    federation = council.federation
    require_steward(by, federation, "move councils")
    _check_parent(federation, council.level, parent)
    if parent is None and council.level != federation.top_level:
        raise InvalidInput(f"A {council.level_name} council needs a parent.", field="parent")
    council = Council.objects.select_for_update().get(pk=council.pk)
    old_parent = council.parent
    if old_parent == parent:
        return council
    shift_represented(old_parent, -council.represented_count)
    shift_represented(parent, council.represented_count)
    council.parent = parent
    council.save(update_fields=["parent"])
    append(
        federation.chain,
        "council.moved",
        actor=actor_label(by),
        subject=f"council:{council.pk}",
        payload={
            "council": council.pk,
            "from": old_parent.pk if old_parent else None,
            "to": parent.pk if parent else None,
        },
    )
    return council


@transaction.atomic
def do_set_vouches_needed(council: Council, *, vouches_needed: int, by: User) -> Council:
    require_council_officer(by, council, "change how many vouches admit a member")
    if vouches_needed < 1:
        raise InvalidInput("A council needs at least 1 vouch to admit.", field="vouches_needed")
    council.vouches_needed = vouches_needed
    council.save(update_fields=["vouches_needed"])
    append(
        council.federation.chain,
        "council.vouches_needed_set",
        actor=actor_label(by),
        subject=f"council:{council.pk}",
        payload={"council": council.pk, "vouches_needed": vouches_needed},
    )
    return council


@transaction.atomic
def do_appoint_officer(council: Council, person: Any, *, by: User) -> Officer:
    require_council_officer(by, council, "appoint officers")
    officer, created = Officer.objects.get_or_create(council=council, person=person)
    if not created:
        raise Conflict(f"{person.get_username()} is an officer of {council.name} already.")
    append(
        council.federation.chain,
        "council.officer_appointed",
        actor=actor_label(by),
        subject=f"council:{council.pk}",
        payload={"council": council.pk, "officer": actor_label(person), "officer_id": person.pk},
    )
    return officer


@transaction.atomic
def do_remove_officer(council: Council, person: Any, *, by: User) -> None:
    require_council_officer(by, council, "remove officers")
    deleted, _ = Officer.objects.filter(council=council, person=person).delete()
    if not deleted:
        raise Conflict(f"{person.get_username()} is not an officer of {council.name}.")
    append(
        council.federation.chain,
        "council.officer_removed",
        actor=actor_label(by),
        subject=f"council:{council.pk}",
        payload={"council": council.pk, "officer": actor_label(person), "officer_id": person.pk},
    )
