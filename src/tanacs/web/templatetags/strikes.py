"""``{% strike_status council %}``: the council's status in the strikes that called it out,
for the council page and a member's home page."""

from __future__ import annotations

from typing import Any

from django import template

from tanacs.strikes.selectors import status_of_council

register = template.Library()


@register.inclusion_tag("web/strikes/_status.html")
def strike_status(council: Any) -> dict[str, Any]:
    return {"rows": status_of_council(council) if council is not None else []}
