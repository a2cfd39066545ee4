"""``{% ballot_decides ballot %}``: on a ballot's page, what the ballot decides.

The context comes from the handler registered for the ballot's subject
(:meth:`tanacs.ballots.subjects.Subject.describe`); the template is
``web/ballots/decides/<kind>.html``, or, for a kind without one, ``any.html`` showing the
handler's ``summary``.
"""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from tanacs.ballots.models import Ballot
from tanacs.ballots.subjects import handler_for

register = template.Library()


@register.simple_tag
def ballot_decides(ballot: Ballot) -> SafeString:
    subject = handler_for(ballot)
    if subject is None:
        return mark_safe("")
    names = [f"web/ballots/decides/{subject.kind}.html", "web/ballots/decides/any.html"]
    return mark_safe(render_to_string(names, subject.describe(ballot)))
