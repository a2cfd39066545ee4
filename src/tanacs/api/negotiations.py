"""Negotiations over REST: a council's negotiations, opening one, naming the delegation,
adding demands, sending them in writing, recording sessions, answers and statuses, and
putting an offer to a ballot. Rules live in ``tanacs.negotiations``; these views only
translate."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from tanacs.api.views.base import ApiViewSet, errors
from tanacs.core.actors import signed_in
from tanacs.core.errors import InvalidInput
from tanacs.decisions.access import access_decisions_of, access_motion_for, access_point_for
from tanacs.negotiations import actions
from tanacs.negotiations.access import access_negotiation_for, may_see
from tanacs.negotiations.models import DemandStatus, Negotiation
from tanacs.negotiations.selectors import list_negotiations, summary

TAGS = ["negotiations"]
Handler = TypeVar("Handler", bound=Callable[..., Response])


class OpenSerializer(serializers.Serializer[Any]):
    counterpart = serializers.CharField(max_length=200, help_text="An employer, a ministry...")
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class DelegationSerializer(serializers.Serializer[Any]):
    people = serializers.ListField(
        child=serializers.CharField(), required=False, allow_null=True, default=None,
        help_text="User names appointed to the delegation.",
    )  # fmt: skip
    election = serializers.IntegerField(
        required=False, allow_null=True, default=None,
        help_text="Or a declared election of the council: its winners.",
    )  # fmt: skip


class DemandsSerializer(serializers.Serializer[Any]):
    points = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    motions = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)


class AnswerSerializer(serializers.Serializer[Any]):
    number = serializers.IntegerField(min_value=1)
    text = serializers.CharField()
    status = serializers.ChoiceField(choices=DemandStatus.choices)
    answered_on = serializers.DateField(required=False, allow_null=True, default=None)


class StatusSerializer(serializers.Serializer[Any]):
    number = serializers.IntegerField(min_value=1)
    status = serializers.ChoiceField(choices=DemandStatus.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SessionSerializer(serializers.Serializer[Any]):
    held_on = serializers.DateField(required=False, allow_null=True, default=None)
    place = serializers.CharField(max_length=200)
    attendees = serializers.CharField()
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class OfferSerializer(serializers.Serializer[Any]):
    text = serializers.CharField()
    terms = serializers.DictField(
        child=serializers.CharField(), required=False, default=dict,
        help_text='Accepted, what it makes of each demand: {"1": "conceded", "2": "refused"}.',
    )  # fmt: skip


class NegotiationSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    council = serializers.IntegerField()
    counterpart = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    sent_at = serializers.CharField(allow_null=True)
    document_sha256 = serializers.CharField(allow_null=True, help_text="Of the text as sent.")
    delegates = serializers.ListField(child=serializers.CharField())
    demands = serializers.ListField(
        child=serializers.DictField(), help_text="Each with its status and answers."
    )
    sessions = serializers.ListField(child=serializers.DictField())


class OfferBallotSerializer(serializers.Serializer[Any]):
    ballot = serializers.IntegerField(help_text="Open; declared, the offer is applied.")
    title = serializers.CharField()


def _doc(
    op: str, answer: Any, *refusals: int, request: Any = None, status: int = 200,
    text: str | None = None,
) -> Callable[[Handler], Handler]:  # fmt: skip
    return extend_schema(
        operation_id=f"negotiations_{op}", request=request, tags=TAGS, description=text,
        responses={status: answer, **errors(*refusals)},
    )  # fmt: skip


def _shown(negotiation: Negotiation, status: int = 200) -> Response:
    return Response(NegotiationSerializer(summary(negotiation)).data, status=status)


class NegotiationsViewSet(ApiViewSet):
    pagination_class = None  # type: ignore[assignment]

    @property
    def by(self) -> User:
        return signed_in(self.request.user)

    def found(self, pk: int) -> Negotiation:
        return access_negotiation_for(self.by, int(pk))


class CouncilNegotiationsViewSet(NegotiationsViewSet):
    @_doc("list", NegotiationSerializer(many=True), 403, 404,
          text="The council's negotiations its reader may see.")  # fmt: skip
    def list(self, request: Request, pk: int) -> Response:
        council = access_decisions_of(self.by, int(pk))
        data = [summary(n) for n in list_negotiations(council)[:100] if may_see(self.by, n)]
        return Response(NegotiationSerializer(data, many=True).data)

    @_doc("open", NegotiationSerializer, 400, 403, 404, request=OpenSerializer, status=201,
          text="Officers open a negotiation with a counterpart.")  # fmt: skip
    def open(self, request: Request, pk: int) -> Response:
        council = access_decisions_of(self.by, int(pk))
        body = self.body(OpenSerializer)
        made = actions.do_open_negotiation(council, by=self.by, **body)
        return _shown(made, 201)


class NegotiationViewSet(NegotiationsViewSet):
    @_doc("show", NegotiationSerializer, 403, 404,
          text="A negotiation: its delegation, demands, answers, sessions.")  # fmt: skip
    def retrieve(self, request: Request, pk: int) -> Response:
        return _shown(self.found(pk))

    @_doc("delegation", NegotiationSerializer, 400, 403, 404, request=DelegationSerializer,
          text="Officers name the delegation (appointed, or elected).")  # fmt: skip
    def delegation(self, request: Request, pk: int) -> Response:
        found = self.found(pk)
        body = self.body(DelegationSerializer)
        election = None
        if body["election"] is not None:
            election = found.council.elections.filter(pk=body["election"]).first()
            if election is None:
                raise InvalidInput(f"{found.council.name} has no election {body['election']}.",
                                   field="election")  # fmt: skip
        people = None
        if body["people"] is not None:
            people = list(get_user_model().objects.filter(username__in=body["people"]))
            if len(people) != len(set(body["people"])):
                raise InvalidInput("Some user names are unknown.", field="people")
        actions.do_set_delegation(found, by=self.by, people=people, election=election)
        return _shown(found)

    @_doc("demands", NegotiationSerializer, 400, 403, 404, 409, request=DemandsSerializer,
          text="Officers add demands from the council's programme points and motions.")  # fmt: skip
    def demands(self, request: Request, pk: int) -> Response:
        found = self.found(pk)
        body = self.body(DemandsSerializer)
        actions.do_add_demands(
            found, by=self.by,
            points=[access_point_for(self.by, p) for p in body["points"]],
            motions=[access_motion_for(self.by, m) for m in body["motions"]],
        )  # fmt: skip
        return _shown(found)

    @_doc("send", NegotiationSerializer, 400, 403, 404, 409,
          text="Officers send the demands: the text and SHA-256 fixed.")  # fmt: skip
    def send(self, request: Request, pk: int) -> Response:
        return _shown(actions.do_send(self.found(pk), by=self.by))

    @_doc("answer", NegotiationSerializer, 400, 403, 404, 409, request=AnswerSerializer,
          status=201, text="The delegation records an answer to a demand.")  # fmt: skip
    def answer(self, request: Request, pk: int) -> Response:
        found = self.found(pk)
        body = self.body(AnswerSerializer)
        actions.do_record_answer(found, body.pop("number"), by=self.by, **body)
        return _shown(found, 201)

    @_doc("status", NegotiationSerializer, 400, 403, 404, 409, request=StatusSerializer,
          text="The delegation or officers set a demand's status (withdraw it).")  # fmt: skip
    def status(self, request: Request, pk: int) -> Response:
        found = self.found(pk)
        body = self.body(StatusSerializer)
        actions.do_set_demand_status(found, body["number"], body["status"], by=self.by,
                                     note=body["note"])  # fmt: skip
        return _shown(found)

    @_doc("session", NegotiationSerializer, 400, 403, 404, 409, request=SessionSerializer,
          status=201, text="The delegation or officers record a session.")  # fmt: skip
    def session(self, request: Request, pk: int) -> Response:
        found = self.found(pk)
        actions.do_record_session(found, by=self.by, **self.body(SessionSerializer))
        return _shown(found, 201)

    @_doc("offer", OfferBallotSerializer, 400, 403, 404, 409, request=OfferSerializer,
          status=201, text="Officers put an offer to the members as a ballot.")  # fmt: skip
    def offer(self, request: Request, pk: int) -> Response:
        found = self.found(pk)
        ballot = actions.do_put_offer(found, by=self.by, **self.body(OfferSerializer))
        data = {"ballot": ballot.pk, "title": ballot.title}
        return Response(OfferBallotSerializer(data).data, status=201)


def _post(name: str) -> Any:
    return NegotiationViewSet.as_view({"post": name})


urlpatterns = [
    path("councils/<int:pk>/negotiations/",
         CouncilNegotiationsViewSet.as_view({"get": "list", "post": "open"}),
         name="negotiations"),
    path("negotiations/<int:pk>/", NegotiationViewSet.as_view({"get": "retrieve"}),
         name="negotiation"),
    path("negotiations/<int:pk>/delegation/", _post("delegation"), name="negotiation-delegation"),
    path("negotiations/<int:pk>/demands/", _post("demands"), name="negotiation-demands"),
    path("negotiations/<int:pk>/send/", _post("send"), name="negotiation-send"),
    path("negotiations/<int:pk>/answers/", _post("answer"), name="negotiation-answers"),
    path("negotiations/<int:pk>/statuses/", _post("status"), name="negotiation-statuses"),
    path("negotiations/<int:pk>/sessions/", _post("session"), name="negotiation-sessions"),
    path("negotiations/<int:pk>/offers/", _post("offer"), name="negotiation-offers"),
]  # fmt: skip
