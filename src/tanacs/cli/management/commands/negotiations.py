"""``tanacs negotiations``: list, show, open, send, answer, status."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.dateparse import parse_date

from tanacs.cli.base import TanacsCommand, find_council, find_federation, find_person
from tanacs.decisions.models import Motion, ProgrammePoint
from tanacs.negotiations import actions
from tanacs.negotiations.models import DemandStatus, Negotiation
from tanacs.negotiations.selectors import list_negotiations, summary


def _negotiation(pk: int) -> Negotiation:
    found = Negotiation.objects.select_related("federation", "council").filter(pk=pk).first()
    if found is None:
        raise CommandError(f"There is no negotiation {pk}.")
    return found


def _day(text: str | None) -> date | None:
    if not text:
        return None
    day = parse_date(text)
    if day is None:
        raise CommandError(f"{text!r} is not a date (e.g. 1956-11-16).")
    return day


class Command(TanacsCommand):
    help = "Negotiations in writing: list, show, open, send, answer, status."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = self.subcommands(parser)
        listing = sub.add_parser("list", help="a council's negotiations, newest first")
        listing.add_argument("federation", metavar="FEDERATION")
        listing.add_argument("council", metavar="COUNCIL", help="its short name")
        listing.add_argument("--json", action="store_true")
        show = sub.add_parser("show", help="a negotiation: demands, answers, sessions")
        show.add_argument("negotiation", type=int, metavar="ID")
        show.add_argument("--json", action="store_true")
        show.add_argument("--text", action="store_true", help="print the text as sent")
        opening = sub.add_parser("open", help="open a negotiation, name its delegation and "
                                 "take its demands from programme points and motions")  # fmt: skip
        opening.add_argument("federation", metavar="FEDERATION")
        opening.add_argument("council", metavar="COUNCIL", help="its short name")
        opening.add_argument("--counterpart", required=True)
        opening.add_argument("--title", default="")
        opening.add_argument("--delegate", action="append", default=[], metavar="USERNAME",
                             help="a member of the delegation (repeat)")  # fmt: skip
        opening.add_argument("--election", type=int, metavar="ID",
                             help="or the winners of this declared election")  # fmt: skip
        opening.add_argument("--point", action="append", type=int, default=[], metavar="ID")
        opening.add_argument("--motion", action="append", type=int, default=[], metavar="ID")
        opening.add_argument("--as", dest="actor", required=True, metavar="USERNAME")
        send = sub.add_parser("send", help="send the demands in writing (fixes the text)")
        send.add_argument("negotiation", type=int, metavar="ID")
        send.add_argument("--as", dest="actor", required=True, metavar="USERNAME")
        answer = sub.add_parser("answer", help="record the counterpart's answer to a demand")
        answer.add_argument("negotiation", type=int, metavar="ID")
        answer.add_argument("number", type=int, metavar="DEMAND")
        answer.add_argument("status", choices=DemandStatus.values)
        answer.add_argument("--text", required=True)
        answer.add_argument("--on", metavar="DATE", help="the answer's date (default today)")
        answer.add_argument("--as", dest="actor", required=True, metavar="USERNAME")
        status = sub.add_parser("status", help="set a demand's status (withdraw it)")
        status.add_argument("negotiation", type=int, metavar="ID")
        status.add_argument("number", type=int, metavar="DEMAND")
        status.add_argument("status", choices=DemandStatus.values)
        status.add_argument("--note", default="")
        status.add_argument("--as", dest="actor", required=True, metavar="USERNAME")

    def run(self, **options: Any) -> None:
        getattr(self, "do_" + options["action"])(options)

    def do_list(self, options: dict[str, Any]) -> None:
        council = find_council(find_federation(options["federation"]), options["council"])
        found = list(list_negotiations(council))
        if options["json"]:
            self.say(json.dumps([summary(n) for n in found], ensure_ascii=False, indent=2))
            return
        for n in found:
            self.say(f"{n.pk:>6}  {n.status:<8} {n.title} (with {n.counterpart})")
        if not found:
            self.say("no negotiations")

    def do_show(self, options: dict[str, Any]) -> None:
        found = _negotiation(options["negotiation"])
        if options["text"]:
            self.stdout.write(found.document, ending="")
            return
        data = summary(found)
        if options["json"]:
            self.say(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.say(f"{found.title}: {found.get_status_display()}, with {found.counterpart}")
        if found.document_sha256:
            self.say(f"sent {data['sent_at']}, SHA-256 {found.document_sha256}")
        self.say("delegation: " + (", ".join(data["delegates"]) or "none"))
        for d in data["demands"]:
            self.say(f"{d['number']}. [{d['status']}] {d['text']}")
            for a in d["answers"]:
                self.say(f"     {a['answered_on']} {a['status']}: {a['text']}")
        for s in data["sessions"]:
            self.say(f"session {s['held_on']}, {s['place']}: {s['attendees']}")

    def do_open(self, options: dict[str, Any]) -> None:
        federation = find_federation(options["federation"])
        council = find_council(federation, options["council"])
        by = find_person(options["actor"])
        points = list(ProgrammePoint.objects.filter(pk__in=options["point"]))
        motions = list(Motion.objects.filter(pk__in=options["motion"]))
        if len(points) != len(set(options["point"])) or len(motions) != len(set(options["motion"])):
            raise CommandError("Some --point or --motion numbers do not exist.")
        election = None
        if options["election"] is not None:
            election = council.elections.filter(pk=options["election"]).first()
            if election is None:
                raise CommandError(f"{council.name} has no election {options['election']}.")
        people = [find_person(name, role="--delegate") for name in options["delegate"]]
        made = actions.do_open_negotiation(council, by=by, counterpart=options["counterpart"],
                                           title=options["title"])  # fmt: skip
        if people or election:
            actions.do_set_delegation(made, by=by, people=None if election else people,
                                      election=election)  # fmt: skip
        if points or motions:
            actions.do_add_demands(made, by=by, points=points, motions=motions)
        self.say(f"negotiation {made.pk} opened: {made.title}")

    def do_send(self, options: dict[str, Any]) -> None:
        found = actions.do_send(_negotiation(options["negotiation"]),
                                by=find_person(options["actor"]))  # fmt: skip
        self.say(f"negotiation {found.pk} sent; SHA-256 {found.document_sha256}")

    def do_answer(self, options: dict[str, Any]) -> None:
        answer = actions.do_record_answer(
            _negotiation(options["negotiation"]), options["number"],
            by=find_person(options["actor"]), text=options["text"], status=options["status"],
            answered_on=_day(options["on"]),
        )  # fmt: skip
        self.say(f"demand {options['number']}: {answer.status}")

    def do_status(self, options: dict[str, Any]) -> None:
        demand = actions.do_set_demand_status(
            _negotiation(options["negotiation"]), options["number"], options["status"],
            by=find_person(options["actor"]), note=options["note"],
        )  # fmt: skip
        self.say(f"demand {demand.number}: {demand.status}")
