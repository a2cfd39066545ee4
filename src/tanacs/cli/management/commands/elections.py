"""``tanacs elections``: call an election of delegates, stand, open the STV ballot, show."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandError, CommandParser

from tanacs.cli.base import TanacsCommand, find_person
from tanacs.decisions import actions
from tanacs.decisions.export import election_data
from tanacs.decisions.models import Election
from tanacs.federation.models import Council


def _election(pk: int) -> Election:
    election = Election.objects.select_related("council", "council__federation").filter(pk=pk)
    found = election.first()
    if found is None:
        raise CommandError(f"There is no election {pk}.")
    return found


class Command(TanacsCommand):
    help = "Delegate elections: call, stand, open, show."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = self.subcommands(parser)
        call = sub.add_parser("call", help="officers call an election for the council's seats")
        call.add_argument("--council", type=int, required=True, metavar="ID")
        call.add_argument("--seats", default="", metavar="1,2,...", help="default: every seat")
        call.add_argument("--as", dest="actor", required=True, metavar="USERNAME")
        stand = sub.add_parser("stand", help="stand (officers: --person to nominate)")
        stand.add_argument("election", type=int, metavar="ID")
        stand.add_argument("--person", default="", metavar="USERNAME")
        stand.add_argument("--as", dest="actor", required=True, metavar="USERNAME")
        opening = sub.add_parser("open", help="close nominations and open the STV ballot")
        opening.add_argument("election", type=int, metavar="ID")
        opening.add_argument("--as", dest="actor", required=True, metavar="USERNAME")
        show = sub.add_parser("show", help="seats, candidates, outcome")
        show.add_argument("election", type=int, metavar="ID")
        show.add_argument("--json", action="store_true")

    def run(self, **options: Any) -> None:
        getattr(self, "do_" + options["action"])(options)

    def do_call(self, options: dict[str, Any]) -> None:
        council = Council.objects.select_related("federation", "parent").filter(
            pk=options["council"]
        )
        found = council.first()
        if found is None:
            raise CommandError(f"There is no council {options['council']}.")
        try:
            seats = [int(s) for s in options["seats"].split(",") if s.strip()]
        except ValueError:
            raise CommandError("--seats takes seat numbers, e.g. 1,2.") from None
        election = actions.do_call_election(
            found, seats=seats or None, by=find_person(options["actor"])
        )
        self.say(f"election {election.pk} called for seat(s) {election.seats}")

    def do_stand(self, options: dict[str, Any]) -> None:
        person = find_person(options["person"], role="--person") if options["person"] else None
        actions.do_stand(_election(options["election"]), by=find_person(options["actor"]),
                         person=person)  # fmt: skip
        self.say("standing")

    def do_open(self, options: dict[str, Any]) -> None:
        ballot = actions.do_open_election(
            _election(options["election"]), by=find_person(options["actor"])
        )
        if ballot is None:
            self.say("elected unopposed; the seats are filled")
        else:
            self.say(f"ballot {ballot.pk} open: rank the candidates with tanacs ballots vote")

    def do_show(self, options: dict[str, Any]) -> None:
        data = election_data(_election(options["election"]))
        if options["json"]:
            self.say(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.say(f"election {data['id']} of {data['council']['name']} for seat(s) "
                 f"{data['seats']}: {data['status']}")  # fmt: skip
        self.say(f"candidates: {', '.join(data['candidates']) or '-'}")
        if data["outcome"]:
            self.say(f"elected: {', '.join(data['outcome']['elected'])}")
            self.say(f"substitutes: {', '.join(data['outcome']['substitutes']) or '-'}")
