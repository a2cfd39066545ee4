"""A command's refusal reaches the log with its code and the actor's id, not its message."""

from __future__ import annotations

import io
import logging

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.budapest import Budapest

pytestmark = pytest.mark.django_db


def test_a_refused_command_is_logged_with_code_and_actor(
    budapest: Budapest, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="tanacs.refused")
    member = budapest.members["izzo-1"]
    with pytest.raises(CommandError) as refused:
        call_command(
            "council", "create", "ganz", "--federation", "hungary-1956", "--name", "Ganz works",
            "--level", "workplace", "--parent", "csepel-district", "--as", "izzo-1",
            stdout=io.StringIO(),
        )  # fmt: skip
    [record] = [r for r in caplog.records if r.name == "tanacs.refused"]
    assert record.actor_id == member.pk  # type: ignore[attr-defined]
    assert record.via == "cli"  # type: ignore[attr-defined]
    line = record.getMessage()
    assert f"refused via cli council: {record.code}" in line  # type: ignore[attr-defined]
    assert str(refused.value) not in line
