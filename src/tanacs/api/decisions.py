"""Decisions over REST: motions, co-signing, amendments, sending up, mandates, programmes,
delegate elections and recall petitions, and close-and-declare for their ballots.
Rules live in ``tanacs.decisions``; these views only translate."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from tanacs.api.views.base import ApiViewSet, errors
from tanacs.ballots.access import access_ballot_for
from tanacs.ballots.actions import do_close_and_declare, do_resume_after_cancel
from tanacs.ballots.models import Ballot, State
from tanacs.ballots.subjects import decides_data
from tanacs.core.actors import actor_label, signed_in
from tanacs.core.storage import whole_number
from tanacs.decisions import actions
from tanacs.decisions.access import (
    access_amendment_for,
    access_decisions_of,
    access_election_for,
    access_motion_for,
    access_petition_for,
    access_point_for,
    access_programme_for,
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
    AmendmentStatus,
    Election,
    ElectionStatus,
    MandatePosition,
    Motion,
    MotionStatus,
    PetitionStatus,
    Programme,
    RecallPetition,
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
Handler = TypeVar("Handler", bound=Callable[..., Response])

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


# -- answers -------------------------------------------------------------------------------
# Each describes a dict that ``tanacs.decisions.export`` builds (the CLI's ``--json`` prints
# the same); the views pass that dict through, so the schema names every key they answer.


class DecisionCouncilSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    level = serializers.IntegerField()


class DecisionBallotSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    title = serializers.CharField()
    state = serializers.ChoiceField(choices=State.choices)
    secret = serializers.BooleanField()


class MotionSummarySerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    council = DecisionCouncilSerializer()
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=MotionStatus.choices)
    author = serializers.CharField()
    origin = serializers.IntegerField(
        allow_null=True, help_text="The child council's motion this one was sent up from."
    )


class AmendmentSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    author = serializers.CharField()
    text = serializers.CharField()
    reason = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(choices=AmendmentStatus.choices)
    ballots = DecisionBallotSerializer(many=True)


class MotionSerializer(MotionSummarySerializer):
    text = serializers.CharField()
    cosigners = serializers.ListField(child=serializers.CharField())
    origin_chain = MotionSummarySerializer(many=True, help_text="From the first motion down.")
    sent_up = MotionSummarySerializer(many=True, help_text="Its proposals in the parent.")
    programme = serializers.IntegerField(allow_null=True)
    point = serializers.IntegerField(allow_null=True)
    amendments = AmendmentSerializer(many=True)
    ballots = DecisionBallotSerializer(many=True)
    created_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)


class MandateRowSerializer(serializers.Serializer[Any]):
    council = DecisionCouncilSerializer()
    seat = serializers.IntegerField()
    delegate = serializers.CharField(allow_null=True)
    weight = serializers.IntegerField()
    mandate = serializers.ChoiceField(
        choices=MandatePosition.choices, allow_null=True, help_text="Null: no mandate."
    )
    vote = serializers.CharField(
        allow_null=True, help_text="yes, no or abstain; null: not voted, or a secret ballot."
    )
    secret = serializers.BooleanField()
    broke = serializers.BooleanField(help_text="The delegate voted, openly, against it.")


class DelegateVoteSerializer(serializers.Serializer[Any]):
    motion = MotionSummarySerializer()
    seat = serializers.IntegerField()
    delegate = serializers.CharField(allow_null=True)
    mandate = serializers.ChoiceField(choices=MandatePosition.choices, allow_null=True)
    vote = serializers.CharField(allow_null=True)
    secret = serializers.BooleanField()
    broke = serializers.BooleanField()


class EndorsementSerializer(serializers.Serializer[Any]):
    council = DecisionCouncilSerializer()
    motion = serializers.IntegerField(allow_null=True, help_text="The motion that carried it.")
    recorded_by = serializers.CharField()
    note = serializers.CharField(allow_blank=True)


class PointSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    text = serializers.CharField()
    endorsed_by = EndorsementSerializer(many=True)


class ProgrammeSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    council = DecisionCouncilSerializer()
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    points = PointSerializer(many=True)


class ElectionOutcomeSerializer(serializers.Serializer[Any]):
    elected = serializers.ListField(child=serializers.CharField(), required=False)
    substitutes = serializers.ListField(child=serializers.CharField(), required=False)
    ballot = serializers.IntegerField(
        required=False, allow_null=True, help_text="The count's ballot; null: unopposed."
    )

    def to_representation(self, instance: Any) -> dict[str, Any]:
        # Before the declaration the outcome is {}: show no key rather than a null ballot.
        shown: dict[str, Any] = super().to_representation(instance)
        return {key: value for key, value in shown.items() if key in instance}


class ElectionSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    council = DecisionCouncilSerializer()
    seats = serializers.ListField(child=serializers.IntegerField())
    status = serializers.ChoiceField(choices=ElectionStatus.choices)
    candidates = serializers.ListField(child=serializers.CharField())
    outcome = ElectionOutcomeSerializer(help_text="Empty until the election is declared.")
    ballots = DecisionBallotSerializer(many=True)


class PetitionSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    council = DecisionCouncilSerializer()
    seat = serializers.IntegerField()
    delegate = serializers.CharField(help_text="Whom the petition would recall.")
    reason = serializers.CharField()
    status = serializers.ChoiceField(choices=PetitionStatus.choices)
    electorate = serializers.IntegerField()
    threshold = serializers.IntegerField(help_text="Signatures that open the recall ballot.")
    signatures = serializers.IntegerField()
    opened_by = serializers.CharField()
    ballots = DecisionBallotSerializer(many=True)


class FederationRulesAnswerSerializer(serializers.Serializer[Any]):
    cosigners_needed = serializers.IntegerField()
    recall_share_percent = serializers.IntegerField()
    mandates_bind = serializers.BooleanField()


class CouncilRulesAnswerSerializer(FederationRulesAnswerSerializer):
    council = serializers.IntegerField()


class MandateBallotSerializer(serializers.Serializer[Any]):
    ballot = serializers.IntegerField()
    state = serializers.ChoiceField(choices=State.choices)


class DecidesSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField(help_text="The kind of subject, as registered (motion, ...).")
    id = serializers.IntegerField(help_text="The subject's id.")


class DecidedBallotSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    state = serializers.ChoiceField(choices=State.choices)
    decides = DecidesSerializer(allow_null=True, help_text="What the ballot decides.")


# -- views ---------------------------------------------------------------------------------


def _doc(
    op: str, answer: Any, *refusals: int, request: Any = None, status: int = 200,
    text: str | None = None,
) -> Callable[[Handler], Handler]:  # fmt: skip
    """The schema of one operation: its answer, and the error body for every refusal."""
    return extend_schema(
        operation_id=f"decisions_{op}", request=request, tags=TAGS, description=text,
        responses={status: answer, **errors(*refusals)},
    )  # fmt: skip


def _answer(shape: type[serializers.Serializer[Any]], data: Any, status: int = 200) -> Response:
    many = isinstance(data, list)
    return Response(shape(data, many=many).data, status=status)


def _fresh(obj: Any) -> Any:
    obj.refresh_from_db()  # actions work on locked copies
    return obj


class DecisionsViewSet(ApiViewSet):
    """Answers are whole lists: a council's decisions are shown without pages."""

    pagination_class = None  # type: ignore[assignment]

    @property
    def object_id(self) -> int:
        """The ``<int:pk>`` of the URL: which motion, programme, ... was asked for."""
        return int(self.kwargs["pk"])


class CouncilDecisionsViewSet(DecisionsViewSet):
    """A council's motions, programmes, elections, recall petitions and rules. Lists need
    someone of the federation; an action's own rules say who may start one."""

    def visible(self) -> Council:
        return access_decisions_of(self.request.user, self.object_id)

    def council(self) -> Council:
        return access_council_for(self.request.user, self.object_id)

    @_doc("motions_list", MotionSummarySerializer(many=True), 403, 404)
    def motions(self, request: Request, pk: int) -> Response:
        return _answer(MotionSummarySerializer, [motion_summary(m) for m in
                                                 list_motions(self.visible())[:200]])  # fmt: skip

    @_doc("motions_create", MotionSummarySerializer, 400, 403, 404, 409,
          request=MotionCreateSerializer, status=201,
          text="Table a motion (active members of a base council; delegates seated in a "
          "higher one).")  # fmt: skip
    def create_motion(self, request: Request, pk: int) -> Response:
        council, by = self.council(), signed_in(request.user)
        body = self.body(MotionCreateSerializer)
        programme = access_programme_for(by, body["programme"]) if body["programme"] else None
        point = access_point_for(by, body["point"]) if body["point"] else None
        motion = actions.do_create_motion(
            council, title=body["title"], text=body["text"], by=by, table=body["table"],
            programme=programme, point=point,
        )  # fmt: skip
        return _answer(MotionSummarySerializer, motion_summary(_fresh(motion)), 201)

    @_doc("programmes_list", ProgrammeSerializer(many=True), 403, 404)
    def programmes(self, request: Request, pk: int) -> Response:
        return _answer(ProgrammeSerializer, [programme_data(p) for p in
                                             self.visible().programmes.all()])  # fmt: skip

    @_doc("programmes_create", ProgrammeSerializer, 400, 403, 404, 409,
          request=ProgrammeCreateSerializer, status=201,
          text="Officers start a programme of numbered demands.")  # fmt: skip
    def create_programme(self, request: Request, pk: int) -> Response:
        council, body = self.council(), self.body(ProgrammeCreateSerializer)
        programme = actions.do_create_programme(
            council,
            title=body["title"],
            description=body["description"],
            by=signed_in(request.user),
        )
        return _answer(ProgrammeSerializer, programme_data(_fresh(programme)), 201)

    @_doc("elections_list", ElectionSerializer(many=True), 403, 404)
    def elections(self, request: Request, pk: int) -> Response:
        return _answer(ElectionSerializer, [election_data(e) for e in
                                            list_elections(self.visible())])  # fmt: skip

    @_doc("elections_create", ElectionSerializer, 400, 403, 404, 409,
          request=ElectionCreateSerializer, status=201,
          text="Officers call an election for the council's seats in its parent.")  # fmt: skip
    def call_election(self, request: Request, pk: int) -> Response:
        council, body = self.council(), self.body(ElectionCreateSerializer)
        election = actions.do_call_election(
            council, seats=body["seats"] or None, by=signed_in(request.user)
        )
        return _answer(ElectionSerializer, election_data(_fresh(election)), 201)

    @_doc("recalls_list", PetitionSerializer(many=True), 403, 404)
    def recalls(self, request: Request, pk: int) -> Response:
        return _answer(PetitionSerializer, [petition_data(p) for p in
                                            list_petitions(self.visible())])  # fmt: skip

    @_doc("recalls_create", PetitionSerializer, 400, 403, 404, 409,
          request=RecallCreateSerializer, status=201,
          text="Open a petition to recall a seat's sitting delegate; the opener signs "
          "it.")  # fmt: skip
    def open_recall(self, request: Request, pk: int) -> Response:
        council, body = self.council(), self.body(RecallCreateSerializer)
        petition = actions.do_open_recall(
            council, body["seat"], reason=body["reason"], by=signed_in(request.user)
        )
        return _answer(PetitionSerializer, petition_data(_fresh(petition)), 201)

    @_doc("delegate_votes", DelegateVoteSerializer(many=True), 403, 404,
          text="How this council's delegates voted on the latest motions it mandated them "
          "on, with every breach of a mandate marked.")  # fmt: skip
    def delegate_votes(self, request: Request, pk: int) -> Response:
        return _answer(DelegateVoteSerializer, [
            {"motion": motion_summary(v.motion), "seat": v.row.seat,
             "delegate": actor_label(v.row.delegate) if v.row.delegate else None,
             "mandate": v.row.mandate, "vote": v.row.vote, "secret": v.row.secret,
             "broke": v.row.broke}
            for v in delegates_on_mandates(self.visible())
        ])  # fmt: skip

    @_doc("rules", CouncilRulesAnswerSerializer, 403, 404,
          text="The numbers this council decides by.")  # fmt: skip
    def rules(self, request: Request, pk: int) -> Response:
        return _answer(CouncilRulesAnswerSerializer, _rules(self.visible()))

    @_doc("rules_set", CouncilRulesAnswerSerializer, 400, 403, 404,
          request=CouncilRulesSerializer,
          text="Officers give the council its own numbers.")  # fmt: skip
    def set_rules(self, request: Request, pk: int) -> Response:
        council = self.council()
        actions.do_set_council_rules(council, by=signed_in(request.user),
                                     **self.body(CouncilRulesSerializer))  # fmt: skip
        return _answer(CouncilRulesAnswerSerializer, _rules(council))


def _rules(council: Council) -> dict[str, Any]:
    return {
        "council": council.pk,
        "cosigners_needed": cosigners_needed(council),
        "recall_share_percent": recall_share_percent(council),
        "mandates_bind": mandates_bind(council.federation),
    }


class FederationRulesViewSet(DecisionsViewSet):
    @_doc("federation_rules_set", FederationRulesAnswerSerializer, 400, 403, 404,
          request=FederationRulesSerializer,
          text="Stewards set the federation's defaults and whether mandates bind.")  # fmt: skip
    def set_rules(self, request: Request, slug: str) -> Response:
        federation = access_federation_for(request.user, slug)
        rules = actions.do_set_federation_rules(federation, by=signed_in(request.user),
                                                **self.body(FederationRulesSerializer))  # fmt: skip
        return _answer(FederationRulesAnswerSerializer, {
            "cosigners_needed": rules.cosigners_needed,
            "recall_share_percent": rules.recall_share_percent,
            "mandates_bind": rules.mandates_bind,
        })  # fmt: skip


class MotionViewSet(DecisionsViewSet):
    """A motion and every move on it; each answers with the motion as it now stands."""

    def motion(self) -> Motion:
        return access_motion_for(self.request.user, self.object_id)

    def shown(self, motion: Motion) -> Response:
        return _answer(MotionSerializer, motion_data(_fresh(motion)))

    @_doc("motion", MotionSerializer, 403, 404,
          text="A motion with its origin chain, co-signers, amendments and ballots.")  # fmt: skip
    def retrieve(self, request: Request, pk: int) -> Response:
        return _answer(MotionSerializer, motion_data(self.motion()))

    @_doc("table", MotionSerializer, 400, 403, 404, 409, text="The author tables a draft.")
    def table(self, request: Request, pk: int) -> Response:
        return self.shown(actions.do_table_motion(self.motion(), by=signed_in(request.user)))

    @_doc("cosign", MotionSerializer, 400, 403, 404, 409,
          text="Co-sign a tabled motion; enough co-signers admit it.")  # fmt: skip
    def cosign(self, request: Request, pk: int) -> Response:
        return self.shown(actions.do_cosign_motion(self.motion(), by=signed_in(request.user)))

    @_doc("withdraw", MotionSerializer, 400, 403, 404, 409,
          text="The author or an officer withdraws the motion.")  # fmt: skip
    def withdraw(self, request: Request, pk: int) -> Response:
        return self.shown(actions.do_withdraw_motion(self.motion(), by=signed_in(request.user)))

    @_doc("send_up", MotionSerializer, 400, 403, 404, 409,
          text="Send a carried motion to the parent council as this council's proposal; "
          "returns the new proposal.")  # fmt: skip
    def send_up(self, request: Request, pk: int) -> Response:
        return self.shown(actions.do_send_up(self.motion(), by=signed_in(request.user)))

    @_doc("amend", MotionSerializer, 400, 403, 404, 409, request=AmendmentCreateSerializer,
          text="Propose a new wording of the motion.")  # fmt: skip
    def amend(self, request: Request, pk: int) -> Response:
        motion, body = self.motion(), self.body(AmendmentCreateSerializer)
        actions.do_propose_amendment(
            motion, text=body["text"], reason=body["reason"], by=signed_in(request.user)
        )
        return self.shown(motion)

    @_doc("motion_vote", MotionSerializer, 400, 403, 404, 409, request=VoteOptionsSerializer,
          text="Officers open the vote on an admitted motion whose amendments are "
          "settled.")  # fmt: skip
    def open_vote(self, request: Request, pk: int) -> Response:
        motion = self.motion()
        actions.do_open_motion_vote(
            motion, by=signed_in(request.user), **self.body(VoteOptionsSerializer)
        )
        return self.shown(motion)

    @_doc("mandates", MandateRowSerializer(many=True), 403, 404,
          text="Every seat: its council's mandate, and how its delegate voted (open "
          "ballots).")  # fmt: skip
    def mandates(self, request: Request, pk: int) -> Response:
        return _answer(MandateRowSerializer, mandates_data(self.motion()))

    @_doc("mandate_set", MandateRowSerializer(many=True), 400, 403, 404, 409,
          request=MandateSerializer,
          text="Officers of a represented council record its mandate.")  # fmt: skip
    def set_mandate(self, request: Request, pk: int, council_id: int) -> Response:
        motion = self.motion()
        council = access_council_for(request.user, council_id)
        position = self.body(MandateSerializer)["position"]
        actions.do_set_mandate(motion, council, position=position, by=signed_in(request.user))
        return _answer(MandateRowSerializer, mandates_data(motion))

    @_doc("mandate_vote", MandateBallotSerializer, 400, 403, 404, 409,
          text="Officers of a represented council put the mandate to its vote (for, "
          "against, abstain or free).")  # fmt: skip
    def mandate_vote(self, request: Request, pk: int, council_id: int) -> Response:
        motion = self.motion()
        council = access_council_for(request.user, council_id)
        ballot = actions.do_open_mandate_vote(motion, council, by=signed_in(request.user))
        return _answer(MandateBallotSerializer, {"ballot": ballot.pk, "state": ballot.state})


class AmendmentViewSet(DecisionsViewSet):
    """Moves on an amendment; each answers with its motion."""

    def amendment(self) -> Amendment:
        return access_amendment_for(self.request.user, self.object_id)

    @_doc("amendment_vote", MotionSerializer, 400, 403, 404, 409,
          request=VoteOptionsSerializer, text="Officers put an amendment to the vote.")  # fmt: skip
    def open_vote(self, request: Request, pk: int) -> Response:
        amendment = self.amendment()
        actions.do_open_amendment_vote(
            amendment, by=signed_in(request.user), **self.body(VoteOptionsSerializer)
        )
        return _answer(MotionSerializer, motion_data(_fresh(amendment.motion)))

    @_doc("amendment_withdraw", MotionSerializer, 400, 403, 404, 409,
          text="The author or an officer withdraws an amendment.")  # fmt: skip
    def withdraw(self, request: Request, pk: int) -> Response:
        amendment = self.amendment()
        actions.do_withdraw_amendment(amendment, by=signed_in(request.user))
        return _answer(MotionSerializer, motion_data(_fresh(amendment.motion)))


class ProgrammeViewSet(DecisionsViewSet):
    def programme(self) -> Programme:
        return access_programme_for(self.request.user, self.object_id)

    def shown(self, programme: Programme) -> Response:
        return _answer(ProgrammeSerializer, programme_data(_fresh(programme)))

    @_doc("programme", ProgrammeSerializer, 403, 404,
          text="Points with the councils that endorse each, directly or through merged "
          "points.")  # fmt: skip
    def retrieve(self, request: Request, pk: int) -> Response:
        return _answer(ProgrammeSerializer, programme_data(self.programme()))

    @_doc("point_add", ProgrammeSerializer, 400, 403, 404, 409, request=PointCreateSerializer,
          text="Officers add a point the council adopted (recorded as its "
          "endorsement).")  # fmt: skip
    def add_point(self, request: Request, pk: int) -> Response:
        programme = self.programme()
        text = self.body(PointCreateSerializer)["text"]
        actions.do_add_point(programme, text=text, by=signed_in(request.user))
        return self.shown(programme)

    @_doc("merge", ProgrammeSerializer, 400, 403, 404, 409, request=MergeSerializer,
          text="Officers merge a child's programme into this one.")  # fmt: skip
    def merge(self, request: Request, pk: int) -> Response:
        programme, by = self.programme(), signed_in(request.user)
        body = self.body(MergeSerializer)
        source = access_programme_for(by, body["source"])
        actions.do_merge_programme(source, programme, by=by, same_as=body["same_as"])
        return self.shown(programme)


class PointViewSet(DecisionsViewSet):
    @_doc("endorse", ProgrammeSerializer, 400, 403, 404, 409, request=EndorseSerializer,
          text="Officers record that their council endorsed a point.")  # fmt: skip
    def endorse(self, request: Request, pk: int) -> Response:
        point, by = access_point_for(request.user, self.object_id), signed_in(request.user)
        body = self.body(EndorseSerializer)
        council = access_council_for(by, body["council"])
        actions.do_endorse_point(point, council, by=by, note=body["note"])
        return _answer(ProgrammeSerializer, programme_data(_fresh(point.programme)))


class ElectionViewSet(DecisionsViewSet):
    def election(self) -> Election:
        return access_election_for(self.request.user, self.object_id)

    def shown(self, election: Election) -> Response:
        return _answer(ElectionSerializer, election_data(_fresh(election)))

    @_doc("election", ElectionSerializer, 403, 404,
          text="An election: seats, candidates, ballots and the declared outcome.")  # fmt: skip
    def retrieve(self, request: Request, pk: int) -> Response:
        return _answer(ElectionSerializer, election_data(self.election()))

    @_doc("stand", ElectionSerializer, 400, 403, 404, 409, request=StandSerializer,
          text="Stand for election (officers may nominate someone).")  # fmt: skip
    def stand(self, request: Request, pk: int) -> Response:
        election, body = self.election(), self.body(StandSerializer)
        person = find_person(body["username"]) if body["username"] else None
        actions.do_stand(election, by=signed_in(request.user), person=person)
        return self.shown(election)

    @_doc("election_open", ElectionSerializer, 400, 403, 404, 409,
          request=VoteOptionsSerializer, text="Close nominations and open the STV ballot "
          "(unopposed: elected at once).")  # fmt: skip
    def open(self, request: Request, pk: int) -> Response:
        election = self.election()
        actions.do_open_election(
            election, by=signed_in(request.user), **self.body(VoteOptionsSerializer)
        )
        return self.shown(election)


class RecallViewSet(DecisionsViewSet):
    def petition(self) -> RecallPetition:
        return access_petition_for(self.request.user, self.object_id)

    @_doc("recall", PetitionSerializer, 403, 404,
          text="A recall petition: signatures, threshold and its ballot.")  # fmt: skip
    def retrieve(self, request: Request, pk: int) -> Response:
        return _answer(PetitionSerializer, petition_data(self.petition()))

    @_doc("recall_sign", PetitionSerializer, 400, 403, 404, 409,
          text="Sign; the signature that reaches the threshold opens the recall "
          "ballot.")  # fmt: skip
    def sign(self, request: Request, pk: int) -> Response:
        petition = actions.do_sign_recall(self.petition(), by=signed_in(request.user))
        return _answer(PetitionSerializer, petition_data(_fresh(petition)))


def _decided(ballot: Ballot) -> Response:
    ballot = _fresh(ballot)
    return _answer(DecidedBallotSerializer, {"id": ballot.pk, "state": ballot.state,
                                             "decides": decides_data(ballot)})  # fmt: skip


class DecisionBallotViewSet(DecisionsViewSet):
    """A ballot seen as the decision it carries (motion, amendment, election, recall,
    mandate): closing declares the decision, resuming puts it up again."""

    def ballot(self) -> Ballot:
        return access_ballot_for(self.request.user, self.object_id)

    @_doc("close_ballot", DecidedBallotSerializer, 400, 403, 404, 409,
          text="Officers close and declare a ballot; its decision (motion, amendment, "
          "election, recall, mandate) applies at once.")  # fmt: skip
    def close(self, request: Request, pk: int) -> Response:
        return _decided(do_close_and_declare(self.ballot(), by=signed_in(request.user)))

    @_doc("resume_ballot", DecidedBallotSerializer, 400, 403, 404, 409,
          text="After a decision ballot was cancelled, officers put its motion, "
          "amendment or election back to be voted on again (a recall gets a new ballot "
          "at once).")  # fmt: skip
    def resume(self, request: Request, pk: int) -> Response:
        ballot = self.ballot()
        do_resume_after_cancel(ballot, by=signed_in(request.user))
        return _decided(ballot)


Council_ = CouncilDecisionsViewSet
urlpatterns = [
    path("councils/<int:pk>/motions/",
         Council_.as_view({"get": "motions", "post": "create_motion"}), name="motions"),
    path("councils/<int:pk>/programmes/",
         Council_.as_view({"get": "programmes", "post": "create_programme"}), name="programmes"),
    path("councils/<int:pk>/elections/",
         Council_.as_view({"get": "elections", "post": "call_election"}), name="elections"),
    path("councils/<int:pk>/recalls/",
         Council_.as_view({"get": "recalls", "post": "open_recall"}), name="recalls"),
    path("councils/<int:pk>/delegate-votes/", Council_.as_view({"get": "delegate_votes"}),
         name="delegate-votes"),
    path("councils/<int:pk>/decision-rules/",
         Council_.as_view({"get": "rules", "put": "set_rules"}), name="council-rules"),
    path("federations/<slug:slug>/decision-rules/",
         FederationRulesViewSet.as_view({"put": "set_rules"}), name="federation-rules"),
    path("motions/<int:pk>/", MotionViewSet.as_view({"get": "retrieve"}), name="motion"),
    path("motions/<int:pk>/table/", MotionViewSet.as_view({"post": "table"}),
         name="motion-table"),
    path("motions/<int:pk>/cosign/", MotionViewSet.as_view({"post": "cosign"}),
         name="motion-cosign"),
    path("motions/<int:pk>/withdraw/", MotionViewSet.as_view({"post": "withdraw"}),
         name="motion-withdraw"),
    path("motions/<int:pk>/send-up/", MotionViewSet.as_view({"post": "send_up"}),
         name="motion-send-up"),
    path("motions/<int:pk>/amendments/", MotionViewSet.as_view({"post": "amend"}),
         name="motion-amend"),
    path("motions/<int:pk>/vote/", MotionViewSet.as_view({"post": "open_vote"}),
         name="motion-vote"),
    path("motions/<int:pk>/mandates/", MotionViewSet.as_view({"get": "mandates"}),
         name="motion-mandates"),
    path("motions/<int:pk>/mandates/<int:council_id>/",
         MotionViewSet.as_view({"post": "set_mandate"}), name="motion-mandate"),
    path("motions/<int:pk>/mandates/<int:council_id>/vote/",
         MotionViewSet.as_view({"post": "mandate_vote"}), name="motion-mandate-vote"),
    path("amendments/<int:pk>/vote/", AmendmentViewSet.as_view({"post": "open_vote"}),
         name="amendment-vote"),
    path("amendments/<int:pk>/withdraw/", AmendmentViewSet.as_view({"post": "withdraw"}),
         name="amendment-withdraw"),
    path("programmes/<int:pk>/", ProgrammeViewSet.as_view({"get": "retrieve"}),
         name="programme"),
    path("programmes/<int:pk>/points/", ProgrammeViewSet.as_view({"post": "add_point"}),
         name="programme-points"),
    path("programmes/<int:pk>/merge/", ProgrammeViewSet.as_view({"post": "merge"}),
         name="programme-merge"),
    path("points/<int:pk>/endorse/", PointViewSet.as_view({"post": "endorse"}),
         name="point-endorse"),
    path("elections/<int:pk>/", ElectionViewSet.as_view({"get": "retrieve"}), name="election"),
    path("elections/<int:pk>/stand/", ElectionViewSet.as_view({"post": "stand"}),
         name="election-stand"),
    path("elections/<int:pk>/open/", ElectionViewSet.as_view({"post": "open"}),
         name="election-open"),
    path("recalls/<int:pk>/", RecallViewSet.as_view({"get": "retrieve"}), name="recall"),
    path("recalls/<int:pk>/sign/", RecallViewSet.as_view({"post": "sign"}),
         name="recall-sign"),
    path("decisions/ballots/<int:pk>/close/", DecisionBallotViewSet.as_view({"post": "close"}),
         name="decisions-close-ballot"),
    path("decisions/ballots/<int:pk>/resume/",
         DecisionBallotViewSet.as_view({"post": "resume"}), name="decisions-resume-ballot"),
]  # fmt: skip
