"""What a ballot decides: a row of another app (a motion, an election, a strike call, ...),
held as a relation (``Ballot.decides``), and the one registry of what happens to it.

An app whose rows are put to the vote registers one :class:`Subject` handler for its model,
usually in its ``AppConfig.ready``. Everything that depends on what a ballot decides goes
through that handler: declaring a result (:meth:`Subject.declare`, inside the declaring
transaction, so the effect and its journal entries commit or roll back with the declaration),
putting the decision back after a cancelled ballot (:meth:`Subject.resume`), showing it
(:meth:`Subject.describe`) and refusing casts (:meth:`Subject.check_cast`). Nothing else
dispatches on the kind of subject, so a new kind touches no other app's code.

A ballot that decides nothing (a plain question, a referendum) has no subject and no handler.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from tanacs.ballots.models import Ballot, Elector
from tanacs.core.errors import Conflict

if TYPE_CHECKING:
    from django.contrib.auth.models import User

__all__ = [
    "QUESTION",
    "Subject",
    "decides_data",
    "handler_for",
    "handler_for_model",
    "handler_for_type",
    "kind_of",
    "register",
    "subject_pk",
    "unregister",
]

QUESTION = "question"  # the kind of a ballot that decides nothing


class Subject:
    """How one kind of row is decided by ballot. ``kind`` is a short stable label ("motion")
    that the journal, the API and exports show; the defaults do nothing."""

    kind: str = ""

    def declare(self, ballot: Ballot, result: dict[str, Any], *, by: User) -> None:
        """Apply the declared ``result`` of ``ballot`` to what it decides."""

    def resume(self, ballot: Ballot, *, by: User) -> Ballot | None:
        """``ballot``, the latest on its subject, was cancelled: put the subject back where it
        was before the vote so it can be voted on again; return a new ballot if one opens."""
        raise Conflict(f"A {self.kind} ballot has nothing to put back.")

    def describe(self, ballot: Ballot) -> dict[str, Any]:
        """What the ballot's page shows of its subject (a template's context); a ``summary``
        is shown where no template of the kind's own exists."""
        return {}

    def check_cast(self, ballot: Ballot, voter: Any, elector: Elector, marks: str) -> None:
        """Called on every vote cast in the ballot, inside the cast's transaction; refuses a
        vote by raising a TanacsError. ``ballot`` may hold only what a cast reads."""


_BY_MODEL: dict[type[models.Model], Subject] = {}


def register(model: type[models.Model], handler: Subject) -> None:
    """Let ballots decide rows of ``model``; ``handler`` says what follows from them."""
    if not re.fullmatch(r"[a-z][a-z0-9-]{0,39}", handler.kind) or handler.kind == QUESTION:
        raise ValueError(f"{type(handler).__name__} needs a kind: a short lower-case label.")
    for other, known in _BY_MODEL.items():
        if known.kind == handler.kind and other is not model:
            raise ValueError(f"The kind {handler.kind!r} is taken by {other.__name__}.")
    _BY_MODEL[model] = handler


def unregister(model: type[models.Model]) -> None:
    _BY_MODEL.pop(model, None)


def handler_for_model(model: type[models.Model]) -> Subject | None:
    return _BY_MODEL.get(model)


def handler_for_type(type_id: int | None) -> Subject | None:
    """The handler of a content type id (cached after the first look-up: casts use it)."""
    if type_id is None:
        return None
    model = ContentType.objects.get_for_id(type_id).model_class()
    return _BY_MODEL.get(model) if model is not None else None


def handler_for(ballot: Ballot) -> Subject | None:
    return handler_for_type(ballot.decides_type_id)


def subject_pk(ballot: Ballot) -> int:
    """The id of the row a ballot decides, for the handlers, which run only when it has one."""
    if ballot.decides_id is None:
        raise ValueError(f"Ballot {ballot.pk} decides nothing.")
    return int(ballot.decides_id)


def kind_of(ballot: Ballot) -> str:
    handler = handler_for(ballot)
    return handler.kind if handler is not None else QUESTION


def decides_data(ballot: Ballot) -> dict[str, Any] | None:
    """What the ballot decides, as the journal, the API and exports name it."""
    handler = handler_for(ballot)
    if handler is None or ballot.decides_id is None:
        return None
    return {"kind": handler.kind, "id": ballot.decides_id}
