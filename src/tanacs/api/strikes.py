"""Strikes over REST: a federation's strikes seen from a council, calling one, a strike with
its roll-up, reporting a council's status, and deciding on the call. Rules live in
``tanacs.strikes``; these views only translate."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.models import User
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from tanacs.api.views.base import ApiViewSet, errors
from tanacs.ballots.access import access_ballot_for
from tanacs.ballots.models import Ballot, Electorate
from tanacs.ballots.subjects import subject_pk
from tanacs.core.actors import signed_in
from tanacs.decisions.access import access_decisions_of, access_motion_for, access_point_for
from tanacs.federation.access import access_council_for
from tanacs.strikes import actions
from tanacs.strikes.access import access_strike_for
from tanacs.strikes.models import CouncilStatus, DecisionAction, StrikeDecision, StrikeKind
from tanacs.strikes.selectors import list_strikes, strike_data, strike_summary

TAGS = ["strikes"]
Handler = TypeVar("Handler", bound=Callable[..., Response])


class DecisionRefSerializer(serializers.Serializer[Any]):
    motion = serializers.IntegerField(
        required=False, allow_null=True, default=None,
        help_text="A carried motion of the council that decides.",
    )  # fmt: skip
    ballot = serializers.IntegerField(
        required=False, allow_null=True, default=None,
        help_text="A ballot declared passed: the council's own, or a referendum above it.",
    )  # fmt: skip


class StrikeDetailsSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=StrikeKind.choices, default=StrikeKind.GENERAL)
    starts_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    scope = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list,
        help_text="Councils below called out, each with its subtree (empty: all below).",
    )  # fmt: skip
    points = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list,
        help_text="Programme points: conditions.",
    )  # fmt: skip
    motions = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list,
        help_text="Motions: conditions.",
    )  # fmt: skip


class StrikeCallSerializer(StrikeDetailsSerializer, DecisionRefSerializer):
    """A strike and the decision that calls it."""


class ReportSerializer(serializers.Serializer[Any]):
    council = serializers.IntegerField()
    status = serializers.ChoiceField(choices=CouncilStatus.choices)
    members_out = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0,
        help_text="Base councils only; on strike, defaults to every member not on a service.",
    )  # fmt: skip
    services = serializers.ListField(
        child=serializers.ListField(min_length=2, max_length=2), required=False, default=list,
        help_text='Essential services kept: [["power station", 12], ...].',
    )  # fmt: skip
    reported_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DecideSerializer(DecisionRefSerializer):
    action = serializers.ChoiceField(
        choices=[a for a in DecisionAction.values if a != DecisionAction.CALL]
    )
    starts_at = serializers.DateTimeField(
        required=False, allow_null=True, default=None, help_text="An extension's new date."
    )


class ProposeSerializer(serializers.Serializer[Any]):
    action = serializers.ChoiceField(
        choices=[a for a in DecisionAction.values if a != DecisionAction.CALL],
        help_text="What the ballot decides; end: a return-to-work ballot.",
    )
    starts_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    electorate = serializers.ChoiceField(
        choices=Electorate.choices,
        required=False, allow_null=True, default=None,
        help_text="Default: members of a base council, delegates of a higher one.",
    )  # fmt: skip


class ProposeCallSerializer(StrikeDetailsSerializer):
    electorate = serializers.ChoiceField(
        choices=Electorate.choices,
        required=False, allow_null=True, default=None,
        help_text="Default: members of a base council, delegates of a higher one.",
    )  # fmt: skip


class StrikeBallotSerializer(serializers.Serializer[Any]):
    strike = serializers.IntegerField()
    decision = serializers.IntegerField()
    ballot = serializers.IntegerField(help_text="Open; declared passed, the decision applies.")
    title = serializers.CharField()


class StrikeSummarySerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.ChoiceField(choices=StrikeKind.choices)
    status = serializers.CharField()
    council = serializers.IntegerField()
    council_name = serializers.CharField()
    starts_at = serializers.CharField()
    ended_at = serializers.CharField(allow_null=True)


class StrikeSerializer(StrikeSummarySerializer):
    total = serializers.DictField(child=serializers.IntegerField())
    levels = serializers.ListField(child=serializers.DictField())
    councils = serializers.ListField(
        child=serializers.DictField(),
        help_text="The roll-up tree: each council's status and its subtree's figures.",
    )
    conditions = serializers.ListField(child=serializers.DictField())
    conditions_met = serializers.IntegerField()
    decisions = serializers.ListField(child=serializers.DictField())
    timeline = serializers.ListField(
        child=serializers.ListField(), help_text="[time, members out] after each report."
    )


class ReportAnswerSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    council = serializers.IntegerField()
    status = serializers.CharField()
    members_out = serializers.IntegerField()
    services = serializers.ListField(child=serializers.ListField())
    reported_at = serializers.CharField()


def _doc(
    op: str, answer: Any, *refusals: int, request: Any = None, status: int = 200,
    text: str | None = None,
) -> Callable[[Handler], Handler]:  # fmt: skip
    return extend_schema(
        operation_id=f"strikes_{op}", request=request, tags=TAGS, description=text,
        responses={status: answer, **errors(*refusals)},
    )  # fmt: skip


class StrikesViewSet(ApiViewSet):
    pagination_class = None  # type: ignore[assignment]

    @property
    def by(self) -> User:
        return signed_in(self.request.user)

    def decision(self, body: dict[str, Any]) -> dict[str, Any]:
        motion, ballot = body["motion"], body["ballot"]
        return {
            "motion": access_motion_for(self.by, motion) if motion is not None else None,
            "ballot": access_ballot_for(self.by, ballot) if ballot is not None else None,
        }


class CouncilStrikesViewSet(StrikesViewSet):
    @_doc("list", StrikeSummarySerializer(many=True), 403, 404,
          text="The strikes of the council's federation.")  # fmt: skip
    def list(self, request: Request, pk: int) -> Response:
        council = access_decisions_of(self.by, int(pk))
        data = [strike_summary(s) for s in list_strikes(council.federation)[:200]]
        return Response(StrikeSummarySerializer(data, many=True).data)

    @_doc("call", StrikeSerializer, 400, 403, 404, 409, request=StrikeCallSerializer,
          status=201,
          text="Officers call a strike by a carried motion or a passed ballot.")  # fmt: skip
    def call(self, request: Request, pk: int) -> Response:
        council = access_council_for(self.by, int(pk))
        body = self.body(StrikeCallSerializer)
        strike = actions.do_call_strike(
            council, by=self.by, title=body["title"], kind=body["kind"],
            starts_at=body["starts_at"],
            scope=[access_council_for(self.by, c) for c in body["scope"]],
            points=[access_point_for(self.by, p) for p in body["points"]],
            motions=[access_motion_for(self.by, m) for m in body["motions"]],
            **self.decision(body),
        )  # fmt: skip
        return Response(StrikeSerializer(strike_data(strike)).data, status=201)

    @_doc("propose", StrikeBallotSerializer, 400, 403, 404, 409,
          request=ProposeCallSerializer, status=201,
          text="Officers put a strike call to a ballot of the council, open at once.")  # fmt: skip
    def propose(self, request: Request, pk: int) -> Response:
        council = access_council_for(self.by, int(pk))
        body = self.body(ProposeCallSerializer)
        ballot = actions.do_ballot_on_call(
            council, by=self.by, electorate=body["electorate"], title=body["title"],
            kind=body["kind"], starts_at=body["starts_at"],
            scope=[access_council_for(self.by, c) for c in body["scope"]],
            points=[access_point_for(self.by, p) for p in body["points"]],
            motions=[access_motion_for(self.by, m) for m in body["motions"]],
        )  # fmt: skip
        return _ballot_answer(ballot)


def _ballot_answer(ballot: Ballot) -> Response:
    decision = StrikeDecision.objects.get(pk=subject_pk(ballot))
    data = {"strike": decision.strike_id, "decision": decision.pk, "ballot": ballot.pk,
            "title": ballot.title}  # fmt: skip
    return Response(StrikeBallotSerializer(data).data, status=201)


class StrikeViewSet(StrikesViewSet):
    @_doc("show", StrikeSerializer, 403, 404,
          text="A strike with its roll-up per council, per level and in total.")  # fmt: skip
    def retrieve(self, request: Request, pk: int) -> Response:
        return Response(StrikeSerializer(strike_data(access_strike_for(self.by, int(pk)))).data)

    @_doc("report", ReportAnswerSerializer, 400, 403, 404, 409, request=ReportSerializer,
          status=201,
          text="Officers and delegates of a council in scope report its status.")  # fmt: skip
    def report(self, request: Request, pk: int) -> Response:
        strike = access_strike_for(self.by, int(pk))
        body = self.body(ReportSerializer)
        council = access_council_for(self.by, body.pop("council"))
        status = body.pop("status")
        made = actions.do_report_status(strike, council, status, by=self.by, **body)
        data = {"id": made.pk, "council": council.pk, "status": made.status,
                "members_out": made.members_out, "services": made.services,
                "reported_at": made.reported_at.isoformat()}  # fmt: skip
        return Response(ReportAnswerSerializer(data).data, status=201)

    @_doc("decide", StrikeSerializer, 400, 403, 404, 409, request=DecideSerializer,
          text="Extend, suspend, resume or end the call by a decision of its council.")  # fmt: skip
    def decide(self, request: Request, pk: int) -> Response:
        strike = access_strike_for(self.by, int(pk))
        body = self.body(DecideSerializer)
        strike = actions.do_decide_strike(
            strike, body["action"], by=self.by, starts_at=body["starts_at"],
            **self.decision(body),
        )  # fmt: skip
        return Response(StrikeSerializer(strike_data(access_strike_for(self.by, strike.pk))).data)


class StrikeBallotViewSet(StrikesViewSet):
    @_doc("put_to_ballot", StrikeBallotSerializer, 400, 403, 404, 409,
          request=ProposeSerializer, status=201,
          text="Officers put extending, suspending, resuming or ending the call to a ballot "
          "of the calling council (a return-to-work ballot).")  # fmt: skip
    def create(self, request: Request, pk: int) -> Response:
        strike = access_strike_for(self.by, int(pk))
        body = self.body(ProposeSerializer)
        ballot = actions.do_ballot_on_decision(
            strike, body["action"], by=self.by, starts_at=body["starts_at"],
            electorate=body["electorate"],
        )  # fmt: skip
        return _ballot_answer(ballot)


urlpatterns = [
    path("councils/<int:pk>/strikes/",
         CouncilStrikesViewSet.as_view({"get": "list", "post": "call"}), name="strikes"),
    path("councils/<int:pk>/strike-ballots/",
         CouncilStrikesViewSet.as_view({"post": "propose"}), name="strike-propose"),
    path("strikes/<int:pk>/", StrikeViewSet.as_view({"get": "retrieve"}), name="strike"),
    path("strikes/<int:pk>/ballots/", StrikeBallotViewSet.as_view({"post": "create"}),
         name="strike-ballots"),
    path("strikes/<int:pk>/reports/", StrikeViewSet.as_view({"post": "report"}),
         name="strike-report"),
    path("strikes/<int:pk>/decisions/", StrikeViewSet.as_view({"post": "decide"}),
         name="strike-decide"),
]  # fmt: skip
