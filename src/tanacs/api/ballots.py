"""Ballots over REST: list and create per council, open, vote, close, declare, turnout,
results, the published ballot list and receipt checks. Rules live in ``tanacs.ballots``."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.http import StreamingHttpResponse
from django.urls import path
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.request import Request
from rest_framework.response import Response

from tanacs.api.views.base import ApiView, errors
from tanacs.ballots.access import (
    access_ballot_for,
    access_ballot_to_vote,
    access_ballots_of,
    access_published_list_for,
)
from tanacs.ballots.actions import (
    do_cancel_ballot,
    do_cast_vote,
    do_close_ballot,
    do_create_ballot,
    do_declare_ballot,
    do_open_ballot,
)
from tanacs.ballots.export import ballot_data, list_csv, list_json, tally_csv
from tanacs.ballots.models import Ballot, Electorate, Method, State
from tanacs.ballots.rules import THRESHOLDS
from tanacs.ballots.selectors import (
    find_receipt,
    get_published_result,
    list_ballots,
    turnout,
)
from tanacs.core.actors import signed_in
from tanacs.core.db import prepared_cursor
from tanacs.core.errors import NotFound
from tanacs.federation.access import access_council_for

TAGS = ["ballots"]

# -- serializers ---------------------------------------------------------------------------


class BallotCreateSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200)
    question = serializers.CharField(required=False, allow_blank=True, default="")
    method = serializers.ChoiceField(choices=Method.choices, default=Method.YESNO)
    options = serializers.ListField(
        child=serializers.CharField(max_length=120), required=False, default=list,
        help_text="Candidates or options in the order shown; none for yes/no.",
    )  # fmt: skip
    seats = serializers.IntegerField(min_value=1, default=1, help_text="STV only.")
    electorate = serializers.ChoiceField(choices=Electorate.choices, default=Electorate.MEMBERS)
    secret = serializers.BooleanField(
        default=None, allow_null=True,
        help_text="Secret (true) or recorded (false). By default members vote in secret and "
        "delegates on the record; a secret ballot of delegates is refused.",
    )  # fmt: skip
    quorum = serializers.CharField(
        required=False, allow_blank=True, default="",
        help_text="Turnout needed, as a share of the electorate: 1/2, 0.5 or 50%.",
    )  # fmt: skip
    threshold = serializers.ChoiceField(choices=list(THRESHOLDS.items()), default="simple")
    threshold_share = serializers.CharField(required=False, allow_blank=True, default="")
    council_turnout = serializers.CharField(
        required=False, allow_blank=True, default="",
        help_text="Referendums: the result binds a base council only at this turnout.",
    )  # fmt: skip
    min_reported = serializers.IntegerField(min_value=0, default=10)
    opens_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    closes_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class BallotSerializer(serializers.Serializer[Any]):
    """A ballot as ``tanacs ballots show --json`` prints it."""

    id = serializers.IntegerField()
    uid = serializers.UUIDField()
    council = serializers.DictField()
    title = serializers.CharField()
    question = serializers.CharField()
    method = serializers.ChoiceField(choices=Method.choices)
    options = serializers.ListField(child=serializers.CharField())
    seats = serializers.IntegerField()
    electorate = serializers.ChoiceField(choices=Electorate.choices)
    secret = serializers.BooleanField()
    quorum = serializers.CharField(allow_null=True)
    threshold = serializers.CharField()
    threshold_share = serializers.CharField(allow_null=True)
    council_turnout = serializers.CharField(allow_null=True)
    min_reported = serializers.IntegerField()
    decides = serializers.DictField(
        allow_null=True,
        help_text="What the ballot decides: its kind (motion, election, ...) and id; "
        "null for a plain question.",
    )
    state = serializers.ChoiceField(choices=State.choices)
    opens_at = serializers.DateTimeField(allow_null=True)
    closes_at = serializers.DateTimeField(allow_null=True)
    electors = serializers.IntegerField(help_text="People on the fixed electorate.")
    electorate_weight = serializers.IntegerField(help_text="Their votes' total weight.")
    turnout = serializers.DictField(required=False, help_text="Voters so far (never choices).")
    result = serializers.JSONField(
        required=False, help_text="Once closed: total, per council (referendums), engine detail."
    )
    result_sha256 = serializers.CharField(required=False)
    list_sha256 = serializers.CharField(required=False)


class VoteSerializer(serializers.Serializer[Any]):
    choice = serializers.JSONField(
        help_text=(
            'yes/no: "yes", "no" or "abstain"; choose one: an option name or index; approval: '
            "a list of options; ranked: a list best first, an inner list for equal ranks."
        )
    )
    receipt = serializers.CharField(
        required=False, allow_blank=True, default="",
        help_text="To change a secret vote: the receipt code shown when you first voted.",
    )  # fmt: skip


class ReceiptSerializer(serializers.Serializer[Any]):
    receipt = serializers.CharField(help_text="Keep this code: it finds your ballot in the list.")
    receipt_hash = serializers.CharField(help_text="What the published ballot list shows.")
    changed = serializers.BooleanField()
    journal_head = serializers.CharField(
        help_text="The federation's journal head (chain:seq:hash) when the vote was cast: keep "
        "it; GET .../journal/check/?head= later proves the journal was not rewritten since."
    )


class ReceiptCheckSerializer(serializers.Serializer[Any]):
    receipt = serializers.CharField()


class ReceiptEntrySerializer(serializers.Serializer[Any]):
    receipt_hash = serializers.CharField()
    counted = serializers.BooleanField(help_text="False while voting is still open.")
    waiting = serializers.BooleanField(
        help_text="True while the ballot waits, a few seconds, to be mixed with others before "
        "it is stored (secret ballots)."
    )
    council = serializers.IntegerField(required=False)
    weight = serializers.IntegerField(required=False)
    marks = serializers.CharField(required=False)
    choice = serializers.JSONField(required=False)


class TurnoutSerializer(serializers.Serializer[Any]):
    council = serializers.IntegerField()
    name = serializers.CharField()
    level = serializers.IntegerField()
    parent = serializers.IntegerField(allow_null=True)  # type: ignore[assignment]  # the JSON key, schema only
    electors = serializers.IntegerField()
    voters = serializers.IntegerField()


class CancelReasonSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField()


# -- views ---------------------------------------------------------------------------------


def _data(ballot: Ballot) -> dict[str, Any]:
    return ballot_data(ballot)


class CouncilBallotsView(ApiView):
    pagination_class = None  # type: ignore[assignment]

    @extend_schema(
        operation_id="ballots_list",
        responses={200: BallotSerializer(many=True), **errors(403, 404)},
        tags=TAGS,
        description="The council's ballots, newest first (results omitted; fetch one ballot).",
    )
    def get(self, request: Request, council_id: int) -> Response:
        council = access_ballots_of(request.user, council_id)
        return Response([ballot_data(b, councils=False) for b in list_ballots(council)])

    @extend_schema(
        operation_id="ballots_create",
        request=BallotCreateSerializer,
        responses={201: BallotSerializer, **errors(400, 403, 404)},
        tags=TAGS,
        description="Officers put a question or an election to a ballot (a draft until opened).",
    )
    def post(self, request: Request, council_id: int) -> Response:
        council = access_council_for(request.user, council_id)
        ballot = do_create_ballot(
            council, by=signed_in(request.user), **self.body(BallotCreateSerializer)
        )
        return Response(_data(ballot), status=201)


class BallotView(ApiView):
    @extend_schema(
        operation_id="ballots_detail",
        responses={200: BallotSerializer, **errors(403, 404)},
        tags=TAGS,
    )
    def get(self, request: Request, ballot_id: int) -> Response:
        return Response(_data(access_ballot_for(request.user, ballot_id)))


def _move_view(name: str, action: Any, text: str) -> type[ApiView]:
    class MoveView(ApiView):
        @extend_schema(
            operation_id=f"ballots_{name}",
            request=None,
            responses={200: BallotSerializer, **errors(403, 404, 409)},
            tags=TAGS,
            description=text,
        )
        def post(self, request: Request, ballot_id: int) -> Response:
            ballot = access_ballot_for(request.user, ballot_id)
            return Response(_data(action(ballot, by=signed_in(request.user))))

    MoveView.__name__ = f"{name.capitalize()}View"
    return MoveView


OpenView = _move_view("open", do_open_ballot, "Open for voting; the electorate is fixed now.")
CloseView = _move_view(
    "close", do_close_ballot, "Close, count every council and the total, publish with hashes."
)
DeclareView = _move_view("declare", do_declare_ballot, "Declare the published result.")


class CancelView(ApiView):
    @extend_schema(
        operation_id="ballots_cancel",
        request=CancelReasonSerializer,
        responses={200: BallotSerializer, **errors(400, 403, 404, 409)},
        tags=TAGS,
    )
    def post(self, request: Request, ballot_id: int) -> Response:
        ballot = access_ballot_for(request.user, ballot_id)
        reason = self.body(CancelReasonSerializer)["reason"]
        return Response(_data(do_cancel_ballot(ballot, by=signed_in(request.user), reason=reason)))


class VoterTokenAuthentication(TokenAuthentication):
    """The API token, looked up in one plain statement: casting is the busiest request, and
    the ORM's query building cost more than the lookup. Same answers as DRF's own."""

    def authenticate_credentials(self, key: str) -> tuple[Any, str]:
        User = get_user_model()
        with prepared_cursor() as cursor:
            cursor.execute(
                f"SELECT u.id, u.username, u.is_active FROM {Token._meta.db_table} t "
                f"JOIN {User._meta.db_table} u ON u.id = t.user_id WHERE t.key = %s",
                [key],
            )
            row = cursor.fetchone()
        if row is None:
            raise exceptions.AuthenticationFailed("Invalid token.")
        if not row[2]:
            raise exceptions.AuthenticationFailed("User inactive or deleted.")
        user = User(id=row[0], username=row[1], is_active=True)
        user._state.adding = False
        return user, key


class VoterTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """The schema shows the voting token like any API token (the lookup is what differs)."""

    target_class = "tanacs.api.ballots.VoterTokenAuthentication"
    name = "voterTokenAuth"
    priority = 1

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'The API token, with the prefix "Token ", as for every endpoint.',
        }


class VoteView(ApiView):
    authentication_classes = [VoterTokenAuthentication, SessionAuthentication]

    @extend_schema(
        operation_id="ballots_vote",
        request=VoteSerializer,
        responses={200: ReceiptSerializer, **errors(400, 403, 404, 409)},
        tags=TAGS,
        description=(
            "Cast or change your vote. The first vote returns a receipt code, shown once: keep "
            "it to change a secret vote and to find your ballot in the published list."
        ),
    )
    def post(self, request: Request, ballot_id: int) -> Response:
        ballot = access_ballot_to_vote(request.user, ballot_id)
        body = self.body(VoteSerializer)
        receipt = do_cast_vote(
            ballot, by=signed_in(request.user), choice=body["choice"], receipt=body["receipt"]
        )
        return Response(
            {"receipt": receipt.code, "receipt_hash": receipt.receipt_hash,
             "changed": receipt.changed, "journal_head": receipt.head}
        )  # fmt: skip


class TurnoutView(ApiView):
    pagination_class = None  # type: ignore[assignment]

    @extend_schema(
        operation_id="ballots_turnout",
        responses={200: TurnoutSerializer(many=True), **errors(403, 404)},
        tags=TAGS,
        description="Voters so far per council at every level (never what they chose).",
    )
    def get(self, request: Request, ballot_id: int) -> Response:
        ballot = access_ballot_for(request.user, ballot_id)
        rows = [row.__dict__ for row in turnout(ballot)]
        return Response(TurnoutSerializer(rows, many=True).data)


class ResultView(ApiView):
    @extend_schema(
        operation_id="ballots_result",
        responses={200: OpenApiTypes.OBJECT, **errors(403, 404, 409)},
        tags=TAGS,
        description="The published result: total, per council at every level, engine detail.",
    )
    def get(self, request: Request, ballot_id: int) -> Response:
        return Response(get_published_result(access_ballot_for(request.user, ballot_id)))


class ListView(ApiView):
    @extend_schema(
        operation_id="ballots_published_list",
        parameters=[OpenApiParameter("export", str, enum=["json", "csv", "tally"], required=False)],
        responses={200: OpenApiTypes.OBJECT, **errors(403, 404, 409)},
        tags=TAGS,
        description=(
            "The published ballot list after close: each receipt hash with its choice, sorted "
            "by hash. `export=csv` serves exactly the bytes whose SHA-256 is `list_sha256` "
            "(held by the closing journal entry); `export=tally` a ballot file for "
            "`tanacs tally`, which with the result's `seed` redraws any lot."
        ),
    )
    def get(self, request: Request, ballot_id: int) -> Any:
        ballot = access_published_list_for(request.user, ballot_id)
        export = request.query_params.get("export")
        if export in ("csv", "tally"):
            body, name = (
                (list_csv(ballot), f"ballot-{ballot.pk}.csv")
                if export == "csv"
                else (tally_csv(ballot), f"ballot-{ballot.pk}-tally.csv")
            )
            response = StreamingHttpResponse(body, content_type="text/csv")
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        return Response(list_json(ballot))


class ReceiptView(ApiView):
    @extend_schema(
        operation_id="ballots_check_receipt",
        request=ReceiptCheckSerializer,
        responses={200: ReceiptEntrySerializer, **errors(400, 403, 404)},
        tags=TAGS,
        description="Is the ballot with this receipt code in the list, and (after close) as what.",
    )
    def post(self, request: Request, ballot_id: int) -> Response:
        ballot = access_ballot_for(request.user, ballot_id)
        entry = find_receipt(ballot, self.body(ReceiptCheckSerializer)["receipt"])
        if entry is None:
            raise NotFound("No ballot in this list has that receipt code.")
        return Response(entry)


ballot = "v1/ballots/<int:ballot_id>/"
urlpatterns = [
    path("v1/councils/<int:council_id>/ballots/", CouncilBallotsView.as_view(), name="ballots"),
    path(ballot, BallotView.as_view(), name="ballot"),
    path(f"{ballot}open/", OpenView.as_view(), name="ballot-open"),
    path(f"{ballot}close/", CloseView.as_view(), name="ballot-close"),
    path(f"{ballot}declare/", DeclareView.as_view(), name="ballot-declare"),
    path(f"{ballot}cancel/", CancelView.as_view(), name="ballot-cancel"),
    path(f"{ballot}vote/", VoteView.as_view(), name="ballot-vote"),
    path(f"{ballot}turnout/", TurnoutView.as_view(), name="ballot-turnout"),
    path(f"{ballot}result/", ResultView.as_view(), name="ballot-result"),
    path(f"{ballot}list/", ListView.as_view(), name="ballot-list"),
    path(f"{ballot}receipt/", ReceiptView.as_view(), name="ballot-receipt"),
]
