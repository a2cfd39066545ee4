"""``tanacs programmes``: list, show (each point with its endorsing councils), add a point,
merge a programme into another, record an endorsement."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandError, CommandParser

from tanacs.cli.base import TanacsCommand, find_person
from tanacs.decisions import actions
from tanacs.decisions.export import programme_data
from tanacs.decisions.models import Programme, ProgrammePoint
from tanacs.federation.models import Council


def _programme(pk: int) -> Programme:
    found = Programme.objects.select_related("council", "council__federation").filter(pk=pk)
    programme = found.first()
    if programme is None:
        raise CommandError(f"There is no programme {pk}.")
    return programme


def _council(pk: int) -> Council:
    council = Council.objects.select_related("federation").filter(pk=pk).first()
    if council is None:
        raise CommandError(f"There is no council {pk}.")
    return council


class Command(TanacsCommand):
    help = "Programmes: list, show, point, merge, endorse."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = self.subcommands(parser)
        listing = sub.add_parser("list", help="programmes, by council")
        listing.add_argument("--council", type=int, metavar="ID")
        show = sub.add_parser("show", help="the points and the councils endorsing each")
        show.add_argument("programme", type=int, metavar="ID")
        show.add_argument("--json", action="store_true")
        point = sub.add_parser("point", help="officers add a point the council adopted")
        point.add_argument("programme", type=int, metavar="ID")
        point.add_argument("--text", required=True)
        point.add_argument("--as", dest="actor", required=True, metavar="USERNAME")
        merge = sub.add_parser("merge", help="merge another programme into this one")
        merge.add_argument("programme", type=int, metavar="ID")
        merge.add_argument("--source", type=int, required=True, metavar="ID")
        merge.add_argument("--same-as", default="", metavar="SRC=DST,...",
                           help="source point numbers joining existing points")  # fmt: skip
        merge.add_argument("--as", dest="actor", required=True, metavar="USERNAME")
        endorse = sub.add_parser("endorse", help="record that a council endorsed a point")
        endorse.add_argument("point", type=int, metavar="POINT_ID")
        endorse.add_argument("--council", type=int, required=True, metavar="ID")
        endorse.add_argument("--note", default="")
        endorse.add_argument("--as", dest="actor", required=True, metavar="USERNAME")

    def run(self, **options: Any) -> None:
        getattr(self, "do_" + options["action"])(options)

    def do_list(self, options: dict[str, Any]) -> None:
        rows = Programme.objects.select_related("council").order_by("council__level", "pk")
        if options["council"] is not None:
            rows = rows.filter(council_id=options["council"])
        for p in rows:
            self.say(f"{p.pk:>6}  {p.council.name}: {p.title} ({p.points.count()} points)")
        if not rows:
            self.say("no programmes")

    def do_show(self, options: dict[str, Any]) -> None:
        data = programme_data(_programme(options["programme"]))
        if options["json"]:
            self.say(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.say(f"{data['title']} ({data['council']['name']})")
        for point in data["points"]:
            self.say(f"{point['number']:>3}. {point['text']}")
            names = ", ".join(e["council"]["name"] for e in point["endorsed_by"]) or "nobody yet"
            self.say(f"     endorsed by: {names}")

    def do_point(self, options: dict[str, Any]) -> None:
        point = actions.do_add_point(_programme(options["programme"]), text=options["text"],
                                     by=find_person(options["actor"]))  # fmt: skip
        self.say(f"point {point.number} (id {point.pk}) added")

    def do_merge(self, options: dict[str, Any]) -> None:
        same_as: dict[int, int] = {}
        for pair in filter(None, options["same_as"].split(",")):
            try:
                src, dst = (int(x) for x in pair.split("="))
            except ValueError:
                raise CommandError(f"--same-as takes SRC=DST pairs, not {pair!r}.") from None
            same_as[src] = dst
        touched = actions.do_merge_programme(
            _programme(options["source"]), _programme(options["programme"]),
            by=find_person(options["actor"]), same_as=same_as,
        )  # fmt: skip
        self.say(f"merged; {len(touched)} point(s) added or joined")

    def do_endorse(self, options: dict[str, Any]) -> None:
        point = ProgrammePoint.objects.filter(pk=options["point"]).first()
        if point is None:
            raise CommandError(f"There is no programme point {options['point']}.")
        council = _council(options["council"])
        actions.do_endorse_point(point, council, by=find_person(options["actor"]),
                                 note=options["note"])  # fmt: skip
        self.say(f"{council.name} endorses point {point.number}")
