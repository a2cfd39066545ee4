"""The decisions API answers exactly what ``tanacs.decisions.export`` builds (the CLI's
``--json`` prints the same): its response serializers describe those dicts, dropping and
changing nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from rest_framework.test import APIClient
from rest_framework.utils.encoders import JSONEncoder

from tanacs.decisions import actions
from tanacs.decisions.export import (
    election_data,
    mandates_data,
    motion_data,
    petition_data,
    programme_data,
)
from tanacs.decisions.selectors import list_petitions
from tanacs.delegation.actions import do_set_seat_holders
from tests.budapest import Budapest

pytestmark = pytest.mark.django_db


def _json(data: Any) -> Any:
    return json.loads(json.dumps(data, cls=JSONEncoder))


def _get(user: Any, url: str) -> Any:
    client = APIClient()
    client.force_login(user)
    response = client.get(f"/api/v1/{url}")
    assert response.status_code == 200, response.json()
    return response.json()


def test_every_answer_is_the_exported_data(budapest: Budapest) -> None:
    officer, member = budapest.izzo_officer, budapest.members["izzo-1"]
    motion = actions.do_create_motion(budapest.izzo, title="Free elections", text="Free.",
                                      by=member)  # fmt: skip
    actions.do_propose_amendment(motion, text="Free and secret.", reason="Secrecy", by=member)
    programme = actions.do_create_programme(budapest.izzo, title="10 points", by=officer)
    actions.do_add_point(programme, text="The factory belongs to the workers.", by=officer)
    election = actions.do_call_election(budapest.izzo, by=officer)
    actions.do_stand(election, by=member)
    motion.refresh_from_db()

    assert _get(member, f"motions/{motion.pk}/") == _json(motion_data(motion))
    assert _get(member, f"motions/{motion.pk}/mandates/") == _json(mandates_data(motion))
    assert _get(member, f"programmes/{programme.pk}/") == _json(programme_data(programme))
    assert _get(member, f"elections/{election.pk}/") == _json(election_data(election))
    listed = _get(member, f"councils/{budapest.izzo.pk}/programmes/")
    assert listed == [_json(programme_data(programme))]
    assert _get(member, f"councils/{budapest.izzo.pk}/elections/") == [
        _json(election_data(election))
    ]


def test_a_recall_petition_answers_its_exported_data(budapest: Budapest) -> None:
    m = budapest.members
    do_set_seat_holders(budapest.izzo, 1, delegate=m["izzo-1"], by=budapest.izzo_officer)
    petition = actions.do_open_recall(budapest.izzo, 1, reason="Voted to return to work.",
                                      by=m["izzo-2"])  # fmt: skip
    assert _get(budapest.izzo_officer, f"recalls/{petition.pk}/") == _json(petition_data(petition))
    listed = _get(budapest.izzo_officer, f"councils/{budapest.izzo.pk}/recalls/")
    assert listed == [_json(petition_data(p)) for p in list_petitions(budapest.izzo)]
    assert len(listed) == 1
