"""PrefLib's ordinal formats: ``.soc``, ``.soi``, ``.toc`` and ``.toi``.

Header lines start with ``#``; ``# ALTERNATIVE NAME i: name`` names candidate ``i`` (from 1)
and ``# TITLE:`` the election. Each data line is ``count: c1,c2,...`` best first, where
``{a,b}`` puts several candidates at one rank (a tie, or an over-vote). The ``s``/``t``
(strict / ties) and ``oc``/``oi`` (complete / incomplete) variants share this grammar, so one
parser reads all four; a ``.soc`` file is simply never truncated and never tied.

The data lines are read by one compiled pass over the bytes, as BLT's are. When that pass
meets a line it cannot read, the line alone is read again by the plain parser below
(:func:`_read_line`), which says exactly what is wrong with it.
"""

from __future__ import annotations

import re

import numba
import numpy as np
import numpy.typing as npt

from tanacs.tally.ballots import RankedBallots
from tanacs.tally.formats._base import BallotFile, BallotFileError
from tanacs.tally.limits import MAX_CANDIDATES, MAX_WEIGHT, LimitError, check_rank_cells

__all__ = ["parse_preflib"]

_NAME = re.compile(r"#\s*ALTERNATIVE NAME\s+(\d+)\s*:\s?(.*)$", re.ASCII)
_COUNT = re.compile(r"#\s*NUMBER ALTERNATIVES\s*:\s*(\d+)\s*$", re.ASCII)
_TITLE = re.compile(r"#\s*TITLE\s*:\s?(.*)$", re.ASCII)
_DATA = re.compile(r"[ \t\r]*(\d+)[ \t\r]*:(.*)$", re.ASCII)
_ITEM = re.compile(r"[ \t\r]*(?:\{([^{}]*)\}|(\d+))[ \t\r]*(?:,|$)", re.ASCII)
_SPACE, _TAB, _CR, _LF, _HASH, _COLON, _COMMA = 32, 9, 13, 10, 35, 58, 44
_OPEN, _CLOSE, _ZERO, _NINE = 123, 125, 48, 57


@numba.njit(cache=True, nogil=True)  # type: ignore[untyped-decorator]
def _read_rankings(
    data: npt.NDArray[np.uint8],
    ranks: npt.NDArray[np.int16],
    weights: npt.NDArray[np.int64],
) -> tuple[int, int]:  # pragma: no cover - compiled; checked against _read_line in tests
    """Fill ``ranks`` and ``weights`` from the data lines: (rows read, start of a bad line).

    The start is -1 when every line was read. ``#`` lines and blank lines are skipped.
    """
    size = data.shape[0]
    n = ranks.shape[1]
    limit = 9223372036854775807
    row = 0
    pos = 0
    while pos < size:
        start = pos
        while pos < size and (data[pos] == _SPACE or data[pos] == _TAB or data[pos] == _CR):
            pos += 1
        if pos >= size:
            break
        if data[pos] == _LF:
            pos += 1
            continue
        if data[pos] == _HASH:
            while pos < size and data[pos] != _LF:
                pos += 1
            continue
        count = 0
        digits = 0
        while pos < size and _ZERO <= data[pos] <= _NINE:
            digit = int(data[pos]) - _ZERO
            if count > (limit - digit) // 10:
                return row, start
            count = count * 10 + digit
            digits += 1
            pos += 1
        while pos < size and (data[pos] == _SPACE or data[pos] == _TAB or data[pos] == _CR):
            pos += 1
        if digits == 0 or pos >= size or data[pos] != _COLON:
            return row, start
        pos += 1
        position = 0
        while True:
            while pos < size and (data[pos] == _SPACE or data[pos] == _TAB or data[pos] == _CR):
                pos += 1
            if pos >= size or data[pos] == _LF:
                break
            grouped = data[pos] == _OPEN
            if grouped:
                pos += 1
            elif data[pos] < _ZERO or data[pos] > _NINE:
                return row, start
            position += 1
            while True:
                while pos < size and (data[pos] == _SPACE or data[pos] == _TAB or data[pos] == _CR):
                    pos += 1
                value = 0
                digits = 0
                while pos < size and _ZERO <= data[pos] <= _NINE:
                    if digits < 9:
                        value = value * 10 + (int(data[pos]) - _ZERO)
                    digits += 1
                    pos += 1
                if digits == 0 or digits > 9 or value < 1 or value > n:
                    return row, start
                if ranks[row, value - 1] != 0:
                    return row, start
                ranks[row, value - 1] = position
                if not grouped:
                    break
                while pos < size and (data[pos] == _SPACE or data[pos] == _TAB or data[pos] == _CR):
                    pos += 1
                if pos < size and data[pos] == _CLOSE:
                    pos += 1
                    break
                if pos >= size or data[pos] != _COMMA:
                    return row, start
                pos += 1
            while pos < size and (data[pos] == _SPACE or data[pos] == _TAB or data[pos] == _CR):
                pos += 1
            if pos >= size or data[pos] == _LF:
                break
            if data[pos] != _COMMA:
                return row, start
            pos += 1
        weights[row] = count
        row += 1
        pos += 1
    return row, -1


def parse_preflib(text: str | bytes) -> BallotFile:
    """Parse PrefLib ordinal data; a malformed line raises :class:`BallotFileError`."""
    data = text.encode() if isinstance(text, str) else text
    names: dict[int, str] = {}
    declared: int | None = None
    title = ""
    for at, raw in _header_lines(data):
        line = raw.decode(errors="replace").strip()
        if found := _NAME.match(line):
            names[_number(found[1], data, at, "an alternative numbered")] = found[2].strip()
        elif found := _COUNT.match(line):
            declared = _number(found[1], data, at, "a number of alternatives of")
        elif found := _TITLE.match(line):
            title = found[1].strip()
    candidates = _candidates(names, declared)
    n = len(candidates)
    capacity = data.count(b"\n") + 1
    try:
        check_rank_cells(capacity, n)
    except LimitError as error:
        raise BallotFileError(None, str(error)) from None
    ranks = np.zeros((capacity, n), dtype=np.int16)
    weights = np.zeros(capacity, dtype=np.int64)
    rows, bad = _read_rankings(np.frombuffer(data, dtype=np.uint8), ranks, weights)
    if bad >= 0:
        _explain(data, bad, n)
    ballots = RankedBallots(candidates, ranks[:rows], weights[:rows])
    return BallotFile(ballots=ballots, title=title)


def _header_lines(data: bytes) -> list[tuple[int, bytes]]:
    """Every line that starts with ``#`` (after blanks), with its offset.

    A ``#`` can stand nowhere else in a valid file, so jumping from one to the next is quick.
    """
    found = []
    at = data.find(b"#")
    while at >= 0:
        start = data.rfind(b"\n", 0, at) + 1
        end = data.find(b"\n", at)
        end = len(data) if end < 0 else end
        if not data[start:at].strip(b" \t\r"):
            found.append((start, data[at:end]))
        at = data.find(b"#", end)
    return found


def _number(digits: str, data: bytes, at: int, what: str) -> int:
    """A candidate number or count from a header line, within the candidate limit."""
    if len(digits) > 9 or int(digits) > MAX_CANDIDATES:
        line = data.count(b"\n", 0, at) + 1
        shown = f"{int(digits):,}" if len(digits) <= 30 else digits[:30] + "..."
        raise BallotFileError(
            line, f"{what} {shown} is beyond the limit of {MAX_CANDIDATES:,} alternatives"
        )
    return int(digits)


def _candidates(names: dict[int, str], declared: int | None) -> tuple[str, ...]:
    n = declared if declared is not None else max(names, default=0)
    if n < 1:
        raise BallotFileError(None, "no '# ALTERNATIVE NAME' or '# NUMBER ALTERNATIVES' header")
    if any(not 1 <= i <= n for i in names):
        raise BallotFileError(None, f"an alternative is numbered outside 1..{n}")
    return tuple(names.get(i, str(i)) for i in range(1, n + 1))


def _explain(data: bytes, start: int, n: int) -> None:
    """Raise the error of the line starting at byte ``start``, which the fast pass refused."""
    end = data.find(b"\n", start)
    line = data[start : len(data) if end < 0 else end].decode(errors="replace")
    number = data.count(b"\n", 0, start) + 1
    _read_line(line, n, number)
    raise BallotFileError(number, "cannot read this line")  # pragma: no cover - a defect


def _read_line(line: str, n: int, number: int) -> tuple[int, list[int]]:
    """One data line, read plainly: (count, rank of each candidate), or BallotFileError."""
    match = _DATA.match(line)
    if not match:
        raise BallotFileError(number, "a data line must read 'count: c1,c2,...'")
    if len(match[1]) > 19 or int(match[1]) > MAX_WEIGHT:
        shown = match[1] if len(match[1]) <= 30 else match[1][:30] + "..."
        raise BallotFileError(number, f"count {shown} is above the limit of {MAX_WEIGHT}")
    count = int(match[1])
    row = [0] * n
    body = match[2].strip(" \t\r")
    pos = 0
    position = 0
    while pos < len(body):
        item = _ITEM.match(body, pos)
        if not item or item.end() == pos:
            raise BallotFileError(number, f"cannot read the ranking at {body[pos : pos + 12]!r}")
        pos = item.end()
        position += 1
        group = item[1].split(",") if item[1] is not None else [item[2]]
        for entry in group:
            entry = entry.strip(" \t\r")
            if not (entry.isascii() and entry.isdigit()):
                raise BallotFileError(number, f"{entry!r} is not a candidate number")
            c = int(entry) if len(entry) <= 9 else n + 1
            if not 1 <= c <= n:
                raise BallotFileError(number, f"candidate {entry} is not among 1..{n}")
            if row[c - 1]:
                raise BallotFileError(number, f"candidate {c} is ranked twice")
            row[c - 1] = position
    return count, row
