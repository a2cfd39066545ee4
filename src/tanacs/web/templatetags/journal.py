"""``{% journal_head federation %}``: the head of a federation's journal, with its sequence
number and time, in the form to keep (see :mod:`tanacs.journal.witness`)."""

from __future__ import annotations

from typing import Any

from django import template

from tanacs.journal.witness import published_head

register = template.Library()


@register.inclusion_tag("web/_journal_head.html")
def journal_head(federation: Any) -> dict[str, Any]:
    chain = getattr(federation, "chain", None)
    if not isinstance(chain, str):
        return {"head": None}
    return {"head": published_head(chain), "federation": federation}
