"""The tally engine's named limits.

Beyond each of these the engine refuses with a :class:`LimitError` that names the limit,
rather than count wrong (an integer that wraps), fill the memory (a file that declares a
billion candidates) or run for hours (a cubic rule over thousands of candidates).
"""

from __future__ import annotations

__all__ = [
    "MAX_CANDIDATES",
    "MAX_FILE_BYTES",
    "MAX_LINE_BYTES",
    "MAX_RANK_CELLS",
    "MAX_WEIGHT",
    "RULE_CANDIDATES",
    "LimitError",
    "check_candidates",
    "check_rank_cells",
]

# One ballot's weight (a count, or a numerator over the common denominator) and the common
# denominator itself are 64-bit integers.
MAX_WEIGHT = 2**63 - 1
# Candidates in one ballot file (ranks are 16-bit integers).
MAX_CANDIDATES = 10_000
# Ballots x candidates in one rank matrix: 2 GiB of 16-bit ranks.
MAX_RANK_CELLS = 2**30
# What `tanacs tally` reads of one file, and of one line of it.
MAX_FILE_BYTES = 2**31
MAX_LINE_BYTES = 2**20
# Candidates each rule counts. Their work grows with the cube of the candidates (a round per
# candidate, each looking at every candidate; a strongest path through every candidate), so
# these keep a count of any number of ballots within seconds.
RULE_CANDIDATES = {
    "instant-runoff": 250,
    "STV": 250,
    "Schulze": 250,
    "ranked pairs": 150,
}


class LimitError(ValueError):
    """Input beyond one of the named limits above."""


def check_candidates(rule: str, n: int) -> None:
    """Refuse a count of more candidates than ``rule`` counts."""
    limit = RULE_CANDIDATES[rule]
    if n > limit:
        raise LimitError(f"{rule} counts at most {limit:,} candidates; this contest has {n:,}")


def check_rank_cells(ballots: int, candidates: int) -> None:
    """Refuse a rank matrix larger than :data:`MAX_RANK_CELLS` before it is allocated."""
    if candidates > MAX_CANDIDATES:
        raise LimitError(f"{candidates:,} candidates is more than the limit of {MAX_CANDIDATES:,}")
    if ballots * candidates > MAX_RANK_CELLS:
        raise LimitError(
            f"{ballots:,} ballots of {candidates:,} candidates make {ballots * candidates:,} "
            f"ranks, more than the limit of {MAX_RANK_CELLS:,}"
        )
