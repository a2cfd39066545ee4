"""What runs without a person, on the schedule in ``settings.CELERY_BEAT_SCHEDULE``."""

from __future__ import annotations

from celery import shared_task

from tanacs.ballots.actions import close_due_ballots
from tanacs.ballots.mixing import do_mix_choices

__all__ = ["close_due", "mix_choices"]


@shared_task(name="tanacs.ballots.tasks.mix_choices", ignore_result=True)  # type: ignore[untyped-decorator]
def mix_choices() -> int:
    """Move the secret choices waiting in the queue into the choice table, shuffled."""
    return do_mix_choices()


@shared_task(name="tanacs.ballots.tasks.close_due", ignore_result=True)  # type: ignore[untyped-decorator]
def close_due() -> list[int]:
    """Close every open ballot whose closing time has passed; the ids of those closed."""
    return [ballot.pk for ballot in close_due_ballots()]
