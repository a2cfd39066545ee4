"""Shapes of API requests and responses. They validate shape only; rules live in the actions."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from tanacs.core.errors import ErrorCode

# -- errors and auth ---------------------------------------------------------------------

# The schema names this choice set ``ErrorCode`` (SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]).
ERROR_CODES = [code.value for code in ErrorCode]


class ErrorSerializer(serializers.Serializer[Any]):
    """The body of every error answer (component ``Error``)."""

    code = serializers.ChoiceField(
        choices=ERROR_CODES,
        help_text="Stable machine-readable error code: branch on this, not on the message.",
    )
    message = serializers.CharField(help_text="What went wrong, in words a person can act on.")
    field = serializers.CharField(required=False, help_text="The request field at fault.")
    # Names of the JSON keys; they shadow Serializer attributes only in this schema-only class.
    fields = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Per-field messages for a body that is not valid.",
    )
    errors = serializers.ListField(  # type: ignore[assignment]
        child=serializers.CharField(), required=False, help_text="Every bad line of an import."
    )


class TokenRequestSerializer(serializers.Serializer[Any]):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class TokenSerializer(serializers.Serializer[Any]):
    token = serializers.CharField()
    username = serializers.CharField()


# -- federations -------------------------------------------------------------------------


class SeatRuleSerializer(serializers.Serializer[Any]):
    members_per_seat = serializers.IntegerField(min_value=1, max_value=10**9)
    seats_min = serializers.IntegerField(min_value=1, max_value=1000)
    seats_max = serializers.IntegerField(min_value=1, max_value=1000)


class FederationCreateSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200)
    slug = serializers.CharField(max_length=60, help_text="Short name used in URLs.")
    description = serializers.CharField(required=False, allow_blank=True, default="")
    levels = serializers.ListField(
        child=serializers.CharField(max_length=60),
        min_length=2,
        max_length=12,
        help_text="Level names from the base upwards, e.g. workplace, district, city, national.",
    )
    members_per_seat = serializers.IntegerField(min_value=1, max_value=10**9, default=100)
    seats_min = serializers.IntegerField(min_value=1, max_value=1000, default=1)
    seats_max = serializers.IntegerField(min_value=1, max_value=1000, default=5)


class FederationSerializer(serializers.Serializer[Any]):
    slug = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    levels = serializers.ListField(child=serializers.CharField())
    seat_rule = SeatRuleSerializer(source="*")
    created_at = serializers.DateTimeField()


class LevelSerializer(serializers.Serializer[Any]):
    level = serializers.IntegerField()
    name = serializers.CharField()
    councils = serializers.IntegerField()


class FederationDetailSerializer(FederationSerializer):
    level_list = LevelSerializer(many=True, source="level_rows")
    councils = serializers.IntegerField(source="council_total")
    members = serializers.IntegerField(source="member_total")
    stewards = serializers.ListField(child=serializers.CharField(), source="steward_names")


# -- councils ----------------------------------------------------------------------------


class CouncilRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    slug = serializers.CharField()
    name = serializers.CharField()
    level = serializers.IntegerField()


class CouncilSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    federation = serializers.CharField(source="federation.slug")
    slug = serializers.CharField()
    name = serializers.CharField()
    place = serializers.CharField()
    level = serializers.IntegerField()
    level_name = serializers.CharField()
    parent = serializers.IntegerField(  # type: ignore[assignment]  # JSON key, shadows Field.parent
        source="parent_id", allow_null=True
    )
    vouches_needed = serializers.IntegerField()
    member_count = serializers.IntegerField(help_text="Active members of this council.")
    represented_count = serializers.IntegerField(
        help_text="Active members of this council and every base council below it."
    )


class TreeNodeSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    slug = serializers.CharField()
    name = serializers.CharField()
    level = serializers.IntegerField()
    parent = serializers.IntegerField(  # type: ignore[assignment]  # JSON key, shadows Field.parent
        source="parent_id", allow_null=True
    )
    member_count = serializers.IntegerField()
    represented_count = serializers.IntegerField()
    child_count = serializers.IntegerField()


class CouncilCreateSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200)
    slug = serializers.CharField(max_length=80)
    level = serializers.IntegerField(min_value=0, max_value=100)
    parent = serializers.IntegerField(  # type: ignore[assignment]  # JSON key, shadows Field.parent
        allow_null=True, required=False, default=None
    )
    place = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="")
    vouches_needed = serializers.IntegerField(min_value=1, max_value=1000, default=2)


class MoveSerializer(serializers.Serializer[Any]):
    parent = serializers.IntegerField(  # type: ignore[assignment]  # JSON key, shadows Field.parent
        allow_null=True, help_text="The new parent council, or null for a top-level council."
    )


class VouchesNeededSerializer(serializers.Serializer[Any]):
    vouches_needed = serializers.IntegerField(min_value=1, max_value=1000)


class PersonSerializer(serializers.Serializer[Any]):
    username = serializers.CharField(max_length=150)


class HolderSerializer(serializers.Serializer[Any]):
    username = serializers.CharField(source="person.username")
    position = serializers.IntegerField(help_text="0 is the delegate, 1.. the ranked substitutes.")
    status = serializers.CharField()
    reason = serializers.CharField()


class SeatSerializer(serializers.Serializer[Any]):
    number = serializers.IntegerField()
    weight = serializers.IntegerField(help_text="Members this seat represents in the parent.")
    delegate = HolderSerializer(allow_null=True, help_text="Who sits now.")
    substitutes = HolderSerializer(many=True)


class CouncilDetailSerializer(CouncilSerializer):
    description = serializers.CharField()
    parent_council = CouncilRefSerializer(source="parent", allow_null=True)
    officers = serializers.ListField(child=serializers.CharField(), source="officer_names")
    children = TreeNodeSerializer(many=True, source="child_rows")
    seats = SeatSerializer(many=True, source="seat_rows")
    applicants = serializers.IntegerField(source="applicant_count")


# -- memberships -------------------------------------------------------------------------


class MembershipSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    federation = serializers.CharField(source="council.federation.slug")
    council = CouncilRefSerializer()
    username = serializers.CharField(source="person.username")
    status = serializers.CharField()
    reason = serializers.CharField()
    applied_at = serializers.DateTimeField()
    admitted_at = serializers.DateTimeField(allow_null=True)


class MemberSerializer(serializers.Serializer[Any]):
    membership = serializers.IntegerField(source="pk")
    username = serializers.CharField(source="person.username")
    name = serializers.CharField(source="person.first_name")
    status = serializers.CharField()
    vouches = serializers.IntegerField(
        source="vouch_count", required=False, help_text="For applicants: vouches so far."
    )


class ReasonSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=300)


class ImportTextSerializer(serializers.Serializer[Any]):
    csv = serializers.CharField(
        required=False, help_text="The CSV text, with the header 'name,email,council'."
    )
    file = serializers.FileField(required=False, help_text="The CSV file (multipart).")


class ImportReportSerializer(serializers.Serializer[Any]):
    imported = serializers.IntegerField()
    councils = serializers.IntegerField()


# -- seats -------------------------------------------------------------------------------


class SeatHoldersSerializer(serializers.Serializer[Any]):
    delegate = serializers.CharField(max_length=150, help_text="Login name of the delegate.")
    substitutes = serializers.ListField(
        child=serializers.CharField(max_length=150),
        required=False,
        default=list,
        max_length=50,
        help_text="Login names of the substitutes, first to take the seat first.",
    )


class HolderStatusSerializer(serializers.Serializer[Any]):
    username = serializers.CharField(max_length=150)
    reason = serializers.CharField(max_length=300, required=False, default="")


# -- journal -----------------------------------------------------------------------------


class EntrySerializer(serializers.Serializer[Any]):
    seq = serializers.IntegerField()
    at = serializers.DateTimeField()
    kind = serializers.CharField()
    actor = serializers.CharField()
    subject = serializers.CharField()
    payload = serializers.DictField(help_text="The payload as this reader may see it.")
    payload_json = serializers.CharField(
        allow_null=True,
        help_text="The payload exactly as hashed (canonical JSON); null when redacted.",
    )
    prev_hash = serializers.CharField()
    hash = serializers.CharField()
    redacted = serializers.ListField(
        child=serializers.CharField(),
        help_text="Fields shown as a pseudonym or withheld for this reader ('actor' or "
        "payload keys); empty when the entry is shown exactly as hashed.",
    )


class HeadSerializer(serializers.Serializer[Any]):
    seq = serializers.IntegerField(help_text="Entries in the chain, private ones included.")
    hash = serializers.CharField()


class JournalPageSerializer(serializers.Serializer[Any]):
    chain = serializers.CharField()
    count = serializers.IntegerField(help_text="Entries in the chain, private ones included.")
    head = HeadSerializer()
    entries = EntrySerializer(many=True)
    next_before = serializers.IntegerField(
        allow_null=True, help_text="Pass as ?before= for older entries."
    )
    next_after = serializers.IntegerField(
        allow_null=True, help_text="Pass as ?after= for newer entries."
    )


class HoldingSerializer(serializers.Serializer[Any]):
    council = CouncilRefSerializer(source="seat.council")
    seat = serializers.IntegerField(source="seat.number")
    position = serializers.IntegerField(help_text="0 is the delegate, 1.. the ranked substitutes.")
    status = serializers.CharField()


class MeSerializer(serializers.Serializer[Any]):
    username = serializers.CharField()
    memberships = MembershipSerializer(many=True)
    offices = CouncilRefSerializer(many=True, help_text="Councils this person is an officer of.")
    stewarded = serializers.ListField(
        child=serializers.CharField(), help_text="Federations this person is a steward of."
    )
    seats = HoldingSerializer(
        many=True, help_text="Places on seat lists, as delegate or substitute."
    )
