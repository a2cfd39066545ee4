"""Shares and thresholds as people write them, turned into exact fractions."""

from __future__ import annotations

from fractions import Fraction

from tanacs.core.errors import InvalidInput
from tanacs.tally.yesno import ABSOLUTE_MAJORITY, SIMPLE_MAJORITY, TWO_THIRDS, Threshold, more_than

__all__ = ["THRESHOLDS", "parse_share", "share_of", "threshold_of"]

THRESHOLDS = {
    "simple": "Simple majority of yes and no votes",
    "absolute": "Absolute majority of the electorate",
    "two-thirds": "Two-thirds of yes and no votes",
    "fraction": "More than a given share of yes and no votes",
}


def parse_share(text: str | None, field: str) -> str:
    """'1/2', '0.5' or '50%' become '1/2'; empty stays empty. Must lie in [0, 1]."""
    text = (text or "").strip()
    if not text:
        return ""
    try:
        value = Fraction(text[:-1]) / 100 if text.endswith("%") else Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise InvalidInput(
            f"{text!r} is not a share: write e.g. 1/2, 0.5 or 50%.", field=field
        ) from None
    if not 0 <= value <= 1:
        raise InvalidInput(f"A share must lie between 0 and 1, not {text}.", field=field)
    return f"{value.numerator}/{value.denominator}"


def share_of(text: str) -> Fraction | None:
    return Fraction(text) if text else None


def threshold_of(kind: str, share: str) -> Threshold:
    if kind == "simple":
        return SIMPLE_MAJORITY
    if kind == "absolute":
        return ABSOLUTE_MAJORITY
    if kind == "two-thirds":
        return TWO_THIRDS
    if kind == "fraction" and share:
        return more_than(Fraction(share))
    raise InvalidInput(
        f"Unknown threshold {kind!r}: choose {', '.join(THRESHOLDS)} (a fraction needs a share).",
        field="threshold",
    )
