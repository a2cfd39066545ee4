"""Real elections for the STV tests, read from the copies in ``data/`` by tanacs's own parser."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from tanacs.tally.ballots import RankedBallots
from tanacs.tally.formats import parse_preflib

DATA = Path(__file__).parent / "data"


def read_preflib(filename: str) -> RankedBallots:
    """A PrefLib file's distinct ballots, each weighted by its count."""
    return parse_preflib((DATA / filename).read_text(encoding="utf-8")).ballots


def expand(ballots: RankedBallots) -> RankedBallots:
    """One row per ballot paper, weight one each."""
    ranks = np.repeat(ballots.ranks, ballots.weights, axis=0)
    return RankedBallots(ballots.candidates, ranks)
