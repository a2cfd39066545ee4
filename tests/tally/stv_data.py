"""Real elections for the STV tests: a small PrefLib reader over the copies in ``data/``."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from tanacs.tally.ballots import RankedBallots

DATA = Path(__file__).parent / "data"
_NAME = re.compile(r"^# ALTERNATIVE NAME (\d+): (.*)$")


def read_preflib(filename: str) -> RankedBallots:
    """Read a PrefLib ``.soi``/``.toi`` file: distinct ballots, each weighted by its count."""
    names: dict[int, str] = {}
    rows: list[list[int]] = []
    counts: list[int] = []
    for line in (DATA / filename).read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            if match := _NAME.match(line):
                names[int(match.group(1))] = match.group(2).strip()
            continue
        if not line.strip():
            continue
        count, _, body = line.partition(":")
        ranks = [0] * len(names)
        for position, group in enumerate(re.findall(r"\{[^}]*\}|[^,{}\s]+", body), start=1):
            for item in group.strip("{}").split(","):
                if item.strip():
                    ranks[int(item) - 1] = position
        rows.append(ranks)
        counts.append(int(count))
    candidates = tuple(names[i] for i in sorted(names))
    return RankedBallots(
        candidates, np.array(rows, dtype=np.int16), np.array(counts, dtype=np.int64)
    )


def expand(ballots: RankedBallots) -> RankedBallots:
    """One row per ballot paper, weight one each."""
    ranks = np.repeat(ballots.ranks, ballots.weights, axis=0)
    return RankedBallots(ballots.candidates, ranks)
