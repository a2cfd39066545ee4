"""The seat rule: how many seats a council has in its parent, and what each seat weighs."""

from __future__ import annotations


def seat_count(represented: int, *, members_per_seat: int, seats_min: int, seats_max: int) -> int:
    """One seat per ``members_per_seat`` members (rounded up), clamped to [min, max]."""
    wanted = -(-represented // members_per_seat)
    return max(seats_min, min(seats_max, wanted))


def seat_weights(represented: int, seats: int) -> list[int]:
    """Split the members a council represents over its seats; the weights add up exactly.

    Seats differ by at most one member; the lower-numbered seats carry the remainder.
    """
    base, extra = divmod(represented, seats)
    return [base + (1 if number < extra else 0) for number in range(seats)]
