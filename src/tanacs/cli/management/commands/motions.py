"""``tanacs motions``: list, show, table, co-sign, amend, put to the vote, close, send up,
and record or show mandates."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandError, CommandParser

from tanacs.ballots.actions import do_close_and_declare, do_resume_after_cancel
from tanacs.ballots.models import Ballot
from tanacs.ballots.subjects import kind_of
from tanacs.cli.base import TanacsCommand, find_person
from tanacs.decisions import actions
from tanacs.decisions.export import mandates_data, motion_data, motion_summary
from tanacs.decisions.models import (
    Amendment,
    MandatePosition,
    Motion,
    MotionStatus,
    Programme,
    ProgrammePoint,
)
from tanacs.decisions.selectors import (
    cosigners_needed,
    list_motions,
    mandates_bind,
    recall_share_percent,
)
from tanacs.federation.models import Council


def _council(pk: int) -> Council:
    council = Council.objects.select_related("federation", "parent").filter(pk=pk).first()
    if council is None:
        raise CommandError(f"There is no council {pk}.")
    return council


def _motion(pk: int) -> Motion:
    motion = Motion.objects.select_related("council", "council__federation").filter(pk=pk).first()
    if motion is None:
        raise CommandError(f"There is no motion {pk}.")
    return motion


def _actor(parser: CommandParser) -> None:
    parser.add_argument("--as", dest="actor", required=True, metavar="USERNAME")


def _print(command: TanacsCommand, data: Any) -> None:
    command.say(json.dumps(data, ensure_ascii=False, indent=2, default=str))


class Command(TanacsCommand):
    help = "Motions: list, show, table, cosign, amend, vote, close, send-up, mandate."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = self.subcommands(parser)
        listing = sub.add_parser("list", help="a council's motions, newest first")
        listing.add_argument("--council", type=int, required=True, metavar="ID")
        listing.add_argument("--status", choices=MotionStatus.values)
        listing.add_argument("--json", action="store_true")
        show = sub.add_parser("show", help="text, origin chain, amendments, ballots, mandates")
        show.add_argument("motion", type=int, metavar="ID")
        show.add_argument("--json", action="store_true")
        table = sub.add_parser("table", help="table a motion in a council")
        table.add_argument("--council", type=int, required=True, metavar="ID")
        table.add_argument("--title", required=True)
        table.add_argument("--text", required=True)
        table.add_argument("--draft", action="store_true", help="keep it a draft")
        table.add_argument(
            "--programme",
            type=int,
            metavar="ID",
            help="carried, its text becomes a new point of this programme",
        )
        table.add_argument(
            "--point",
            type=int,
            metavar="POINT_ID",
            help="carried, the council endorses this programme point",
        )
        _actor(table)
        for name, text in (
            ("cosign", "co-sign a tabled motion"),
            ("withdraw", "withdraw a motion (author or officer)"),
            ("vote", "officers open the vote on an admitted motion"),
            ("send-up", "send a carried motion to the parent council"),
        ):
            p = sub.add_parser(name, help=text)
            p.add_argument("motion", type=int, metavar="ID")
            _actor(p)
        amend = sub.add_parser("amend", help="propose a new wording")
        amend.add_argument("motion", type=int, metavar="ID")
        amend.add_argument("--text", required=True)
        amend.add_argument("--reason", default="")
        _actor(amend)
        amendment_vote = sub.add_parser(
            "amendment-vote", help="officers put an amendment to the vote"
        )
        amendment_vote.add_argument("amendment", type=int, metavar="AMENDMENT_ID")
        _actor(amendment_vote)
        close = sub.add_parser("close", help="close and declare a decision ballot; apply it")
        close.add_argument("ballot", type=int, metavar="BALLOT_ID")
        _actor(close)
        resume = sub.add_parser("resume", help="after a cancelled ballot, vote again")
        resume.add_argument("ballot", type=int, metavar="BALLOT_ID")
        _actor(resume)
        mandate = sub.add_parser("mandate", help="officers record a council's mandate")
        mandate.add_argument("motion", type=int, metavar="ID")
        mandate.add_argument("--council", type=int, required=True, metavar="ID")
        mandate.add_argument("--position", required=True, choices=MandatePosition.values)
        _actor(mandate)
        rules = sub.add_parser("rules", help="show or set co-signers, recall share, binding")
        rules.add_argument("--council", type=int, required=True, metavar="ID")
        rules.add_argument("--cosigners", type=int, help="this council's co-signers needed")
        rules.add_argument("--recall-share", type=int, metavar="PERCENT")
        rules.add_argument(
            "--federation-default",
            action="store_true",
            help="set the numbers for the whole federation (stewards)",
        )
        rules.add_argument(
            "--mandates-bind",
            choices=["yes", "no"],
            help="federation-wide: bound delegates vote as mandated",
        )
        rules.add_argument("--as", dest="actor", metavar="USERNAME")
        mandates = sub.add_parser("mandates", help="each seat: mandate and delegate's vote")
        mandates.add_argument("motion", type=int, metavar="ID")
        mandates.add_argument("--json", action="store_true")

    def run(self, **options: Any) -> None:
        getattr(self, "do_" + options["action"].replace("-", "_"))(options)

    def _by(self, options: dict[str, Any]) -> Any:
        return find_person(options["actor"])

    def do_list(self, options: dict[str, Any]) -> None:
        motions = list(list_motions(_council(options["council"]), status=options["status"]))
        if options["json"]:
            _print(self, [motion_summary(m) for m in motions])
            return
        for m in motions:
            origin = f" (from motion {m.origin_id})" if m.origin_id else ""
            self.say(f"{m.pk:>6}  {m.status:<9} {m.title}{origin}")
        if not motions:
            self.say("no motions")

    def do_show(self, options: dict[str, Any]) -> None:
        data = motion_data(_motion(options["motion"]))
        if options["json"]:
            _print(self, data)
            return
        self.say(f"motion {data['id']}: {data['title']} ({data['status']})")
        self.say(f"council: {data['council']['name']}; tabled by {data['author']}")
        self.say(data["text"])
        if data["cosigners"]:
            self.say(f"co-signed by: {', '.join(data['cosigners'])}")
        for origin in data["origin_chain"]:
            self.say(f"came from motion {origin['id']} of {origin['council']['name']} "
                     f"({origin['status']})")  # fmt: skip
        for a in data["amendments"]:
            self.say(f"amendment {a['number']} (id {a['id']}, {a['status']}) by {a['author']}: "
                     f"{a['text']}")  # fmt: skip
        for b in data["ballots"]:
            self.say(f"ballot {b['id']}: {b['state']}")

    def do_table(self, options: dict[str, Any]) -> None:
        programme = point = None
        if options["programme"] is not None:
            programme = Programme.objects.filter(pk=options["programme"]).first()
            if programme is None:
                raise CommandError(f"There is no programme {options['programme']}.")
        if options["point"] is not None:
            point = ProgrammePoint.objects.filter(pk=options["point"]).first()
            if point is None:
                raise CommandError(f"There is no programme point {options['point']}.")
        motion = actions.do_create_motion(
            _council(options["council"]), title=options["title"], text=options["text"],
            by=self._by(options), table=not options["draft"], programme=programme, point=point,
        )  # fmt: skip
        motion.refresh_from_db()
        self.say(f"motion {motion.pk} {motion.status}")

    def do_cosign(self, options: dict[str, Any]) -> None:
        motion = actions.do_cosign_motion(_motion(options["motion"]), by=self._by(options))
        self.say(f"motion {motion.pk} {motion.status}, {motion.cosignatures.count()} co-signer(s)")

    def do_withdraw(self, options: dict[str, Any]) -> None:
        motion = actions.do_withdraw_motion(_motion(options["motion"]), by=self._by(options))
        self.say(f"motion {motion.pk} {motion.status}")

    def do_vote(self, options: dict[str, Any]) -> None:
        ballot = actions.do_open_motion_vote(_motion(options["motion"]), by=self._by(options))
        self.say(f"ballot {ballot.pk} open: tanacs ballots vote {ballot.pk} yes|no|abstain")

    def do_send_up(self, options: dict[str, Any]) -> None:
        proposal = actions.do_send_up(_motion(options["motion"]), by=self._by(options))
        self.say(f"motion {proposal.pk} {proposal.status} in {proposal.council.name}")

    def do_amend(self, options: dict[str, Any]) -> None:
        amendment = actions.do_propose_amendment(
            _motion(options["motion"]), text=options["text"], reason=options["reason"],
            by=self._by(options),
        )  # fmt: skip
        self.say(f"amendment {amendment.number} (id {amendment.pk}) proposed")

    def do_amendment_vote(self, options: dict[str, Any]) -> None:
        amendment = Amendment.objects.filter(pk=options["amendment"]).first()
        if amendment is None:
            raise CommandError(f"There is no amendment {options['amendment']}.")
        ballot = actions.do_open_amendment_vote(amendment, by=self._by(options))
        self.say(f"ballot {ballot.pk} open")

    def do_close(self, options: dict[str, Any]) -> None:
        ballot = Ballot.objects.filter(pk=options["ballot"]).first()
        if ballot is None:
            raise CommandError(f"There is no ballot {options['ballot']}.")
        ballot = do_close_and_declare(ballot, by=self._by(options))
        self.say(f"ballot {ballot.pk} {ballot.state}: {kind_of(ballot)} {ballot.decides_id}")

    def do_resume(self, options: dict[str, Any]) -> None:
        ballot = Ballot.objects.filter(pk=options["ballot"]).first()
        if ballot is None:
            raise CommandError(f"There is no ballot {options['ballot']}.")
        new = do_resume_after_cancel(ballot, by=self._by(options))
        self.say(f"ballot {new.pk} open" if new else f"{kind_of(ballot)} {ballot.decides_id} "
                 "can be put to the vote again")  # fmt: skip

    def do_mandate(self, options: dict[str, Any]) -> None:
        mandate = actions.do_set_mandate(
            _motion(options["motion"]), _council(options["council"]),
            position=options["position"], by=self._by(options),
        )  # fmt: skip
        self.say(f"{mandate.council.name}: {mandate.position}")

    def do_rules(self, options: dict[str, Any]) -> None:
        council = _council(options["council"])
        cosigners, share = options["cosigners"], options["recall_share"]
        bind = options["mandates_bind"]
        if options["federation_default"] or bind is not None:
            actions.do_set_federation_rules(
                council.federation, by=self._by(options), cosigners_needed=cosigners,
                recall_share_percent=share, mandates_bind=None if bind is None else bind == "yes",
            )  # fmt: skip
        elif cosigners is not None or share is not None:
            actions.do_set_council_rules(council, by=self._by(options), cosigners_needed=cosigners,
                                         recall_share_percent=share)  # fmt: skip
        binding = "bind" if mandates_bind(council.federation) else "do not bind"
        self.say(f"{council.name}: {cosigners_needed(council)} co-signer(s) admit a motion; "
                 f"{recall_share_percent(council)}% of a seat's electorate start a recall; "
                 f"mandates {binding}")  # fmt: skip

    def do_mandates(self, options: dict[str, Any]) -> None:
        rows = mandates_data(_motion(options["motion"]))
        if options["json"]:
            _print(self, rows)
            return
        for r in rows:
            broke = "  BROKE THE MANDATE" if r["broke"] else ""
            vote = "secret" if r["secret"] else (r["vote"] or "-")
            self.say(f"{r['council']['name']} seat {r['seat']}: {r['delegate'] or '-'} "
                     f"mandate {r['mandate'] or '-'}, voted {vote}{broke}")  # fmt: skip
