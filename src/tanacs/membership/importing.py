"""Importing a real membership list from CSV: all rows or none.

A person is found by their email address, but never named by it: the journal and the
member lists show login names, so each new person gets a login made from their name and a
random suffix (``kovacs-anna-3f9a1c``), and the address stays in the account only.
"""

from __future__ import annotations

import csv
import io
import secrets
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from tanacs.core.actors import actor_label
from tanacs.core.errors import Forbidden, InvalidInput
from tanacs.federation.access import can_change_council, is_steward
from tanacs.federation.actions import shift_represented
from tanacs.federation.models import Council, Federation
from tanacs.journal.chain import append_many
from tanacs.membership.models import Membership, Status

if TYPE_CHECKING:
    from django.contrib.auth.models import User

__all__ = ["ImportReport", "do_import_members", "parse_member_rows"]

COLUMNS = ("name", "email", "council")
# The columns they are kept in: the person's first name and email address.
MAX_NAME = 150
MAX_EMAIL = 150


@dataclass(frozen=True)
class MemberRow:
    line: int
    name: str
    email: str
    council: str


@dataclass(frozen=True)
class ImportReport:
    imported: int
    councils: int


def parse_member_rows(text: str) -> list[MemberRow]:
    """Read ``name,email,council`` rows; report every bad row with its line number."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return _read_rows(reader)
    except csv.Error as exc:
        raise InvalidInput(
            f"Nothing was imported. line {reader.line_num}: this is not CSV ({exc}).",
            line=reader.line_num,
        ) from None


def _read_rows(reader: Any) -> list[MemberRow]:
    header = next(reader, None)
    if header is None or [h.strip().lower() for h in header] != list(COLUMNS):
        raise InvalidInput(
            "line 1: the first line must be the header 'name,email,council'.", line=1
        )
    rows: list[MemberRow] = []
    errors: list[str] = []
    for fields in reader:
        line = reader.line_num
        if not any(f.strip() for f in fields):
            continue
        if len(fields) != 3:
            errors.append(
                f"line {line}: expected 3 fields (name, email, council), got {len(fields)}"
            )
            continue
        name, email, council = (f.strip() for f in fields)
        if "\x00" in "".join(fields):
            errors.append(f"line {line}: a NUL character (\\0) is not allowed in the text")
            continue
        if not name:
            errors.append(f"line {line}: the name is empty")
        elif len(name) > MAX_NAME:
            errors.append(f"line {line}: the name is {len(name)} characters, at most {MAX_NAME}")
        if len(email) > MAX_EMAIL:
            errors.append(
                f"line {line}: the email address is {len(email)} characters, at most {MAX_EMAIL}"
            )
        else:
            try:
                validate_email(email)
            except ValidationError:
                errors.append(f"line {line}: {email!r} is not an email address")
        if not council:
            errors.append(f"line {line}: the council is empty")
        rows.append(MemberRow(line, name, email.lower(), council))
    if errors:
        raise InvalidInput(_summary(errors), errors=errors)
    if not rows:
        raise InvalidInput("The file holds no members after its header.")
    return rows


def _summary(errors: list[str]) -> str:
    shown = "; ".join(errors[:10])
    more = f" (and {len(errors) - 10} more)" if len(errors) > 10 else ""
    return f"Nothing was imported. {shown}{more}"


def _check_rows(federation: Federation, rows: list[MemberRow], by: User) -> dict[str, Council]:
    councils = {c.slug: c for c in Council.objects.filter(federation=federation, level=0)}
    errors: list[str] = []
    seen = Counter(row.email for row in rows)
    live = {
        email.lower()
        for email in Membership.objects.filter(federation=federation)
        .exclude(status=Status.LEFT)
        .values_list("person__email", flat=True)
    }
    steward = is_steward(by, federation)
    allowed: dict[str, bool] = {}
    for row in rows:
        council = councils.get(row.council)
        if council is None:
            errors.append(f"line {row.line}: there is no base council {row.council!r}")
            continue
        if not steward:
            if row.council not in allowed:
                allowed[row.council] = can_change_council(by, council)
            if not allowed[row.council]:
                errors.append(f"line {row.line}: you are not an officer of {council.name}")
        if seen[row.email] > 1:
            errors.append(f"line {row.line}: {row.email} appears more than once in the file")
        if row.email in live:
            errors.append(f"line {row.line}: {row.email} is already a member of this federation")
    if errors:
        if all("not an officer" in e for e in errors):
            raise Forbidden(_summary(errors), errors=errors)
        raise InvalidInput(_summary(errors), errors=errors)
    return councils


def new_login(name: str) -> str:
    """A login for a person known by ``name``: never their email address (see above)."""
    base = slugify(name)[:40].strip("-") or "member"
    return f"{base}-{secrets.token_hex(3)}"


def _people_for(rows: list[MemberRow]) -> dict[str, Any]:
    """The person for each row's email address: the one who has it, or a new person."""
    User = get_user_model()
    emails = [row.email for row in rows]
    people = {u.email.lower(): u for u in User.objects.filter(email__in=emails).order_by("-pk")}
    names = {row.email: row.name for row in rows}
    wanted = {email: new_login(name) for email, name in names.items() if email not in people}
    while True:  # a random suffix rarely collides; when one does, draw again
        taken = set(
            User.objects.filter(username__in=wanted.values()).values_list("username", flat=True)
        )
        seen: set[str] = set()
        clashes = []
        for email, login in wanted.items():
            if login in taken or login in seen:
                clashes.append(email)
            seen.add(login)
        if not clashes:
            break
        for email in clashes:
            wanted[email] = new_login(names[email])
    new_users = []
    for email, login in wanted.items():
        user = User(username=login, email=email, first_name=names[email][:150])
        user.set_unusable_password()
        new_users.append(user)
    User.objects.bulk_create(new_users, batch_size=5000)
    created = User.objects.filter(username__in=wanted.values())
    people.update({u.email.lower(): u for u in created})
    return people


@transaction.atomic
def do_import_members(federation: Federation, text: str, *, by: User) -> ImportReport:
    rows = parse_member_rows(text)
    councils = _check_rows(federation, rows, by)
    people = _people_for(rows)
    now = timezone.now()
    Membership.objects.bulk_create(
        [
            Membership(
                federation=federation,
                council=councils[row.council],
                person=people[row.email],
                status=Status.ACTIVE,
                admitted_at=now,
            )
            for row in rows
        ],
        batch_size=5000,
    )
    per_council = Counter(row.council for row in rows)
    for slug, count in per_council.items():
        council = councils[slug]
        Council.objects.filter(pk=council.pk).update(member_count=F("member_count") + count)
        shift_represented(council, count)
    created = Membership.objects.filter(
        federation=federation, person_id__in=[p.pk for p in people.values()]
    ).exclude(status=Status.LEFT)
    items = [
        (
            f"membership:{m.pk}",
            {
                "membership": m.pk,
                "council": m.council_id,
                "person": username,
                "person_id": m.person_id,
                "status": "active",
            },
        )
        for m, username in (
            (m, m.person.username) for m in created.select_related("person").order_by("pk")
        )
    ]
    append_many(federation.chain, "member.imported", actor=actor_label(by), items=items)
    return ImportReport(imported=len(rows), councils=len(per_council))
