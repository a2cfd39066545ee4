"""``tanacs verify`` replays negotiations and names a sent text or answer changed afterwards."""

from __future__ import annotations

import pytest

from tanacs.archive.audit import audit_federation
from tanacs.negotiations.actions import do_record_answer, do_record_session
from tanacs.negotiations.models import Answer, Demand, Negotiation
from tests.budapest import Budapest
from tests.negotiations.helpers import sent


def _negotiated(budapest: Budapest) -> Negotiation:
    negotiation = sent(budapest)
    delegate = budapest.members["izzo-1"]
    do_record_session(negotiation, by=delegate, held_on=None, place="Parliament",
                      attendees="The delegation")  # fmt: skip
    do_record_answer(negotiation, 1, by=delegate, text="Released.", status="conceded")
    do_record_answer(negotiation, 2, by=delegate, text="Never.", status="refused")
    return negotiation


@pytest.mark.django_db
def test_verify_passes_after_a_negotiation(budapest: Budapest) -> None:
    _negotiated(budapest)
    report = audit_federation(budapest.federation)
    assert report.ok, report.differences
    assert report.rows["negotiation answer"] == 2
    assert report.rows["negotiation demand"] == 2


@pytest.mark.django_db
@pytest.mark.parametrize("table", ["document", "hash", "demand", "answer", "status"])
def test_verify_names_a_changed_text_or_answer(budapest: Budapest, table: str) -> None:
    negotiation = _negotiated(budapest)
    rows = Negotiation.objects.filter(pk=negotiation.pk)
    answer = Answer.objects.get(demand__number=2)
    demand = Demand.objects.get(negotiation=negotiation, number=1)
    if table == "document":
        rows.update(document=negotiation.document.replace("Release", "Consider releasing"))
        words = f"negotiation {negotiation.pk}: document text"
    elif table == "hash":
        rows.update(document_sha256="0" * 64)
        words = f"negotiation {negotiation.pk}: document_sha256"
    elif table == "demand":
        Demand.objects.filter(pk=demand.pk).update(text="Something milder.")
        words = f"negotiation demand {demand.pk}: text"
    elif table == "answer":
        Answer.objects.filter(pk=answer.pk).update(text="Perhaps.")
        words = f"negotiation answer {answer.pk}: text"
    else:
        Answer.objects.filter(pk=answer.pk).update(status="conceded")
        words = f"negotiation answer {answer.pk}: status"
    report = audit_federation(budapest.federation)
    assert not report.ok
    assert any(words in line for line in report.differences), report.differences
