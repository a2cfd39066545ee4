"""PrefLib's ordinal formats: ``.soc``, ``.soi``, ``.toc`` and ``.toi``.

Header lines start with ``#``; ``# ALTERNATIVE NAME i: name`` names candidate ``i`` (from 1)
and ``# TITLE:`` the election. Each data line is ``count: c1,c2,...`` best first, where
``{a,b}`` puts several candidates at one rank (a tie, or an over-vote). The ``s``/``t``
(strict / ties) and ``oc``/``oi`` (complete / incomplete) variants share this grammar, so one
parser reads all four; a ``.soc`` file is simply never truncated and never tied.
"""

from __future__ import annotations

import re

import numpy as np

from tanacs.tally.ballots import RankedBallots
from tanacs.tally.formats._base import BallotFile, BallotFileError

__all__ = ["parse_preflib"]

_NAME = re.compile(r"#\s*ALTERNATIVE NAME\s+(\d+)\s*:\s?(.*)$")
_COUNT = re.compile(r"#\s*NUMBER ALTERNATIVES\s*:\s*(\d+)\s*$")
_TITLE = re.compile(r"#\s*TITLE\s*:\s?(.*)$")
_DATA = re.compile(r"\s*(\d+)\s*:(.*)$")
_ITEM = re.compile(r"\s*(?:\{([^{}]*)\}|(\d+))\s*(?:,|$)")


def parse_preflib(text: str) -> BallotFile:
    """Parse PrefLib ordinal data; a malformed line raises :class:`BallotFileError`."""
    names: dict[int, str] = {}
    declared: int | None = None
    title = ""
    data: list[tuple[int, int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if line.lstrip().startswith("#"):
            if match := _NAME.match(line.strip()):
                names[int(match[1])] = match[2].strip()
            elif match := _COUNT.match(line.strip()):
                declared = int(match[1])
            elif match := _TITLE.match(line.strip()):
                title = match[1].strip()
            continue
        match = _DATA.match(line)
        if not match:
            raise BallotFileError(number, "a data line must read 'count: c1,c2,...'")
        data.append((number, int(match[1]), match[2]))
    candidates = _candidates(names, declared)
    n = len(candidates)
    ranks = np.zeros((len(data), n), dtype=np.int16)
    weights = np.zeros(len(data), dtype=np.int64)
    for row, (number, count, body) in enumerate(data):
        weights[row] = count
        _fill(ranks[row], body, n, number)
    return BallotFile(ballots=RankedBallots(candidates, ranks, weights), title=title)


def _candidates(names: dict[int, str], declared: int | None) -> tuple[str, ...]:
    n = declared if declared is not None else max(names, default=0)
    if n < 1:
        raise BallotFileError(None, "no '# ALTERNATIVE NAME' or '# NUMBER ALTERNATIVES' header")
    if any(not 1 <= i <= n for i in names):
        raise BallotFileError(None, f"an alternative is numbered outside 1..{n}")
    return tuple(names.get(i, str(i)) for i in range(1, n + 1))


def _fill(row: np.ndarray, body: str, n: int, number: int) -> None:
    """Write one ranking into ``row``: position 1 for the first group, and so on."""
    pos = 0
    position = 0
    body = body.strip()
    while pos < len(body):
        match = _ITEM.match(body, pos)
        if not match or match.end() == pos:
            raise BallotFileError(number, f"cannot read the ranking at {body[pos : pos + 12]!r}")
        pos = match.end()
        position += 1
        group = match[1].split(",") if match[1] is not None else [match[2]]
        for item in group:
            item = item.strip()
            if not item.isdigit():
                raise BallotFileError(number, f"{item!r} is not a candidate number")
            c = int(item)
            if not 1 <= c <= n:
                raise BallotFileError(number, f"candidate {c} is not among 1..{n}")
            if row[c - 1]:
                raise BallotFileError(number, f"candidate {c} is ranked twice")
            row[c - 1] = position
