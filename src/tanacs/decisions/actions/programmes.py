"""Programmes: numbered demands, endorsed by councils, merged upwards.

A council endorses a point in one of two ways, both journaled:

* by a **carried motion** (``Motion.point`` names the point, or ``Motion.programme`` makes
  the motion's text a new point of the council's own programme); the endorsement keeps the
  motion, so the point shows the decision behind it;
* by an **officer's record** (``do_endorse_point``), for decisions taken at a meeting
  outside tanacs (a factory assembly in the yard); the endorsement names the officer.

Merging (``do_merge_programme``) copies a child's points into a parent's programme, or joins
them to points the parent already has; a merged point's endorsing councils are its own
and those of every point merged into it, however many levels down.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max

from tanacs.core.actors import actor_label
from tanacs.core.errors import Conflict, InvalidInput
from tanacs.decisions.actions._common import clean_text, journal
from tanacs.decisions.models import Endorsement, Motion, Programme, ProgrammePoint
from tanacs.federation.access import require_council_officer
from tanacs.federation.models import Council

if TYPE_CHECKING:
    from django.contrib.auth.models import User

__all__ = [
    "add_point",
    "do_add_point",
    "do_create_programme",
    "do_endorse_point",
    "do_merge_programme",
    "endorse",
]


@transaction.atomic
def do_create_programme(
    council: Council, *, title: str, description: str = "", by: User
) -> Programme:
    require_council_officer(by, council, "start a programme")
    title = clean_text(title, field="title", what="The programme's title", limit=200)
    programme = Programme.objects.create(
        council=council, title=title, description=description.strip()
    )
    journal(council, "programme.created", f"programme:{programme.pk}", by=by, title=title)
    return programme


def add_point(
    programme: Programme, text: str, *, by: User, sources: list[ProgrammePoint] | None = None
) -> ProgrammePoint:
    """Append a point; callers have checked who may and hold the transaction."""
    Programme.objects.select_for_update(of=("self",)).filter(pk=programme.pk).first()
    text = clean_text(text, field="text", what="A point's text")
    number = (programme.points.aggregate(n=Max("number"))["n"] or 0) + 1
    point = ProgrammePoint.objects.create(programme=programme, number=number, text=text)
    if sources:
        point.sources.set(sources)
    journal(programme.council, "programme.point_added", f"programme:{programme.pk}", by=by,
            number=number, text=text, sources=[s.pk for s in sources or []])  # fmt: skip
    return point


def endorse(
    point: ProgrammePoint, council: Council, *, by: User, motion: Motion | None = None,
    note: str = "",
) -> Endorsement:  # fmt: skip
    existing = Endorsement.objects.filter(point=point, council=council).first()
    if existing is not None:
        if motion is not None and existing.motion_id is None:
            existing.motion = motion  # a vote now stands behind an earlier record
            existing.save(update_fields=["motion"])
        return existing
    endorsement = Endorsement.objects.create(
        point=point, council=council, motion=motion, recorded_by=actor_label(by), note=note
    )
    journal(council, "programme.endorsed", f"programme:{point.programme_id}", by=by,
            point=point.number, point_id=point.pk, motion=motion.pk if motion else None,
            note=note)  # fmt: skip
    return endorsement


@transaction.atomic
def do_add_point(
    programme: Programme, *, text: str, by: User, endorse_it: bool = True
) -> ProgrammePoint:
    """An officer adds a point the council adopted; it is recorded as the council's endorsement."""
    require_council_officer(by, programme.council, "add points to its programme")
    point = add_point(programme, text, by=by)
    if endorse_it:
        endorse(point, programme.council, by=by)
    return point


@transaction.atomic
def do_endorse_point(
    point: ProgrammePoint, council: Council, *, by: User, note: str = ""
) -> Endorsement:
    """An officer records that ``council`` endorsed ``point`` (at a meeting outside tanacs)."""
    require_council_officer(by, council, "record its endorsements")
    if point.programme.council.federation_id != council.federation_id:
        raise InvalidInput("That point belongs to another federation.", field="point")
    if Endorsement.objects.filter(point=point, council=council).exists():
        raise Conflict(f"{council.name} endorses point {point.number} already.")
    return endorse(point, council, by=by, note=note.strip())


@transaction.atomic
def do_merge_programme(
    source: Programme,
    into: Programme,
    *,
    by: User,
    same_as: Mapping[int, int] | None = None,
) -> list[ProgrammePoint]:
    """Merge ``source``'s points into ``into``: each joins the point ``same_as`` maps its
    number to, or becomes a new point at the end. Returns the points of ``into`` touched."""
    require_council_officer(by, into.council, "merge programmes into its own")
    if source.pk == into.pk:
        raise InvalidInput("A programme cannot be merged into itself.", field="source")
    if source.council.federation_id != into.council.federation_id:
        raise InvalidInput("Programmes of different federations cannot be merged.")
    same_as = dict(same_as or {})
    targets = {p.number: p for p in into.points.all()}
    source_points = {p.number: p for p in source.points.all()}
    for number, target_number in same_as.items():
        if number not in source_points:
            raise InvalidInput(f"{source.title} has no point {number}.", field="same_as")
        if target_number not in targets:
            raise InvalidInput(f"{into.title} has no point {target_number}.", field="same_as")
    touched: list[ProgrammePoint] = []
    for number, point in sorted(source_points.items()):
        if number in same_as:
            joined = targets[same_as[number]]
            if _reaches(point, joined):
                raise InvalidInput("Merging would make a point its own source.", field="same_as")
            joined.sources.add(point)
            touched.append(joined)
        elif into.points.filter(sources=point).exists():
            continue  # merged before
        else:
            touched.append(add_point(into, point.text, by=by, sources=[point]))
    journal(into.council, "programme.merged", f"programme:{into.pk}", by=by,
            source=source.pk, same_as={str(k): v for k, v in same_as.items()})  # fmt: skip
    return touched


def _reaches(start: ProgrammePoint, goal: ProgrammePoint) -> bool:
    """Whether ``goal`` is ``start`` or among the points merged into it."""
    seen, stack = set(), [start.pk]
    while stack:
        pk = stack.pop()
        if pk == goal.pk:
            return True
        if pk in seen:
            continue
        seen.add(pk)
        stack.extend(
            ProgrammePoint.sources.through.objects.filter(from_programmepoint_id=pk).values_list(
                "to_programmepoint_id", flat=True
            )
        )
    return False
