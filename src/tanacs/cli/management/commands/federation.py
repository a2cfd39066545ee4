from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from tanacs.cli.base import TanacsCommand, find_federation, find_person
from tanacs.federation.actions import do_create_federation, do_set_seat_rule
from tanacs.federation.selectors import list_federations
from tanacs.journal.selectors import get_head


def _seat_rule(parser: CommandParser, *, required: bool) -> None:
    parser.add_argument("--members-per-seat", type=int, required=required, metavar="N")
    parser.add_argument("--seats-min", type=int, required=required, metavar="N")
    parser.add_argument("--seats-max", type=int, required=required, metavar="N")


class Command(TanacsCommand):
    help = "Federations: list, create, show, set-seat-rule."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = self.subcommands(parser)
        actions.add_parser("list", help="every federation")
        create = actions.add_parser("create", help="found a federation")
        create.add_argument("slug", metavar="SLUG")
        create.add_argument("--name", required=True)
        create.add_argument(
            "--levels", required=True, help="level names from the base up, comma-separated"
        )
        create.add_argument("--description", default="")
        create.add_argument("--as", dest="actor", required=True, metavar="USERNAME")
        _seat_rule(create, required=False)
        show = actions.add_parser("show", help="one federation in detail")
        show.add_argument("slug", metavar="SLUG")
        rule = actions.add_parser("set-seat-rule", help="seats per council in its parent")
        rule.add_argument("slug", metavar="SLUG")
        _seat_rule(rule, required=True)
        rule.add_argument("--as", dest="actor", required=True, metavar="USERNAME")

    def run(self, **options: Any) -> None:
        getattr(self, "do_" + options["action"].replace("-", "_"))(options)

    def do_list(self, options: dict[str, Any]) -> None:
        federations = list(list_federations())
        if not federations:
            self.say("No federations yet.")
        for f in federations:
            self.say(f"{f.slug:<24} {f.name}  ({' > '.join(f.levels)})")

    def do_create(self, options: dict[str, Any]) -> None:
        rule = {
            key: options[key]
            for key in ("members_per_seat", "seats_min", "seats_max")
            if options[key] is not None
        }
        federation = do_create_federation(
            name=options["name"], slug=options["slug"],
            levels=[level for level in options["levels"].split(",")],
            description=options["description"], by=find_person(options["actor"]), **rule,
        )  # fmt: skip
        self.say(f"Created federation {federation.slug}: {federation.name}.")

    def do_show(self, options: dict[str, Any]) -> None:
        f = find_federation(options["slug"])
        head = get_head(f.chain)
        self.say(f"{f.name} ({f.slug})")
        self.say(f"levels: {', '.join(f'{i} {name}' for i, name in enumerate(f.levels))}")
        self.say(
            f"seat rule: one seat per {f.members_per_seat} members, at least {f.seats_min}, "
            f"at most {f.seats_max}"
        )
        self.say(f"stewards: {', '.join(s.get_username() for s in f.stewards.all()) or '-'}")
        for level, name in enumerate(f.levels):
            count = f.councils.filter(level=level).count()
            self.say(f"{name} councils: {count}")
        members = sum(c.member_count for c in f.councils.filter(level=0).only("member_count"))
        self.say(f"active members: {members}")
        if head is not None:
            self.say(f"journal: {head.seq} entries, head {head.hash}")

    def do_set_seat_rule(self, options: dict[str, Any]) -> None:
        federation = do_set_seat_rule(
            find_federation(options["slug"]),
            members_per_seat=options["members_per_seat"],
            seats_min=options["seats_min"], seats_max=options["seats_max"],
            by=find_person(options["actor"]),
        )  # fmt: skip
        self.say(
            f"{federation.slug}: one seat per {federation.members_per_seat} members, "
            f"{federation.seats_min} to {federation.seats_max} seats."
        )
