"""The one place that opens ballots in ``tanacs.ballots`` for decisions, and reads them back.

A ballot's ``purpose`` and ``reference`` say what it decides:

==========  ==================  ==========================================
purpose     reference           effect when declared
==========  ==================  ==========================================
motion      motion id           carried or lost
amendment   amendment id        adopted (replaces the motion's text) or not
election    election id         seats filled, substitutes in STV order
recall      petition id         delegate recalled, first substitute sits
mandate     motion:council id   the council's mandate for its delegates
==========  ==================  ==========================================
"""

from __future__ import annotations

from typing import Any


def open_recall_ballot(petition: Any, *, by: Any) -> Any:
    raise NotImplementedError
