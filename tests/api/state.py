"""What an API call could change, to assert that a refused call changed nothing."""

from __future__ import annotations

from typing import Any

from tanacs.delegation.models import Seat, SeatHolder
from tanacs.federation.models import Council, Federation, Officer
from tanacs.journal.models import Entry, Head
from tanacs.membership.models import Membership, Vouch


def snapshot() -> dict[str, Any]:
    """Everything an API call could change; equal snapshots mean nothing changed."""
    return {
        "federations": list(
            Federation.objects.values_list("pk", "members_per_seat", "seats_min", "seats_max")
        ),
        "councils": list(
            Council.objects.order_by("pk").values_list(
                "pk", "parent_id", "vouches_needed", "member_count", "represented_count"
            )
        ),
        "officers": list(Officer.objects.order_by("pk").values_list("pk", flat=True)),
        "memberships": list(Membership.objects.order_by("pk").values_list("pk", "status")),
        "vouches": Vouch.objects.count(),
        "seats": Seat.objects.count(),
        "holders": list(SeatHolder.objects.order_by("pk").values_list("pk", "status", "position")),
        "entries": Entry.objects.count(),
        "heads": list(Head.objects.order_by("chain").values_list("chain", "hash")),
    }
