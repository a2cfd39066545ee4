"""The checks ``tanacs verify`` runs. Each returns its lines and whether everything held.

Add a check by appending a function to :data:`CHECKS` (e.g. recounting published ballots).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tanacs.archive.audit import audit_federation
from tanacs.ballots.recount import verify_ballots
from tanacs.federation.models import Federation
from tanacs.journal.chain import verify_chain
from tanacs.journal.models import Entry, Head
from tanacs.journal.witness import KeptHead, check_extends

__all__ = ["CHECKS", "CheckResult", "check_kept_head", "run_checks"]


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    lines: list[str] = field(default_factory=list)


def check_journal_chains() -> CheckResult:
    """Recompute every hash chain; name the first entry that was changed, removed or inserted.
    A federation's chain is replayed in the same pass and the state it describes compared
    with the tables, naming every row that differs."""
    lines: list[str] = []
    ok = True
    audited = set()
    for federation in Federation.objects.order_by("pk"):
        report = audit_federation(federation)
        audited.add(federation.chain)
        chain = report.chain
        if not chain.ok:
            ok = False
            lines.append(f"{chain.chain}: FAILED: {chain.problem}")
            continue
        lines.append(f"{chain.chain}: {chain.entries} entries, head {chain.head}")
        sizes = ", ".join(f"{table} {n:,}" for table, n in report.rows.items() if n)
        if report.ok:
            lines.append(
                f"{federation.slug}: the tables match the replayed journal (rows: {sizes})"
            )
            continue
        ok = False
        lines.append(
            f"{federation.slug}: FAILED: {report.difference_count} difference(s) between the "
            "tables and the replayed journal:"
        )
        lines.extend(f"  {line}" for line in report.differences)
        if report.difference_count > len(report.differences):
            lines.append(f"  ... and {report.difference_count - len(report.differences)} more")
    others = set(Head.objects.values_list("chain", flat=True))
    others |= set(Entry.objects.order_by().values_list("chain", flat=True).distinct())
    for name in sorted(others - audited):
        single = verify_chain(name)
        if single.ok:
            lines.append(f"{single.chain}: {single.entries} entries, head {single.head}")
        else:
            ok = False
            lines.append(f"{single.chain}: FAILED: {single.problem}")
    if not lines:
        lines.append("no journal chains yet")
    return CheckResult("journal", ok, lines)


def check_ballot_counts() -> CheckResult:
    """Check every opened ballot's electors against its opening entry; recount every closed
    one from its stored choices and compare with what was published."""
    reports = verify_ballots()
    lines = [
        f"ballot {r.ballot} ({r.title}): FAILED: {r.problem}"
        if not r.ok
        else f"ballot {r.ballot} ({r.title}): "
        + ("recount matches" if r.counted else "open; its electorate matches the one fixed")
        for r in reports
    ]
    return CheckResult("ballots", all(r.ok for r in reports), lines or ["no closed ballots yet"])


def check_kept_head(kept: KeptHead) -> CheckResult:
    """``--since HEAD``: the present chain verifies and extends a head somebody kept."""
    report = check_extends(kept)
    return CheckResult("since", report.ok, [f"since {report.kept.token}: {report.message}"])


CHECKS: list[Callable[[], CheckResult]] = [check_journal_chains, check_ballot_counts]


def run_checks() -> list[CheckResult]:
    return [check() for check in CHECKS]
