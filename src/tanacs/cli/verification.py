"""The checks ``tanacs verify`` runs. Each returns its lines and whether everything held.

Add a check by appending a function to :data:`CHECKS` (e.g. recounting published ballots).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tanacs.ballots.recount import verify_ballots
from tanacs.journal.chain import verify_all
from tanacs.journal.witness import KeptHead, check_extends

__all__ = ["CHECKS", "CheckResult", "check_kept_head", "run_checks"]


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


def check_ballot_counts() -> CheckResult:
    """Recount every closed ballot from its stored choices; compare with what was published."""
    reports = verify_ballots()
    lines = [
        f"ballot {r.ballot} ({r.title}): recount matches"
        if r.ok
        else f"ballot {r.ballot} ({r.title}): FAILED: {r.problem}"
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
