"""Who may read and write a council's bulletins. Interfaces fetch bulletins only through here.

Officers of a council write and relay its bulletins. A public bulletin is read by anyone,
signed in or not; a members-only one by the council's readers in full (its officers, its
active members or seated delegates, the federation's stewards: the rule the journal uses,
:func:`tanacs.membership.journal_view.reads_reasons_of`). To everyone else a members-only
bulletin does not exist: it is answered as not found, never as forbidden.
"""

from __future__ import annotations

from tanacs.broadcast.models import Bulletin
from tanacs.core.actors import User
from tanacs.core.errors import Forbidden, NotFound
from tanacs.federation.access import is_officer
from tanacs.federation.models import Council, Federation
from tanacs.membership.journal_view import reads_reasons_of

__all__ = [
    "access_bulletin_for",
    "access_public_council",
    "access_public_federation",
    "may_write_bulletins",
    "reads_members_only",
    "require_bulletin_writer",
]


def access_public_federation(slug: str) -> Federation:
    """Any federation's public page: anyone, signed in or not."""
    federation = Federation.objects.filter(slug=slug).first()
    if federation is None:
        raise NotFound(f"There is no federation {slug!r}.")
    return federation


def access_public_council(council_id: int) -> Council:
    """Any council's public page: anyone, signed in or not."""
    council = Council.objects.select_related("federation", "parent").filter(pk=council_id).first()
    if council is None:
        raise NotFound(f"There is no council {council_id}.")
    return council


def may_write_bulletins(by: User, council: Council) -> bool:
    return is_officer(by, council)


def require_bulletin_writer(by: User, council: Council, action: str) -> None:
    if not may_write_bulletins(by, council):
        raise Forbidden(f"Only the officers of {council.name} may {action}.")


def reads_members_only(reader: User, council: Council) -> bool:
    if not reader.is_authenticated:
        return False
    return is_officer(reader, council) or reads_reasons_of(reader, council)


def access_bulletin_for(reader: User, bulletin_id: int) -> Bulletin:
    """A bulletin ``reader`` may read: any public one, a members-only one of their council."""
    bulletin = (
        Bulletin.objects.select_related("council", "council__federation", "origin__council")
        .filter(pk=bulletin_id)
        .first()
    )
    if bulletin is None or not (bulletin.public or reads_members_only(reader, bulletin.council)):
        raise NotFound(f"There is no bulletin {bulletin_id}.")
    return bulletin
