"""``tanacs recall``: petitions to recall a delegate: list, show, open, sign."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandError, CommandParser

from tanacs.cli.base import TanacsCommand, find_person
from tanacs.decisions import actions
from tanacs.decisions.export import petition_data
from tanacs.decisions.models import RecallPetition
from tanacs.decisions.selectors import list_petitions
from tanacs.federation.models import Council


def _petition(pk: int) -> RecallPetition:
    petition = RecallPetition.objects.filter(pk=pk).select_related("seat__council").first()
    if petition is None:
        raise CommandError(f"There is no recall petition {pk}.")
    return petition


def _council(pk: int) -> Council:
    council = Council.objects.select_related("federation", "parent").filter(pk=pk).first()
    if council is None:
        raise CommandError(f"There is no council {pk}.")
    return council


class Command(TanacsCommand):
    help = "Recall petitions: list, show, open, sign."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = self.subcommands(parser)
        listing = sub.add_parser("list", help="a council's recall petitions")
        listing.add_argument("--council", type=int, required=True, metavar="ID")
        listing.add_argument("--json", action="store_true")
        show = sub.add_parser("show", help="signatures, threshold, ballot")
        show.add_argument("petition", type=int, metavar="ID")
        show.add_argument("--json", action="store_true")
        opening = sub.add_parser("open", help="petition to recall a seat's sitting delegate")
        opening.add_argument("--council", type=int, required=True, metavar="ID")
        opening.add_argument("--seat", type=int, required=True)
        opening.add_argument("--reason", required=True)
        opening.add_argument("--as", dest="actor", required=True, metavar="USERNAME")
        sign = sub.add_parser("sign", help="sign; at the threshold the recall ballot opens")
        sign.add_argument("petition", type=int, metavar="ID")
        sign.add_argument("--as", dest="actor", required=True, metavar="USERNAME")

    def run(self, **options: Any) -> None:
        getattr(self, "do_" + options["action"])(options)

    def _report(self, petition: RecallPetition, as_json: bool = False) -> None:
        data = petition_data(petition)
        if as_json:
            self.say(json.dumps(data, ensure_ascii=False, indent=2))
            return
        ballots = ", ".join(f"ballot {b['id']} {b['state']}" for b in data["ballots"])
        self.say(f"petition {data['id']} ({data['status']}): recall {data['delegate']} from seat "
                 f"{data['seat']} of {data['council']['name']}; {data['signatures']} of "
                 f"{data['threshold']} signatures{'; ' + ballots if ballots else ''}")  # fmt: skip

    def do_list(self, options: dict[str, Any]) -> None:
        petitions = list(list_petitions(_council(options["council"])))
        if options["json"]:
            self.say(json.dumps([petition_data(p) for p in petitions], indent=2))
            return
        for petition in petitions:
            self._report(petition)
        if not petitions:
            self.say("no recall petitions")

    def do_show(self, options: dict[str, Any]) -> None:
        self._report(_petition(options["petition"]), options["json"])

    def do_open(self, options: dict[str, Any]) -> None:
        petition = actions.do_open_recall(
            _council(options["council"]), options["seat"], reason=options["reason"],
            by=find_person(options["actor"]),
        )  # fmt: skip
        petition.refresh_from_db()
        self._report(petition)

    def do_sign(self, options: dict[str, Any]) -> None:
        petition = actions.do_sign_recall(
            _petition(options["petition"]), by=find_person(options["actor"])
        )
        petition.refresh_from_db()
        self._report(petition)
