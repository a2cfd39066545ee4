"""What every ballot-file parser returns, and the one error they raise."""

from __future__ import annotations

from dataclasses import dataclass

from tanacs.tally.ballots import RankedBallots


class BallotFileError(ValueError):
    """A malformed ballot file: where (``line``, counted from 1) and why (``reason``)."""

    def __init__(self, line: int | None, reason: str) -> None:
        self.line = line
        self.reason = reason
        super().__init__(reason if line is None else f"line {line}: {reason}")


@dataclass(frozen=True)
class BallotFile:
    """Ranked ballots read from a file, with what the file says about the contest.

    Withdrawn candidates (BLT) are already left out of ``ballots``; their names are in
    ``withdrawn``. ``seats`` is None when the format does not say.
    """

    ballots: RankedBallots
    title: str = ""
    seats: int | None = None
    withdrawn: tuple[str, ...] = ()
