"""Decisions over REST: motions, co-signing, amendments, sending up, mandates, programmes,
delegate elections and recall petitions, and close-and-declare for their ballots.
Rules live in ``tanacs.decisions``; these views only translate."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from tanacs.api.views.base import ApiView, errors
from tanacs.ballots.access import access_ballot_for
from tanacs.ballots.actions import do_close_and_declare, do_resume_after_cancel
from tanacs.ballots.subjects import decides_data
from tanacs.core.actors import actor_label
from tanacs.core.errors import Forbidden, NotFound
from tanacs.core.storage import whole_number
from tanacs.decisions import actions
from tanacs.decisions.access import (
    access_election_for,
    access_motion_for,
    access_petition_for,
    access_programme_for,
    may_see,
)
from tanacs.decisions.export import (
    election_data,
    mandates_data,
    motion_data,
    motion_summary,
    petition_data,
    programme_data,
)
from tanacs.decisions.models import (
    Amendment,
    Election,
    MandatePosition,
    Motion,
    Programme,
    ProgrammePoint,
)
from tanacs.decisions.selectors import (
    cosigners_needed,
    delegates_on_mandates,
    list_elections,
    list_motions,
    list_petitions,
    mandates_bind,
    recall_share_percent,
)
from tanacs.federation.access import access_council_for, access_federation_for
from tanacs.federation.models import Council
from tanacs.membership.visibility import find_person

TAGS = ["decisions"]

# -- shapes --------------------------------------------------------------------------------


class MotionCreateSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200)
    text = serializers.CharField()
    table = serializers.BooleanField(default=True, help_text="Table at once (else a draft).")
    programme = serializers.IntegerField(
        required=False, allow_null=True, default=None,
        help_text="Carried, the motion's text becomes the next point of this programme.",
    )  # fmt: skip
    point = serializers.IntegerField(
        required=False, allow_null=True, default=None,
        help_text="Carried, the council endorses this programme point.",
    )  # fmt: skip


class AmendmentCreateSerializer(serializers.Serializer[Any]):
    text = serializers.CharField(help_text="The motion's whole new wording.")
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class VoteOptionsSerializer(serializers.Serializer[Any]):
    closes_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    secret = serializers.BooleanField(
        required=False, allow_null=True, default=None,
        help_text="Default: secret for members of a base council, open for delegates.",
    )  # fmt: skip


class MandateSerializer(serializers.Serializer[Any]):
    position = serializers.ChoiceField(choices=MandatePosition.choices)


class ProgrammeCreateSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")


class PointCreateSerializer(serializers.Serializer[Any]):
    text = serializers.CharField()


class MergeSerializer(serializers.Serializer[Any]):
    source = serializers.IntegerField(help_text="The programme merged in.")  # type: ignore[assignment]
    same_as = serializers.DictField(
        child=serializers.IntegerField(), required=False, default=dict,
        help_text="Source point number -> the point of this programme it joins.",
    )  # fmt: skip

    def validate_same_as(self, value: dict[str, int]) -> dict[int, int]:
        numbers: dict[int, int] = {}
        for key, target in value.items():
            number = whole_number(key)
            if number is None:
                raise serializers.ValidationError(
                    f"{key[:40]!r} is not a point number: each key is the number of a point "
                    'of the programme merged in, e.g. {"2": 5}.'
                )
            numbers[number] = target
        return numbers


class EndorseSerializer(serializers.Serializer[Any]):
    council = serializers.IntegerField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ElectionCreateSerializer(serializers.Serializer[Any]):
    seats = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, default=list,
        help_text="Seat numbers; empty: every seat of the council.",
    )  # fmt: skip


class StandSerializer(serializers.Serializer[Any]):
    username = serializers.CharField(
        required=False, allow_blank=True, default="",
        help_text="Officers may nominate someone else; empty: yourself.",
    )  # fmt: skip


class FederationRulesSerializer(serializers.Serializer[Any]):
    cosigners_needed = serializers.IntegerField(required=False, allow_null=True, default=None)
    recall_share_percent = serializers.IntegerField(
        required=False, allow_null=True, default=None,
        help_text="Share of a seat's electorate whose signatures start a recall ballot.",
    )  # fmt: skip
    mandates_bind = serializers.BooleanField(
        required=False, allow_null=True, default=None,
        help_text="Bound delegates' votes are cast as their council's mandate says.",
    )  # fmt: skip


class CouncilRulesSerializer(serializers.Serializer[Any]):
    cosigners_needed = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="Empty: the federation's."
    )
    recall_share_percent = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="Empty: the federation's."
    )


class RecallCreateSerializer(serializers.Serializer[Any]):
    seat = serializers.IntegerField(min_value=1)
    reason = serializers.CharField()


# -- data ----------------------------------------------------------------------------------


def _visible_council(user: Any, council_id: int) -> Council:
    council = access_council_for(user, council_id)
    if not may_see(user, council.federation):
        raise Forbidden(f"Only people in {council.federation.name} see its decisions.")
    return council


def _point(user: Any, point_id: int) -> ProgrammePoint:
    point = ProgrammePoint.objects.select_related("programme").filter(pk=point_id).first()
    if point is None:
        raise NotFound(f"There is no programme point {point_id}.")
    access_programme_for(user, point.programme_id)
    return point


def _amendment(user: Any, amendment_id: int) -> Amendment:
    amendment = Amendment.objects.filter(pk=amendment_id).first()
    if amendment is None:
        raise NotFound(f"There is no amendment {amendment_id}.")
    amendment.motion = access_motion_for(user, amendment.motion_id)
    return amendment


# -- views ---------------------------------------------------------------------------------


def _post(
    op: str, fetch: Callable[[Any, int], Any], act: Callable[[Any, Any, dict[str, Any]], Any],
    show: Callable[[Any], Any], text: str, body: type[serializers.Serializer[Any]] | None = None,
) -> type[ApiView]:  # fmt: skip
    """One POST endpoint: fetch through the gatekeeper, call the action, show the object."""

    class View(ApiView):
        @extend_schema(operation_id=f"decisions_{op}", request=body,
                       responses={200: OpenApiTypes.OBJECT, **errors(400, 403, 404, 409)},
                       tags=TAGS, description=text)  # fmt: skip
        def post(self, request: Request, pk: int) -> Response:
            obj = fetch(request.user, pk)
            data = self.body(body) if body is not None else {}
            result = act(obj, request.user, data)
            if hasattr(result, "refresh_from_db"):
                result.refresh_from_db()  # actions work on locked copies
            return Response(show(result))

    View.__name__ = f"{op.title().replace('_', '')}View"
    return View


def _get(op: str, fetch: Callable[[Any, int], Any], show: Callable[[Any], Any], text: str) -> Any:
    class View(ApiView):
        @extend_schema(operation_id=f"decisions_{op}",
                       responses={200: OpenApiTypes.OBJECT, **errors(403, 404)},
                       tags=TAGS, description=text)  # fmt: skip
        def get(self, request: Request, pk: int) -> Response:
            return Response(show(fetch(request.user, pk)))

    View.__name__ = f"{op.title().replace('_', '')}View"
    return View


def _council_collection(
    op: str, listing: Callable[[Council], Any], show: Callable[[Any], Any],
    create: Callable[[Council, Any, dict[str, Any]], Any],
    body: type[serializers.Serializer[Any]], text: str,
) -> type[ApiView]:  # fmt: skip
    class View(ApiView):
        pagination_class = None  # type: ignore[assignment]

        @extend_schema(
            operation_id=f"decisions_{op}_list",
            responses={200: OpenApiTypes.OBJECT, **errors(403, 404)},
            tags=TAGS,
        )
        def get(self, request: Request, pk: int) -> Response:
            council = _visible_council(request.user, pk)
            return Response([show(x) for x in listing(council)])

        @extend_schema(operation_id=f"decisions_{op}_create", request=body,
                       responses={201: OpenApiTypes.OBJECT, **errors(400, 403, 404, 409)},
                       tags=TAGS, description=text)  # fmt: skip
        def post(self, request: Request, pk: int) -> Response:
            council = access_council_for(request.user, pk)
            return Response(show(create(council, request.user, self.body(body))), status=201)

    View.__name__ = f"{op.title()}CollectionView"
    return View


def _create_motion(council: Council, by: Any, body: dict[str, Any]) -> Motion:
    programme = access_programme_for(by, body["programme"]) if body["programme"] else None
    point = _point(by, body["point"]) if body["point"] else None
    return actions.do_create_motion(
        council, title=body["title"], text=body["text"], by=by, table=body["table"],
        programme=programme, point=point,
    )  # fmt: skip


def _merge(programme: Programme, by: Any, body: dict[str, Any]) -> Programme:
    source = access_programme_for(by, body["source"])
    actions.do_merge_programme(source, programme, by=by, same_as=body["same_as"])
    return programme


def _stand(election: Election, by: Any, body: dict[str, Any]) -> Election:
    person = find_person(body["username"]) if body["username"] else None
    actions.do_stand(election, by=by, person=person)
    return election


def _then(_: Any, obj: Any) -> Any:
    """Run an action for its effect and show ``obj`` (the motion, programme, ...)."""
    return obj


Motions = _council_collection(
    "motions", lambda c: list_motions(c)[:200], motion_summary, _create_motion,
    MotionCreateSerializer,
    "Table a motion (active members of a base council; delegates seated in a higher one).",
)  # fmt: skip
Programmes = _council_collection(
    "programmes", lambda c: c.programmes.all(), programme_data,
    lambda c, by, b: actions.do_create_programme(c, title=b["title"],
                                                 description=b["description"], by=by),
    ProgrammeCreateSerializer, "Officers start a programme of numbered demands.",
)  # fmt: skip
Elections = _council_collection(
    "elections", list_elections, election_data,
    lambda c, by, b: actions.do_call_election(c, seats=b["seats"] or None, by=by),
    ElectionCreateSerializer, "Officers call an election for the council's seats in its parent.",
)  # fmt: skip
Recalls = _council_collection(
    "recalls", list_petitions, petition_data,
    lambda c, by, b: actions.do_open_recall(c, b["seat"], reason=b["reason"], by=by),
    RecallCreateSerializer,
    "Open a petition to recall a seat's sitting delegate; the opener signs it.",
)  # fmt: skip


def _rules(council: Council) -> dict[str, Any]:
    federation = council.federation
    return {
        "council": council.pk,
        "cosigners_needed": cosigners_needed(council),
        "recall_share_percent": recall_share_percent(council),
        "mandates_bind": mandates_bind(federation),
    }


class CouncilRulesView(ApiView):
    @extend_schema(operation_id="decisions_rules", responses={200: OpenApiTypes.OBJECT,
                   **errors(403, 404)}, tags=TAGS,
                   description="The numbers this council decides by.")  # fmt: skip
    def get(self, request: Request, pk: int) -> Response:
        return Response(_rules(_visible_council(request.user, pk)))

    @extend_schema(operation_id="decisions_rules_set", request=CouncilRulesSerializer,
                   responses={200: OpenApiTypes.OBJECT, **errors(400, 403, 404)}, tags=TAGS,
                   description="Officers give the council its own numbers.")  # fmt: skip
    def put(self, request: Request, pk: int) -> Response:
        council = access_council_for(request.user, pk)
        actions.do_set_council_rules(council, by=request.user,
                                     **self.body(CouncilRulesSerializer))  # fmt: skip
        return Response(_rules(council))


class FederationRulesView(ApiView):
    @extend_schema(operation_id="decisions_federation_rules_set",
                   request=FederationRulesSerializer,
                   responses={200: OpenApiTypes.OBJECT, **errors(400, 403, 404)}, tags=TAGS,
                   description="Stewards set the federation's defaults and whether mandates "
                   "bind.")  # fmt: skip
    def put(self, request: Request, slug: str) -> Response:
        federation = access_federation_for(request.user, slug)
        rules = actions.do_set_federation_rules(federation, by=request.user,
                                                **self.body(FederationRulesSerializer))  # fmt: skip
        return Response({"cosigners_needed": rules.cosigners_needed,
                         "recall_share_percent": rules.recall_share_percent,
                         "mandates_bind": rules.mandates_bind})  # fmt: skip


class DelegateVotesView(ApiView):
    pagination_class = None  # type: ignore[assignment]

    @extend_schema(operation_id="decisions_delegate_votes",
                   responses={200: OpenApiTypes.OBJECT, **errors(403, 404)}, tags=TAGS,
                   description="How this council's delegates voted on the latest motions it "
                   "mandated them on, with every breach of a mandate marked.")  # fmt: skip
    def get(self, request: Request, pk: int) -> Response:
        council = _visible_council(request.user, pk)
        return Response([
            {"motion": motion_summary(v.motion), "seat": v.row.seat,
             "delegate": actor_label(v.row.delegate) if v.row.delegate else None,
             "mandate": v.row.mandate, "vote": v.row.vote, "secret": v.row.secret,
             "broke": v.row.broke}
            for v in delegates_on_mandates(council)
        ])  # fmt: skip


class MandateView(ApiView):
    @extend_schema(operation_id="decisions_mandate_set", request=MandateSerializer,
                   responses={200: OpenApiTypes.OBJECT, **errors(400, 403, 404, 409)}, tags=TAGS,
                   description="Officers of a represented council record its mandate.")  # fmt: skip
    def post(self, request: Request, pk: int, council_id: int) -> Response:
        motion = access_motion_for(request.user, pk)
        council = access_council_for(request.user, council_id)
        position = self.body(MandateSerializer)["position"]
        actions.do_set_mandate(motion, council, position=position, by=request.user)
        return Response(mandates_data(motion))


class MandateVoteView(ApiView):
    @extend_schema(operation_id="decisions_mandate_vote", request=None,
                   responses={200: OpenApiTypes.OBJECT, **errors(403, 404, 409)}, tags=TAGS,
                   description="Officers of a represented council put the mandate to its vote "
                   "(for, against, abstain or free).")  # fmt: skip
    def post(self, request: Request, pk: int, council_id: int) -> Response:
        motion = access_motion_for(request.user, pk)
        council = access_council_for(request.user, council_id)
        ballot = actions.do_open_mandate_vote(motion, council, by=request.user)
        return Response({"ballot": ballot.pk, "state": ballot.state})


M = access_motion_for
urlpatterns = [
    path("councils/<int:pk>/motions/", Motions.as_view(), name="motions"),
    path("councils/<int:pk>/programmes/", Programmes.as_view(), name="programmes"),
    path("councils/<int:pk>/elections/", Elections.as_view(), name="elections"),
    path("councils/<int:pk>/recalls/", Recalls.as_view(), name="recalls"),
    path("councils/<int:pk>/delegate-votes/", DelegateVotesView.as_view(),
         name="delegate-votes"),
    path("councils/<int:pk>/decision-rules/", CouncilRulesView.as_view(), name="council-rules"),
    path("federations/<slug:slug>/decision-rules/", FederationRulesView.as_view(),
         name="federation-rules"),
    path("motions/<int:pk>/", _get("motion", M, motion_data,
         "A motion with its origin chain, co-signers, amendments and ballots.").as_view(),
         name="motion"),
    path("motions/<int:pk>/table/", _post("table", M,
         lambda m, by, _: actions.do_table_motion(m, by=by), motion_data,
         "The author tables a draft.").as_view(), name="motion-table"),
    path("motions/<int:pk>/cosign/", _post("cosign", M,
         lambda m, by, _: actions.do_cosign_motion(m, by=by), motion_data,
         "Co-sign a tabled motion; enough co-signers admit it.").as_view(), name="motion-cosign"),
    path("motions/<int:pk>/withdraw/", _post("withdraw", M,
         lambda m, by, _: actions.do_withdraw_motion(m, by=by), motion_data,
         "The author or an officer withdraws the motion.").as_view(), name="motion-withdraw"),
    path("motions/<int:pk>/send-up/", _post("send_up", M,
         lambda m, by, _: actions.do_send_up(m, by=by), motion_data,
         "Send a carried motion to the parent council as this council's proposal; returns "
         "the new proposal.").as_view(),
         name="motion-send-up"),
    path("motions/<int:pk>/amendments/", _post("amend", M,
         lambda m, by, b: _then(actions.do_propose_amendment(
             m, text=b["text"], reason=b["reason"], by=by), m),
         motion_data, "Propose a new wording of the motion.", AmendmentCreateSerializer).as_view(),
         name="motion-amend"),
    path("motions/<int:pk>/vote/", _post("motion_vote", M,
         lambda m, by, b: _then(actions.do_open_motion_vote(m, by=by, **b), m), motion_data,
         "Officers open the vote on an admitted motion whose amendments are settled.",
         VoteOptionsSerializer).as_view(), name="motion-vote"),
    path("motions/<int:pk>/mandates/", _get("mandates", M, mandates_data,
         "Every seat: its council's mandate, and how its delegate voted (open ballots).").as_view(),
         name="motion-mandates"),
    path("motions/<int:pk>/mandates/<int:council_id>/", MandateView.as_view(),
         name="motion-mandate"),
    path("motions/<int:pk>/mandates/<int:council_id>/vote/", MandateVoteView.as_view(),
         name="motion-mandate-vote"),
    path("amendments/<int:pk>/vote/", _post("amendment_vote", _amendment,
         lambda a, by, b: _then(actions.do_open_amendment_vote(a, by=by, **b), a.motion),
         motion_data, "Officers put an amendment to the vote.", VoteOptionsSerializer).as_view(),
         name="amendment-vote"),
    path("amendments/<int:pk>/withdraw/", _post("amendment_withdraw", _amendment,
         lambda a, by, _: _then(actions.do_withdraw_amendment(a, by=by), a.motion), motion_data,
         "The author or an officer withdraws an amendment.").as_view(),
         name="amendment-withdraw"),
    path("programmes/<int:pk>/", _get("programme", access_programme_for, programme_data,
         "Points with the councils that endorse each, directly or through merged points."
         ).as_view(), name="programme"),
    path("programmes/<int:pk>/points/", _post("point_add", access_programme_for,
         lambda p, by, b: _then(actions.do_add_point(p, text=b["text"], by=by), p), programme_data,
         "Officers add a point the council adopted (recorded as its endorsement).",
         PointCreateSerializer).as_view(), name="programme-points"),
    path("programmes/<int:pk>/merge/", _post("merge", access_programme_for, _merge,
         programme_data, "Officers merge a child's programme into this one.",
         MergeSerializer).as_view(), name="programme-merge"),
    path("points/<int:pk>/endorse/", _post("endorse", _point,
         lambda p, by, b: _then(actions.do_endorse_point(
             p, access_council_for(by, b["council"]), by=by, note=b["note"]), p.programme),
         programme_data, "Officers record that their council endorsed a point.",
         EndorseSerializer).as_view(), name="point-endorse"),
    path("elections/<int:pk>/", _get("election", access_election_for, election_data,
         "An election: seats, candidates, ballots and the declared outcome.").as_view(),
         name="election"),
    path("elections/<int:pk>/stand/", _post("stand", access_election_for, _stand,
         election_data, "Stand for election (officers may nominate someone).",
         StandSerializer).as_view(), name="election-stand"),
    path("elections/<int:pk>/open/", _post("election_open", access_election_for,
         lambda e, by, b: _then(actions.do_open_election(e, by=by, **b), e), election_data,
         "Close nominations and open the STV ballot (unopposed: elected at once).",
         VoteOptionsSerializer).as_view(), name="election-open"),
    path("recalls/<int:pk>/", _get("recall", access_petition_for, petition_data,
         "A recall petition: signatures, threshold and its ballot.").as_view(), name="recall"),
    path("recalls/<int:pk>/sign/", _post("recall_sign", access_petition_for,
         lambda p, by, _: actions.do_sign_recall(p, by=by), petition_data,
         "Sign; the signature that reaches the threshold opens the recall ballot.").as_view(),
         name="recall-sign"),
    path("decisions/ballots/<int:pk>/close/", _post("close_ballot",
         lambda user, pk: access_ballot_for(user, pk),
         lambda b, by, _: do_close_and_declare(b, by=by),
         lambda b: {"id": b.pk, "state": b.state, "decides": decides_data(b)},
         "Officers close and declare a ballot; its decision (motion, amendment, election, "
         "recall, mandate) applies at once.").as_view(), name="decisions-close-ballot"),
    path("decisions/ballots/<int:pk>/resume/", _post("resume_ballot",
         lambda user, pk: access_ballot_for(user, pk),
         lambda b, by, _: _then(do_resume_after_cancel(b, by=by), b),
         lambda b: {"id": b.pk, "state": b.state, "decides": decides_data(b)},
         "After a decision ballot was cancelled, officers put its motion, amendment or "
         "election back to be voted on again (a recall gets a new ballot at once)."
         ).as_view(), name="decisions-resume-ballot"),
]  # fmt: skip
