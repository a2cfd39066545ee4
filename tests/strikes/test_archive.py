"""A federation with strikes is exported and imported whole, and verify passes after."""

from __future__ import annotations

from django.core.management import call_command
from django.db import connection
from django.test import TestCase

from tanacs.archive.transfer import export_federation, import_federation
from tanacs.strikes.actions import do_report_status
from tanacs.strikes.models import StatusReport, Strike
from tests.budapest import build_budapest
from tests.strikes.helpers import call_city_strike, city_officer


class TestStrikesRoundTrip(TestCase):
    def test_export_import_keeps_strikes_and_reports(self) -> None:
        budapest = build_budapest()
        officer = city_officer(budapest)
        strike = call_city_strike(budapest, officer)
        do_report_status(strike, budapest.csepel, "essential-services", members_out=1,
                         services=[["power station", 1]], by=budapest.csepel_officer)  # fmt: skip
        before = export_federation(budapest.federation, full_backup=True)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        call_command("flush", interactive=False, verbosity=0)
        imported = import_federation(before)  # refuses when verify finds a difference
        assert export_federation(imported, full_backup=True) == before
        assert Strike.objects.get().title == strike.title
        assert StatusReport.objects.get().services == [["power station", 1]]
