from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from tanacs.cli.base import (
    TanacsCommand,
    find_council,
    find_federation,
    find_person,
    parse_level,
)
from tanacs.delegation.actions import do_mark_unavailable, do_set_seat_holders
from tanacs.delegation.selectors import list_seats
from tanacs.federation.actions import do_appoint_officer, do_create_council, do_move_council
from tanacs.federation.selectors import list_children, list_councils


def _common(parser: CommandParser, *, actor: bool) -> None:
    parser.add_argument("--federation", required=True, metavar="SLUG")
    if actor:
        parser.add_argument("--as", dest="actor", required=True, metavar="USERNAME")


class Command(TanacsCommand):
    help = "Councils: list, create, move, show, appoint-officer, set-seat, mark-unavailable."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = self.subcommands(parser)
        listing = actions.add_parser("list", help="the councils of a federation")
        _common(listing, actor=False)
        listing.add_argument("--level", help="only this level (number or name)")
        create = actions.add_parser("create", help="add a council")
        create.add_argument("slug", metavar="SLUG")
        create.add_argument("--name", required=True)
        create.add_argument("--level", required=True, help="level number or name")
        create.add_argument("--parent", metavar="SLUG")
        create.add_argument("--place", default="")
        create.add_argument("--vouches-needed", type=int, default=2, metavar="K")
        _common(create, actor=True)
        move = actions.add_parser("move", help="give a council another parent")
        move.add_argument("slug", metavar="SLUG")
        move.add_argument("--parent", metavar="SLUG", help="omit for a top-level council")
        _common(move, actor=True)
        show = actions.add_parser("show", help="one council in detail")
        show.add_argument("slug", metavar="SLUG")
        _common(show, actor=False)
        officer = actions.add_parser("appoint-officer", help="make a person an officer")
        officer.add_argument("slug", metavar="SLUG")
        officer.add_argument("person", metavar="USERNAME")
        _common(officer, actor=True)
        seat = actions.add_parser("set-seat", help="a seat's delegate and ranked substitutes")
        seat.add_argument("slug", metavar="SLUG")
        seat.add_argument("number", type=int, metavar="SEAT")
        seat.add_argument("--delegate", required=True, metavar="USERNAME")
        seat.add_argument("--substitutes", default="", metavar="USERNAME,...")
        _common(seat, actor=True)
        away = actions.add_parser(
            "mark-unavailable", help="a holder is arrested, ill or away: the next one sits"
        )
        away.add_argument("slug", metavar="SLUG")
        away.add_argument("number", type=int, metavar="SEAT")
        away.add_argument("person", metavar="USERNAME")
        away.add_argument("--reason", required=True)
        _common(away, actor=True)

    def run(self, **options: Any) -> None:
        federation = find_federation(options["federation"])
        getattr(self, "do_" + options["action"].replace("-", "_"))(federation, options)

    def do_list(self, federation: Any, options: dict[str, Any]) -> None:
        level = parse_level(federation, options["level"]) if options["level"] else None
        for c in list_councils(federation, level=level):
            parent = c.parent.slug if c.parent else "-"
            self.say(
                f"{c.slug:<28} {c.level_name:<10} parent {parent:<24} "
                f"members {c.member_count:>7} represented {c.represented_count:>8}  {c.name}"
            )

    def do_create(self, federation: Any, options: dict[str, Any]) -> None:
        parent = find_council(federation, options["parent"]) if options["parent"] else None
        council = do_create_council(
            federation, name=options["name"], slug=options["slug"],
            level=parse_level(federation, options["level"]), parent=parent,
            by=find_person(options["actor"]), place=options["place"],
            vouches_needed=options["vouches_needed"],
        )  # fmt: skip
        self.say(f"Created {council.level_name} council {council.slug}: {council.name}.")

    def do_move(self, federation: Any, options: dict[str, Any]) -> None:
        council = find_council(federation, options["slug"])
        parent = find_council(federation, options["parent"]) if options["parent"] else None
        council = do_move_council(council, parent=parent, by=find_person(options["actor"]))
        self.say(f"{council.slug} now sits under {parent.slug if parent else 'nothing'}.")

    def do_show(self, federation: Any, options: dict[str, Any]) -> None:
        c = find_council(federation, options["slug"])
        self.say(f"{c.name} ({c.slug}), {c.level_name} council of {federation.slug}")
        self.say(f"parent: {c.parent.name + ' (' + c.parent.slug + ')' if c.parent else '-'}")
        if c.place:
            self.say(f"place: {c.place}")
        self.say(f"members: {c.member_count}; represented below: {c.represented_count}")
        officers = [o.person.get_username() for o in c.officers.select_related("person")]
        self.say(f"officers: {', '.join(officers) or '-'}")
        seats = list_seats(c)
        self.say(f"seats in the parent: {len(seats)}")
        for view in seats:
            sitting = view.delegate.person.get_username() if view.delegate else "(empty)"
            subs = [
                h.person.get_username() + ("" if h.status == "available" else f" [{h.status}]")
                for h in view.substitutes
            ]
            self.say(
                f"  seat {view.number} (weight {view.weight}): {sitting}; "
                f"substitutes: {', '.join(subs) or '-'}"
            )
        children = list(list_children(c))
        self.say(f"councils below: {len(children)}")
        for child in children[:50]:
            self.say(f"  {child.slug}  {child.name}")
        if len(children) > 50:
            self.say(f"  ... and {len(children) - 50} more")

    def do_appoint_officer(self, federation: Any, options: dict[str, Any]) -> None:
        council = find_council(federation, options["slug"])
        person = find_person(options["person"], role="USERNAME")
        do_appoint_officer(council, person, by=find_person(options["actor"]))
        self.say(f"{person.get_username()} is now an officer of {council.slug}.")

    def do_set_seat(self, federation: Any, options: dict[str, Any]) -> None:
        council = find_council(federation, options["slug"])
        names = [n.strip() for n in options["substitutes"].split(",") if n.strip()]
        delegate = find_person(options["delegate"], role="--delegate")
        substitutes = [find_person(n, role="--substitutes") for n in names]
        seat = do_set_seat_holders(
            council, options["number"], delegate=delegate, substitutes=substitutes,
            by=find_person(options["actor"]),
        )  # fmt: skip
        self.say(
            f"Seat {seat.number} of {council.slug}: delegate {delegate.get_username()}, "
            f"substitutes {', '.join(names) or '-'}."
        )

    def do_mark_unavailable(self, federation: Any, options: dict[str, Any]) -> None:
        council = find_council(federation, options["slug"])
        person = find_person(options["person"], role="USERNAME")
        do_mark_unavailable(
            council, options["number"], person, reason=options["reason"],
            by=find_person(options["actor"]),
        )  # fmt: skip
        view = next((v for v in list_seats(council) if v.number == options["number"]), None)
        if view is None:
            raise CommandError(f"{council.slug} has no seat {options['number']} any more.")
        sitting = view.delegate.person.get_username() if view.delegate else "nobody"
        self.say(f"{person.get_username()} is unavailable; seat {view.number}: {sitting} sits.")
