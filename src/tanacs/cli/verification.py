"""The checks ``tanacs verify`` runs. Each returns its lines and whether everything held.

Add a check by appending a function to :data:`CHECKS` (e.g. recounting published ballots).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tanacs.journal.chain import verify_all

__all__ = ["CHECKS", "CheckResult", "run_checks"]


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    lines: list[str] = field(default_factory=list)


def check_journal_chains() -> CheckResult:
    """Recompute every hash chain; name the first entry that was changed, removed or inserted."""
    lines: list[str] = []
    ok = True
    reports = verify_all()
    for report in reports:
        if report.ok:
            lines.append(f"{report.chain}: {report.entries} entries, head {report.head}")
        else:
            ok = False
            lines.append(f"{report.chain}: FAILED: {report.problem}")
    if not reports:
        lines.append("no journal chains yet")
    return CheckResult("journal", ok, lines)


CHECKS: list[Callable[[], CheckResult]] = [check_journal_chains]


def run_checks() -> list[CheckResult]:
    return [check() for check in CHECKS]
