"""The scheduled tasks: through a real Celery worker and the Redis broker at 127.0.0.1:6379,
and through ``tanacs scheduler``, which runs the same schedule without either.

Without Redis these tests are skipped on a developer's machine and fail under ``CI=true``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.conf import settings
from django.core.management import call_command
from django.db import OperationalError, connection
from django.utils import timezone

from tanacs.ballots.actions import do_cast_vote
from tanacs.ballots.models import Ballot, Choice, QueuedChoice, State
from tanacs.ballots.tasks import close_due, mix_choices
from tanacs.config.celery import app
from tests.ballots.helpers import build_tree, open_ballot
from tests.budapest import make_person

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def redis_broker() -> str:
    import redis

    url = settings.CELERY_BROKER_URL
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is needed at {url} under CI: {error}")
        pytest.skip(f"no Redis at {url}: {error}")
    return url


@pytest.fixture
def worker(redis_broker: str) -> Iterator[None]:
    """A real worker consuming a queue of this test run's own from the real broker."""
    queue = f"tanacs-test-{os.getpid()}"
    previous = app.conf.task_default_queue
    app.conf.task_default_queue = queue

    def close(**_: object) -> None:  # the worker thread's connection, so teardown can drop
        connection.close()  # the test database

    task_postrun.connect(close, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, queues=[queue]):
            yield
    finally:
        task_postrun.disconnect(close)
        app.conf.task_default_queue = previous


def _ballot(tag: str, voters: int) -> tuple[Ballot, list]:
    _, national, _, members = build_tree(tag, [[voters]], steward_name=f"{tag}-steward")
    ballot = open_ballot(national, make_person(f"{tag}-steward"), electorate="referendum")
    return ballot, [p for group in members.values() for p in group]


def _until(done: Callable[[], bool], seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if done():
                return True
        except OperationalError:  # SQLite's shared in-memory test database: the worker writes
            pass
        time.sleep(0.2)
    return done()


def test_the_mixer_runs_in_a_celery_worker_through_redis(worker):
    ballot, people = _ballot("tw", 5)
    for person in people:
        do_cast_vote(ballot, by=person, choice="yes")
    assert QueuedChoice.objects.count() == 5 and not Choice.objects.exists()
    mix_choices.delay()
    assert _until(lambda: not QueuedChoice.objects.exists())
    assert Choice.objects.filter(ballot=ballot).count() == 5


def test_due_ballots_close_in_a_celery_worker_through_redis(worker):
    ballot, people = _ballot("td", 3)
    do_cast_vote(ballot, by=people[0], choice="no")
    Ballot.objects.filter(pk=ballot.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    close_due.apply_async()
    assert _until(lambda: Ballot.objects.get(pk=ballot.pk).state == State.CLOSED)
    assert Choice.objects.filter(ballot=ballot, marks="no").count() == 1


def test_the_beat_schedule_names_registered_tasks():
    app.loader.import_default_modules()
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert tasks == {mix_choices.name, close_due.name} and tasks <= set(app.tasks)
    every = {e["task"]: e["schedule"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
    assert every[mix_choices.name] == settings.TANACS_MIX_SECONDS


def test_the_scheduler_runs_the_schedule_without_celery():
    ballot, people = _ballot("ts", 3)
    for person in people:
        do_cast_vote(ballot, by=person, choice="abstain")
    Ballot.objects.filter(pk=ballot.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    call_command("scheduler", "--once")
    assert not QueuedChoice.objects.exists()
    ballot.refresh_from_db()
    assert ballot.state == State.CLOSED and ballot.electors_count == 3
    assert Choice.objects.filter(ballot=ballot, marks="abstain").count() == 3
