"""The sections published today: bulletins, adopted decisions and programmes, ballot results.

Each selector returns only what anyone may read: public bulletins (relays with their
origin), carried motions, programmes with the councils that endorse each point, and the
published totals of closed ballots. A ballot's per-council figures are not repeated here:
its result page withholds small councils by the ballot's own rule, and who voted how in an
open ballot stays on the pages for the federation's people. Names of people appear nowhere
in these items: councils publish, not members.
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.text import Truncator

from tanacs.ballots.models import Ballot, State
from tanacs.ballots.selectors import get_result
from tanacs.broadcast.models import Bulletin
from tanacs.broadcast.selectors import entry_hashes, latest_entries
from tanacs.core.publication import Cursor, PublicItem, Section, keyset, register_section
from tanacs.decisions.models import Motion, MotionStatus, Programme
from tanacs.decisions.selectors import programme_points
from tanacs.federation.models import Council, Federation

__all__ = ["register_all"]

SUMMARY = 600


def _scope(federation: Federation, council: Council | None, field: str = "council") -> Q:
    if council is not None:
        return Q(**{field: council})
    return Q(**{f"{field}__federation": federation})


def _short(text: str) -> str:
    return Truncator(text).chars(SUMMARY)


NAMED = 12  # endorsing councils named per point; the rest are counted


def _names(names: list[str]) -> str:
    if len(names) <= NAMED:
        return ", ".join(names)
    return ", ".join(names[:NAMED]) + f" and {len(names) - NAMED:,} more"


def bulletins(
    federation: Federation, council: Council | None, before: Cursor | None, limit: int
) -> list[PublicItem]:
    rows = Bulletin.objects.filter(keyset("bulletins", before, at="at"), public=True)
    if council is not None:
        rows = rows.filter(council=council)
    else:  # the federation's page carries each bulletin once, not its relays
        rows = rows.filter(federation=federation, origin__isnull=True)
    rows = rows.select_related("council", "origin", "origin__council").order_by("-at", "-pk")
    found = list(rows[:limit])
    hashes = entry_hashes(federation, [b.journal_seq for b in found])
    items = []
    for b in found:
        shown = b.shown
        items.append(
            PublicItem(
                section="bulletins", pk=b.pk, at=b.at, title=shown.title,
                summary=_short(shown.body), link=reverse("web:bulletin", args=[shown.pk]),
                council=b.council.name, entry_seq=b.journal_seq,
                entry_hash=hashes.get(b.journal_seq, ""),
                origin=shown.council.name if b.origin_id else "",
            )
        )  # fmt: skip
    return items


def decisions(
    federation: Federation, council: Council | None, before: Cursor | None, limit: int
) -> list[PublicItem]:
    """Carried motions: what a council decided, in the words it adopted."""
    rows = list(
        Motion.objects.filter(
            _scope(federation, council),
            keyset("decisions", before, at="decided_at"),
            status=MotionStatus.CARRIED,
            decided_at__isnull=False,
        )
        .select_related("council")
        .order_by("-decided_at", "-pk")[:limit]
    )
    entries = latest_entries(federation, "motion.carried", [f"motion:{m.pk}" for m in rows])
    items = []
    for m in rows:
        seq, digest = entries.get(f"motion:{m.pk}", (None, ""))
        assert m.decided_at is not None
        items.append(
            PublicItem(
                section="decisions", pk=m.pk, at=m.decided_at, title=f"Adopted: {m.title}",
                summary=_short(m.text), link=reverse("web:motion", args=[m.pk]),
                council=m.council.name, entry_seq=seq, entry_hash=digest,
            )
        )  # fmt: skip
    return items


def programmes(
    federation: Federation, council: Council | None, before: Cursor | None, limit: int
) -> list[PublicItem]:
    """Programmes, each point with the councils that endorse it."""
    rows = list(
        Programme.objects.filter(
            _scope(federation, council), keyset("programmes", before, at="created_at")
        )
        .select_related("council")
        .order_by("-created_at", "-pk")[:limit]
    )
    entries = latest_entries(federation, "programme.created", [f"programme:{p.pk}" for p in rows])
    items = []
    for p in rows:
        lines = []
        for view in programme_points(p):
            endorsed = _names([c.name for c in view.councils]) or "no council yet"
            lines.append(f"{view.point.number}. {view.point.text} (endorsed by: {endorsed})")
        seq, digest = entries.get(f"programme:{p.pk}", (None, ""))
        items.append(
            PublicItem(
                section="programmes", pk=p.pk, at=p.created_at, title=f"Programme: {p.title}",
                summary="\n".join(lines), link=reverse("web:programme", args=[p.pk]),
                council=p.council.name, entry_seq=seq, entry_hash=digest,
            )
        )  # fmt: skip
    return items


def _outcome(ballot: Ballot) -> str:
    """The published total in one sentence; per-council figures stay on the result page."""
    result = get_result(ballot)
    if result is None:
        return ""
    total = result.get("total", {})
    turnout = f"{total.get('turnout', 0):,} of {total.get('electorate', 0):,} voted"
    if result.get("winners"):
        decided = "Elected or chosen: " + ", ".join(str(w) for w in result["winners"])
    elif result.get("passed") is True:
        decided = "Carried"
    elif result.get("passed") is False:
        decided = "Not carried"
    else:
        decided = "No decision"
    reason = total.get("reason") or ""
    sentence = f"{decided} ({turnout})."
    if reason:
        sentence += f" {reason[0].upper()}{reason[1:]}{'' if reason.endswith('.') else '.'}"
    passed = result.get("passed_councils")
    if passed:
        levels = ", ".join(
            f"{n:,} at {ballot.council.federation.level_name(int(level))} level"
            for level, n in passed.items()
        )
        sentence += f" Carried in {levels}."
    return sentence


def ballot_results(
    federation: Federation, council: Council | None, before: Cursor | None, limit: int
) -> list[PublicItem]:
    rows = list(
        Ballot.objects.filter(
            _scope(federation, council),
            keyset("ballots", before, at="closed_at"),
            state__in=[State.CLOSED, State.DECLARED],
            closed_at__isnull=False,
        )
        .select_related("council", "council__federation")
        .order_by("-closed_at", "-pk")[:limit]
    )
    entries = latest_entries(federation, "ballot.closed", [b.subject for b in rows])
    items = []
    for b in rows:
        seq, digest = entries.get(b.subject, (None, ""))
        assert b.closed_at is not None
        items.append(
            PublicItem(
                section="ballots", pk=b.pk, at=b.closed_at, title=f"Result: {b.title}",
                summary=_outcome(b), link=reverse("web:ballot-result", args=[b.pk]),
                council=b.council.name, entry_seq=seq, entry_hash=digest,
            )
        )  # fmt: skip
    return items


def register_all() -> None:
    register_section(Section("bulletins", "Bulletins", bulletins))
    register_section(Section("decisions", "Adopted decisions", decisions))
    register_section(Section("programmes", "Programmes", programmes))
    register_section(Section("ballots", "Ballot results", ballot_results))
