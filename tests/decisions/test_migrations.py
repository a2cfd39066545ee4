"""Ballots stored with ``purpose`` and ``reference`` strings point at what they decide once
migrated, and back again when the migration is reversed."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tanacs.ballots.models import Ballot
from tanacs.ballots.subjects import kind_of
from tanacs.decisions.models import MandateQuestion, Motion

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("ballots", "0005_choice_queue"), ("decisions", "0001_initial")]


def _migrate(targets: list[tuple[str, str]] | None = None) -> Any:
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps if targets else None


def test_purpose_and_reference_become_the_relation_and_back() -> None:
    try:
        apps = _migrate(BEFORE)
        person = apps.get_model("auth", "User").objects.create(username="migrant")
        federation = apps.get_model("federation", "Federation").objects.create(
            slug="old", name="Old"
        )
        council = apps.get_model("federation", "Council").objects.create(
            federation=federation, slug="c", name="C", level=0
        )
        motion = apps.get_model("decisions", "Motion").objects.create(
            council=council, title="T", text="X", author=person
        )
        old = apps.get_model("ballots", "Ballot").objects
        made = {
            (purpose, reference): old.create(
                council=council, title=purpose, purpose=purpose, reference=reference
            ).pk
            for purpose, reference in [
                ("motion", str(motion.pk)),
                ("mandate", f"{motion.pk}:{council.pk}"),
                ("recall", "999"),  # no such petition
                ("strike", "call-1"),  # a string nothing acted on
                ("question", ""),
            ]
        }
        _migrate()
        ballots = {key: Ballot.objects.get(pk=pk) for key, pk in made.items()}
        assert ballots["motion", str(motion.pk)].decides == Motion.objects.get(pk=motion.pk)
        mandate = ballots["mandate", f"{motion.pk}:{council.pk}"]
        assert kind_of(mandate) == "mandate"
        question = MandateQuestion.objects.get(pk=mandate.decides_id)
        assert (question.motion_id, question.council_id) == (motion.pk, council.pk)
        for key in [("recall", "999"), ("strike", "call-1"), ("question", "")]:
            assert ballots[key].decides_id is None and kind_of(ballots[key]) == "question"
        apps = _migrate(BEFORE)
        back = apps.get_model("ballots", "Ballot").objects
        assert back.get(pk=made["motion", str(motion.pk)]).reference == str(motion.pk)
        mandate = back.get(pk=made["mandate", f"{motion.pk}:{council.pk}"])
        assert (mandate.purpose, mandate.reference) == ("mandate", f"{motion.pk}:{council.pk}")
    finally:
        _migrate()
