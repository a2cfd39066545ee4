"""``tanacs verify`` replays strike calls and status reports and compares them with tables."""

from __future__ import annotations

import pytest

from tanacs.archive.audit import audit_federation
from tanacs.strikes.actions import do_decide_strike, do_report_status, do_set_condition_status
from tanacs.strikes.models import StatusReport, Strike, StrikeCondition, StrikeCouncil
from tests.budapest import Budapest
from tests.strikes.helpers import call_city_strike, carried, city_officer, izzo_delegate


def _strike_with_history(budapest: Budapest) -> Strike:
    officer = city_officer(budapest)
    strike = call_city_strike(budapest, officer, motions=[carried(budapest.city, officer, "Free")])
    do_report_status(strike, budapest.izzo, "on-strike", by=izzo_delegate(budapest))
    do_report_status(strike, budapest.csepel, "essential-services", by=budapest.csepel_officer,
                     members_out=1, services=[["power station", 1]])  # fmt: skip
    do_set_condition_status(strike.conditions.get(), "met", by=officer)
    do_decide_strike(strike, "end", by=officer, motion=carried(budapest.city, officer, "Back"))
    do_report_status(strike, budapest.csepel, "partly-out", by=budapest.csepel_officer,
                     members_out=1)  # fmt: skip
    return strike


@pytest.mark.django_db
def test_verify_passes_after_a_strike_and_its_reports(budapest: Budapest) -> None:
    _strike_with_history(budapest)
    report = audit_federation(budapest.federation)
    assert report.ok, report.differences
    assert report.rows["strike report"] == 3
    assert report.rows["strike council (strike, council)"] == 5


@pytest.mark.django_db
@pytest.mark.parametrize("table", ["council", "report", "strike", "condition"])
def test_verify_names_a_strike_row_changed_behind_the_actions(
    budapest: Budapest, table: str
) -> None:
    strike = _strike_with_history(budapest)
    if table == "council":
        StrikeCouncil.objects.filter(strike=strike, council=budapest.izzo).update(status="working")
        words = f"strike council (strike, council) ({strike.pk}, {budapest.izzo.pk}): status"
    elif table == "report":
        report = StatusReport.objects.filter(strike=strike).first()
        assert report is not None
        StatusReport.objects.filter(pk=report.pk).update(members_out=0)
        words = f"strike report {report.pk}: members_out"
    elif table == "strike":
        Strike.objects.filter(pk=strike.pk).update(status="called")
        words = f"strike {strike.pk}: status is 'called' in the table, 'ended' in the journal"
    else:
        StrikeCondition.objects.filter(strike=strike).update(status="open")
        words = "strike condition"
    report = audit_federation(budapest.federation)
    assert not report.ok
    assert any(words in line for line in report.differences), report.differences
