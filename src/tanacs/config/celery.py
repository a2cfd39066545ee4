"""The Celery application: a worker runs the tasks, beat sends them on the schedule in
``settings.CELERY_BEAT_SCHEDULE`` (the mixer of secret ballots, ballots closing on time).

    celery -A tanacs.config.celery worker --beat      # one process for both, small sites
    tanacs worker / tanacs beat                       # the same, as tanacs commands

The broker is Redis at ``TANACS_REDIS_URL``. Without Celery, ``tanacs scheduler`` runs the
same schedule in one process (the local demo starts it itself); see docs/deploy.md.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tanacs.config.settings")

app = Celery("tanacs")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["tanacs.ballots"])

__all__ = ["app"]
