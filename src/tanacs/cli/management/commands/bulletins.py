"""``tanacs bulletins``: list a council's bulletins, post one, relay one of a council above
or below."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import CommandError, CommandParser

from tanacs.broadcast.access import access_bulletin_for, access_public_council
from tanacs.broadcast.actions import do_post_bulletin, do_relay_bulletin
from tanacs.broadcast.selectors import list_bulletins
from tanacs.cli.base import TanacsCommand, find_person
from tanacs.core.errors import NotFound


class Command(TanacsCommand):
    help = "Bulletins: list, post, relay."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = self.subcommands(parser)
        listing = sub.add_parser("list", help="a council's bulletins, newest first")
        listing.add_argument("--council", type=int, required=True, metavar="ID")
        listing.add_argument(
            "--as",
            dest="actor",
            metavar="USERNAME",
            help="read as this person (with the members-only bulletins they may read); "
            "without it, public ones only",
        )
        listing.add_argument("--json", action="store_true")
        post = sub.add_parser("post", help="an officer writes a bulletin")
        post.add_argument("--council", type=int, required=True, metavar="ID")
        post.add_argument("--title", required=True)
        post.add_argument("--body", required=True)
        post.add_argument("--members-only", action="store_true")
        post.add_argument("--as", dest="actor", required=True, metavar="USERNAME")
        relay = sub.add_parser(
            "relay", help="an officer relays a bulletin of a council above or below"
        )
        relay.add_argument("bulletin", type=int, metavar="BULLETIN_ID")
        relay.add_argument("--council", type=int, required=True, metavar="ID")
        relay.add_argument("--as", dest="actor", required=True, metavar="USERNAME")

    def run(self, **options: Any) -> None:
        getattr(self, "do_" + options["action"])(options)

    def do_list(self, options: dict[str, Any]) -> None:
        council = access_public_council(options["council"])
        reader = find_person(options["actor"]) if options["actor"] else AnonymousUser()
        rows = list_bulletins(council, reader, limit=500)
        if options["json"]:
            data = [
                {"id": b.pk, "council": council.pk, "title": b.shown.title, "body": b.shown.body,
                 "public": b.public, "at": b.at.isoformat(), "origin": b.origin_id,
                 "origin_council": b.shown.council.name, "journal_seq": b.journal_seq}
                for b in rows
            ]  # fmt: skip
            self.say(json.dumps(data, ensure_ascii=False, indent=2))
            return
        for b in rows:
            origin = f" (from {b.shown.council.name})" if b.origin_id else ""
            scope = "" if b.public else " [members only]"
            self.say(f"{b.pk:>6}  {b.at:%Y-%m-%d %H:%M}  {b.shown.title}{origin}{scope}")
        if not rows:
            self.say("no bulletins")

    def do_post(self, options: dict[str, Any]) -> None:
        council = access_public_council(options["council"])
        made = do_post_bulletin(
            council, title=options["title"], body=options["body"],
            public=not options["members_only"], by=find_person(options["actor"]),
        )  # fmt: skip
        self.say(f"bulletin {made.pk} posted (journal entry {made.journal_seq})")

    def do_relay(self, options: dict[str, Any]) -> None:
        council = access_public_council(options["council"])
        person = find_person(options["actor"])
        try:
            bulletin = access_bulletin_for(person, options["bulletin"])
        except NotFound as error:
            raise CommandError(f"BULLETIN_ID: {error}") from None
        made = do_relay_bulletin(council, bulletin, by=person)
        self.say(f"bulletin {bulletin.pk} relayed as {made.pk} (journal entry {made.journal_seq})")
