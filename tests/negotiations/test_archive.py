"""A federation with a negotiation is exported and imported whole, and verify passes after."""

from __future__ import annotations

import json
from datetime import date

from django.core.management import call_command
from django.db import connection
from django.test import TestCase

from tanacs.archive.transfer import export_federation, import_federation
from tanacs.negotiations.actions import do_record_answer, do_record_session
from tanacs.negotiations.models import Answer, Negotiation
from tests.budapest import build_budapest
from tests.negotiations.helpers import sent


class TestNegotiationsRoundTrip(TestCase):
    def test_export_import_keeps_the_text_sent_and_the_answers(self) -> None:
        budapest = build_budapest()
        negotiation = sent(budapest)
        do_record_answer(negotiation, 1, by=budapest.members["izzo-1"], text="Agreed.",
                         status="conceded")  # fmt: skip
        do_record_session(negotiation, by=budapest.izzo_officer, held_on=date(1956, 11, 16),
                          place="Parliament", attendees="The delegation")  # fmt: skip
        # Through JSON, as the export file holds it: dates come back as dates.
        before = json.loads(json.dumps(export_federation(budapest.federation, full_backup=True)))
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        call_command("flush", interactive=False, verbosity=0)
        imported = import_federation(before)  # refuses when verify finds a difference
        assert json.loads(json.dumps(export_federation(imported, full_backup=True))) == before
        assert Negotiation.objects.get().document_sha256 == negotiation.document_sha256
        assert Answer.objects.get().text == "Agreed."
