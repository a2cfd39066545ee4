"""The fixture federation used across the tests: a small Budapest of November 1956.

Levels: workplace, district, city, national. Two factories in two districts under the
Central Workers' Council of Greater Budapest, under the National Workers' Council.
People are fictional; ``steward`` founded the federation, each factory has one officer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model

from tanacs.federation.actions import do_appoint_officer, do_create_council, do_create_federation
from tanacs.federation.models import Council, Federation
from tanacs.membership.actions import do_admit, do_apply
from tanacs.membership.models import Membership


@dataclass
class Budapest:
    federation: Federation
    steward: Any
    national: Council
    city: Council
    ujpest: Council
    csepel_district: Council
    izzo: Council
    csepel: Council
    izzo_officer: Any
    csepel_officer: Any
    members: dict[str, Any] = field(default_factory=dict)

    def person(self, name: str) -> Any:
        return make_person(name)

    def add_member(self, council: Council, name: str) -> Membership:
        person = make_person(name)
        membership = do_apply(council, person=person)
        officer = self.izzo_officer if council == self.izzo else self.csepel_officer
        if council not in (self.izzo, self.csepel):
            officer = self.steward
        do_admit(membership, by=officer)
        self.members[name] = person
        return membership


def make_person(name: str) -> Any:
    User = get_user_model()
    user, created = User.objects.get_or_create(username=name, defaults={"first_name": name})
    if created:
        user.set_password("forradalom-1956")
        user.save()
    return user


def build_budapest(*, members_per_seat: int = 2, izzo: int = 3, csepel: int = 2) -> Budapest:
    steward = make_person("steward")
    federation = do_create_federation(
        name="Workers' Councils of Hungary",
        slug="hungary-1956",
        levels=["workplace", "district", "city", "national"],
        by=steward,
        members_per_seat=members_per_seat,
        seats_min=1,
        seats_max=3,
    )

    def council(name: str, slug: str, level: int, parent: Council | None) -> Council:
        return do_create_council(
            federation, name=name, slug=slug, level=level, parent=parent, by=steward
        )

    national = council("National Workers' Council", "national", 3, None)
    city = council("Central Workers' Council of Greater Budapest", "greater-budapest", 2, national)
    ujpest = council("Újpest district council", "ujpest", 1, city)
    csepel_district = council("Csepel district council", "csepel-district", 1, city)
    izzo_c = council("Egyesült Izzó lamp works", "egyesult-izzo", 0, ujpest)
    csepel_c = council("Csepel iron and steel works", "csepel-works", 0, csepel_district)
    izzo_officer = make_person("izzo-officer")
    csepel_officer = make_person("csepel-officer")
    do_appoint_officer(izzo_c, izzo_officer, by=steward)
    do_appoint_officer(csepel_c, csepel_officer, by=steward)
    city_ = Budapest(
        federation, steward, national, city, ujpest, csepel_district, izzo_c, csepel_c,
        izzo_officer, csepel_officer,
    )  # fmt: skip
    for membership_owner, council_, count, prefix in (
        (izzo_officer, izzo_c, izzo, "izzo"),
        (csepel_officer, csepel_c, csepel, "csepel"),
    ):
        do_admit(do_apply(council_, person=membership_owner), by=steward)
        for i in range(1, count):
            city_.add_member(council_, f"{prefix}-{i}")
    for c in (national, city, ujpest, csepel_district, izzo_c, csepel_c):
        c.refresh_from_db()
    return city_
