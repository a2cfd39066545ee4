from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import CommandError, CommandParser

from tanacs.ballots.access import require_list_published
from tanacs.ballots.actions import (
    close_due_ballots,
    do_cast_vote,
    do_close_ballot,
    do_create_ballot,
    do_declare_recounted,
    do_open_ballot,
)
from tanacs.ballots.export import (
    ballot_data,
    councils_top_down,
    list_csv,
    list_json,
    tally_csv,
)
from tanacs.ballots.models import Ballot, Electorate, Method
from tanacs.ballots.selectors import list_ballots
from tanacs.cli.base import TanacsCommand, find_person
from tanacs.federation.models import Council


def _ballot(ballot_id: int) -> Ballot:
    ballot = Ballot.objects.select_related("council", "council__federation").filter(pk=ballot_id)
    found = ballot.first()
    if found is None:
        raise CommandError(f"There is no ballot {ballot_id}.")
    return found


def _actor(parser: CommandParser) -> None:
    parser.add_argument("--as", dest="actor", required=True, metavar="USERNAME")


class Command(TanacsCommand):
    help = "Ballots: list, show, create, open, vote, close, close-due, tally, export."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = self.subcommands(parser)
        listing = actions.add_parser("list", help="ballots, newest first")
        listing.add_argument("--council", type=int, metavar="ID")
        listing.add_argument("--json", action="store_true")
        show = actions.add_parser("show", help="question, electorate, turnout and result")
        show.add_argument("ballot", type=int, metavar="ID")
        show.add_argument("--json", action="store_true")
        create = actions.add_parser("create", help="a draft ballot of a council")
        create.add_argument("--council", type=int, required=True, metavar="ID")
        create.add_argument("--title", required=True)
        create.add_argument("--question", default="")
        create.add_argument("--method", default=Method.YESNO, choices=Method.values)
        create.add_argument("--options", default="", metavar="A,B,...")
        create.add_argument("--seats", type=int, default=1)
        create.add_argument("--electorate", default=Electorate.MEMBERS, choices=Electorate.values)
        create.add_argument(
            "--open-ballot", action="store_true",
            help="recorded: names voters' choices (always so for delegates; members vote in "
            "secret otherwise)",
        )  # fmt: skip
        create.add_argument("--quorum", default="")
        create.add_argument("--threshold", default="simple")
        create.add_argument("--threshold-share", default="")
        create.add_argument("--council-turnout", default="")
        create.add_argument("--min-reported", type=int, default=10)
        _actor(create)
        for name, text in (
            ("open", "open for voting and fix the electorate"),
            ("close", "close, count and publish"),
            ("tally", "recount from the stored ballots; declare a closed ballot's result"),
        ):
            sub = actions.add_parser(name, help=text)
            sub.add_argument("ballot", type=int, metavar="ID")
            _actor(sub)
        vote = actions.add_parser("vote", help="cast or change a vote")
        vote.add_argument("ballot", type=int, metavar="ID")
        vote.add_argument("choice", help="yes/no/abstain, an option, or A,B,... for a list")
        vote.add_argument("--receipt", default="", help="your receipt code, to change a vote")
        _actor(vote)
        actions.add_parser("close-due", help="close every open ballot whose closing time passed")
        export = actions.add_parser("export", help="the published ballot list")
        export.add_argument("ballot", type=int, metavar="ID")
        export.add_argument(
            "--format",
            choices=["csv", "json", "tally"],
            default="csv",
            help="csv: the published list (its SHA-256 is list_sha256); tally: a ballot file "
            "for `tanacs tally`, to redraw the count and any lot with the published seed",
        )

    def run(self, **options: Any) -> None:
        getattr(self, "do_" + options["action"].replace("-", "_"))(options)

    def do_close_due(self, options: dict[str, Any]) -> None:
        closed = close_due_ballots()
        for ballot in closed:
            self.say(f"Closed ballot {ballot.pk}: {ballot.title}")
        self.say(f"{len(closed)} ballot(s) closed.")

    def do_list(self, options: dict[str, Any]) -> None:
        council = None
        if options["council"] is not None:
            council = Council.objects.filter(pk=options["council"]).first()
            if council is None:
                raise CommandError(f"There is no council {options['council']}.")
        ballots = list(list_ballots(council))
        if options["json"]:
            rows = [ballot_data(b, councils=False) for b in ballots]
            for row in rows:
                row.pop("result", None)
            self.say(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for b in ballots:
            self.say(f"{b.pk:>6}  {b.state:<9} {b.method:<12} {b.electorate:<18} "
                     f"{b.council.name}: {b.title}")  # fmt: skip
        if not ballots:
            self.say("no ballots")

    def do_show(self, options: dict[str, Any]) -> None:
        data = ballot_data(_ballot(options["ballot"]))
        if options["json"]:
            self.say(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.say(f"ballot {data['id']}: {data['title']} ({data['state']})")
        self.say(f"council: {data['council']['name']}")
        if data["question"]:
            self.say(f"question: {data['question']}")
        self.say(f"method: {data['method']}  options: {', '.join(data['options']) or '-'}")
        self.say(f"electorate: {data['electorate']}, {data['electors']} electors, "
                 f"weight {data['electorate_weight']}")  # fmt: skip
        if "turnout" in data:
            t = data["turnout"]
            self.say(f"turnout: {t['voters']} of {t['electors']}")
        result = data.get("result")
        if result is None:
            return
        self.say(f"total: {_summary(result['total'])}")
        councils = result.get("councils", [])
        top = max((c["level"] for c in councils), default=0)
        for c in councils_top_down(councils):
            figures = (
                "withheld (fewer voters than reported)" if c["withheld"] else _summary(c["summary"])
            )
            indent = "  " * (top - c["level"] + 1)
            self.say(f"{indent}{c['name']}: {c['voters']}/{c['electors']} voted; {figures}")
        if result.get("passed_councils") is not None and result.get("method") == Method.YESNO:
            self.say(f"councils where it passed, by level: {result['passed_councils']}")
        self.say(f"result sha256: {data['result_sha256']}")
        self.say(f"ballot list sha256: {data['list_sha256']}")
        if "lot_seed" in data:
            self.say(f"lot seed (fixed at close by the journal head): {data['lot_seed']}")
            self.say(f"redraw: tanacs ballots export {data['id']} --format tally > "
                     f"ballot-{data['id']}-tally.csv && {data['redraw']}")  # fmt: skip

    def do_create(self, options: dict[str, Any]) -> None:
        council = Council.objects.select_related("federation").filter(pk=options["council"])
        found = council.first()
        if found is None:
            raise CommandError(f"There is no council {options['council']}.")
        ballot = do_create_ballot(
            found,
            by=find_person(options["actor"]),
            title=options["title"],
            question=options["question"],
            method=options["method"],
            options=[o for o in options["options"].split(",") if o.strip()],
            seats=options["seats"],
            electorate=options["electorate"],
            secret=False if options["open_ballot"] else None,
            quorum=options["quorum"],
            threshold=options["threshold"],
            threshold_share=options["threshold_share"],
            council_turnout=options["council_turnout"],
            min_reported=options["min_reported"],
        )
        self.say(f"Created ballot {ballot.pk} ({ballot.state}): {ballot.title}")

    def do_open(self, options: dict[str, Any]) -> None:
        ballot = do_open_ballot(_ballot(options["ballot"]), by=find_person(options["actor"]))
        self.say(f"Opened ballot {ballot.pk}: {ballot.electors_count} electors, "
                 f"weight {ballot.electorate_weight}")  # fmt: skip

    def do_vote(self, options: dict[str, Any]) -> None:
        ballot = _ballot(options["ballot"])
        raw: Any = options["choice"]
        if ballot.method not in (Method.YESNO, Method.CHOOSE_ONE):
            raw = [part.split("=") if "=" in part else part for part in raw.split(",") if part]
        receipt = do_cast_vote(
            ballot, by=find_person(options["actor"]), choice=raw, receipt=options["receipt"]
        )
        self.say(f"{'Changed' if receipt.changed else 'Cast'} vote in ballot {ballot.pk}.")
        if receipt.code:
            self.say(f"receipt code (keep it): {receipt.code}")
        self.say(f"receipt hash in the published list: {receipt.receipt_hash}")
        self.say(f"journal head when you voted (keep it; tanacs verify --since checks it): "
                 f"{receipt.head}")  # fmt: skip

    def do_close(self, options: dict[str, Any]) -> None:
        ballot = do_close_ballot(_ballot(options["ballot"]), by=find_person(options["actor"]))
        result = json.loads(ballot.result)
        self.say(f"Closed ballot {ballot.pk}: {_summary(result['total'])}")
        self.say(f"ballot list sha256: {ballot.list_sha256}")

    def do_tally(self, options: dict[str, Any]) -> None:
        ballot = _ballot(options["ballot"])
        declared = do_declare_recounted(ballot, by=find_person(options["actor"]))
        self.say(f"Recounted ballot {ballot.pk} from its stored ballots: matches the published "
                 "result.")  # fmt: skip
        if declared.state != ballot.state:
            self.say(f"Declared the result of ballot {ballot.pk}.")
        ballot = declared
        self.say(f"total: {_summary(json.loads(ballot.result)['total'])}")

    def do_export(self, options: dict[str, Any]) -> None:
        ballot = _ballot(options["ballot"])
        require_list_published(ballot)
        if options["format"] == "json":
            self.say(json.dumps(list_json(ballot), ensure_ascii=False, indent=1))
            return
        for chunk in tally_csv(ballot) if options["format"] == "tally" else list_csv(ballot):
            self.stdout.write(chunk, ending="")
        sys.stdout.flush()


def _summary(summary: dict[str, Any] | None) -> str:
    if summary is None:
        return "withheld"
    if "yes" in summary:
        verdict = "passed" if summary.get("passed") else "not passed"
        return (
            f"yes {summary['yes']}, no {summary['no']}, abstain {summary['abstain']} "
            f"of {summary['turnout']} ({summary['electorate']} electorate): {verdict}"
        )
    winners = ", ".join(summary.get("winners", [])) or "none"
    return f"{summary['turnout']} voted; elected/chosen: {winners}"
