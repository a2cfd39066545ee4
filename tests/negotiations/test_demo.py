"""The demo holds the Central Workers' Council's talks with the government on 16 November
1956: the demands sent in writing, the answers and statuses, and verify passes over them."""

from __future__ import annotations

import pytest

from tanacs.archive.audit import audit_federation
from tanacs.demo import load_demo
from tanacs.negotiations.models import Negotiation


@pytest.mark.django_db
def test_the_demo_shows_the_talks_of_16_november() -> None:
    report = load_demo(members=4000)
    talks = Negotiation.objects.get(council__slug="greater-budapest")
    assert talks.status == "sent" and len(talks.document_sha256) == 64
    statuses = list(talks.demands.values_list("status", flat=True))
    assert statuses == ["refused", "conceded", "conceded", "partly-conceded"]
    assert talks.sessions.get().held_on.isoformat() == "1956-11-16"
    assert audit_federation(report.federation).ok
