"""``tanacs strikes``: list, show, call, report, extend, end (and suspend, resume)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from tanacs.ballots.models import Ballot
from tanacs.ballots.subjects import subject_pk
from tanacs.cli.base import TanacsCommand, find_council, find_federation, find_person
from tanacs.decisions.models import Motion, ProgrammePoint
from tanacs.strikes import actions
from tanacs.strikes.models import CouncilStatus, Strike, StrikeDecision, StrikeKind
from tanacs.strikes.selectors import list_strikes, strike_data, strike_summary


def _strike(pk: int) -> Strike:
    strike = Strike.objects.select_related("federation", "council").filter(pk=pk).first()
    if strike is None:
        raise CommandError(f"There is no strike {pk}.")
    return strike


def _when(text: str | None) -> datetime | None:
    if not text:
        return None
    when = parse_datetime(text)
    if when is None:
        raise CommandError(f"{text!r} is not a date and time (e.g. 1956-10-26T08:00+01:00).")
    return timezone.make_aware(when) if timezone.is_naive(when) else when


def _decision(options: dict[str, Any]) -> dict[str, Any]:
    motion = ballot = None
    if options.get("motion") is not None:
        motion = Motion.objects.filter(pk=options["motion"]).first()
        if motion is None:
            raise CommandError(f"There is no motion {options['motion']}.")
    if options.get("ballot") is not None:
        ballot = Ballot.objects.filter(pk=options["ballot"]).first()
        if ballot is None:
            raise CommandError(f"There is no ballot {options['ballot']}.")
    return {"motion": motion, "ballot": ballot}


def _by_decision(parser: CommandParser) -> None:
    parser.add_argument("--motion", type=int, metavar="ID", help="the carried motion")
    parser.add_argument("--ballot", type=int, metavar="ID", help="the ballot declared passed")
    parser.add_argument("--by-ballot", choices=["members", "delegates", "referendum"],
                        help="put it to a ballot of the council now; its declaration "
                        "decides (tanacs ballots close, then tally)")  # fmt: skip
    parser.add_argument("--as", dest="actor", required=True, metavar="USERNAME")


class Command(TanacsCommand):
    help = "Strikes: list, show, call, report, extend, suspend, resume, end."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = self.subcommands(parser)
        listing = sub.add_parser("list", help="a federation's strikes, newest first")
        listing.add_argument("federation", metavar="FEDERATION")
        listing.add_argument("--json", action="store_true")
        show = sub.add_parser("show", help="a strike with its roll-up and conditions")
        show.add_argument("strike", type=int, metavar="ID")
        show.add_argument("--json", action="store_true")
        call = sub.add_parser("call", help="call a strike by a carried motion or passed ballot")
        call.add_argument("federation", metavar="FEDERATION")
        call.add_argument("council", metavar="COUNCIL", help="the calling council's short name")
        call.add_argument("--title", required=True)
        call.add_argument("--kind", choices=StrikeKind.values, default=StrikeKind.GENERAL)
        call.add_argument("--starts", metavar="WHEN", help="ISO date and time (default now)")
        call.add_argument("--scope", action="append", default=[], metavar="COUNCIL",
                          help="a council below called out (repeat; default all)")  # fmt: skip
        call.add_argument("--point", action="append", type=int, default=[], metavar="ID",
                          help="a programme point that is a condition (repeat)")  # fmt: skip
        _by_decision(call)
        report = sub.add_parser("report", help="report a council's status")
        report.add_argument("strike", type=int, metavar="ID")
        report.add_argument("council", metavar="COUNCIL", help="its short name")
        report.add_argument("status", choices=CouncilStatus.values)
        report.add_argument("--out", type=int, metavar="N", help="members out")
        report.add_argument("--service", action="append", default=[], metavar="NAME=N",
                            help="an essential service kept, and its members (repeat)")  # fmt: skip
        report.add_argument("--at", metavar="WHEN", help="as of (default now)")
        report.add_argument("--note", default="")
        report.add_argument("--as", dest="actor", required=True, metavar="USERNAME")
        for name, text in (
            ("extend", "extend the call to a new date"),
            ("suspend", "suspend the call"),
            ("resume", "resume a suspended call"),
            ("end", "end the call (councils may go on striking)"),
        ):
            p = sub.add_parser(name, help=text)
            p.add_argument("strike", type=int, metavar="ID")
            if name == "extend":
                p.add_argument("--starts", metavar="WHEN", required=True)
            _by_decision(p)

    def run(self, **options: Any) -> None:
        getattr(self, "do_" + options["action"])(options)

    def do_list(self, options: dict[str, Any]) -> None:
        strikes = list(list_strikes(find_federation(options["federation"])))
        if options["json"]:
            self.say(json.dumps([strike_summary(s) for s in strikes], ensure_ascii=False,
                                indent=2))  # fmt: skip
            return
        for s in strikes:
            self.say(f"{s.pk:>6}  {s.status:<9} {s.kind:<10} {s.starts_at:%Y-%m-%d}  {s.title}"
                     f" ({s.council.name})")  # fmt: skip
        if not strikes:
            self.say("no strikes")

    def do_show(self, options: dict[str, Any]) -> None:
        strike = _strike(options["strike"])
        data = strike_data(strike)
        if options["json"]:
            self.say(json.dumps(data, ensure_ascii=False, indent=2))
            return
        total = data["total"]
        self.say(f"{strike.title}: {strike.get_kind_display()}, {strike.status}, called by "
                 f"{strike.council.name} from {strike.starts_at:%Y-%m-%d %H:%M}")  # fmt: skip
        self.say(f"out: {total['members_out']} of {total['members']} members, "
                 f"{total['councils_out']} of {total['councils']} councils")  # fmt: skip
        for level in data["levels"]:
            self.say(f"  {level['name']:<12} councils out {level['councils_out']}/"
                     f"{level['councils']}  members out {level['members_out']}/"
                     f"{level['members']}")  # fmt: skip
        for root in data["councils"]:
            self._tree(root, 0)
        for c in data["conditions"]:
            self.say(f"condition {c['number']}: [{c['status']}] {c['text']}")

    def _tree(self, node: dict[str, Any], depth: int) -> None:
        self.say(f"{'  ' * depth}{node['name']}: {node['status']}, {node['members_out']} of "
                 f"{node['members']} out")  # fmt: skip
        for child in node["children"]:
            self._tree(child, depth + 1)

    def do_call(self, options: dict[str, Any]) -> None:
        federation = find_federation(options["federation"])
        council = find_council(federation, options["council"])
        points = list(ProgrammePoint.objects.filter(
            pk__in=options["point"], programme__council__federation=federation))  # fmt: skip
        if len(points) != len(set(options["point"])):
            raise CommandError(f"{federation.slug} has no programme point among "
                               f"{options['point']}.")  # fmt: skip
        by = find_person(options["actor"])
        details = {
            "title": options["title"], "kind": options["kind"],
            "starts_at": _when(options["starts"]), "points": points,
            "scope": [find_council(federation, slug) for slug in options["scope"]],
        }  # fmt: skip
        if options["by_ballot"]:
            ballot = actions.do_ballot_on_call(council, by=by, electorate=options["by_ballot"],
                                               **details)  # fmt: skip
            decision = StrikeDecision.objects.get(pk=subject_pk(ballot))
            self.say(f"strike {decision.strike_id} proposed; ballot {ballot.pk} is open")
            return
        strike = actions.do_call_strike(council, by=by, **details, **_decision(options))
        self.say(f"strike {strike.pk} called: {strike.title}")

    def do_report(self, options: dict[str, Any]) -> None:
        strike = _strike(options["strike"])
        council = find_council(strike.federation, options["council"])
        services = []
        for text in options["service"]:
            name, _, members = text.rpartition("=")
            if not name or not members.strip().isdigit():
                raise CommandError(f"--service {text!r}: give NAME=MEMBERS, e.g. hospital=12.")
            services.append([name.strip(), int(members)])
        report = actions.do_report_status(
            strike, council, options["status"], by=find_person(options["actor"]),
            members_out=options["out"], services=services, reported_at=_when(options["at"]),
            note=options["note"],
        )  # fmt: skip
        self.say(f"{council.name}: {report.status}, {report.members_out} out")

    def _decide(self, options: dict[str, Any], action: str) -> None:
        if options["by_ballot"]:
            by = find_person(options["actor"])
            strike = _strike(options["strike"])
            when = _when(options.get("starts"))
            ballot = actions.do_ballot_on_decision(strike, action, by=by, starts_at=when,
                                                   electorate=options["by_ballot"])  # fmt: skip
            self.say(f"ballot {ballot.pk} is open on: {ballot.title}")
            return
        strike = actions.do_decide_strike(
            _strike(options["strike"]), action, by=find_person(options["actor"]),
            starts_at=_when(options.get("starts")), **_decision(options),
        )  # fmt: skip
        self.say(f"strike {strike.pk}: {strike.status}")

    def do_extend(self, options: dict[str, Any]) -> None:
        self._decide(options, "extend")

    def do_suspend(self, options: dict[str, Any]) -> None:
        self._decide(options, "suspend")

    def do_resume(self, options: dict[str, Any]) -> None:
        self._decide(options, "resume")

    def do_end(self, options: dict[str, Any]) -> None:
        self._decide(options, "end")
