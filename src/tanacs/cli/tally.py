"""``tanacs tally FILE``: count a ballot file with the pure tally engine.

Runs before Django starts and imports nothing from it. A bad file or bad arguments print one
line (with the file's line number when there is one) and exit with status 2.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from typing import NoReturn

import numpy as np

from tanacs.tally.ballots import RankedBallots
from tanacs.tally.choice import (
    ApprovalBallots,
    ApprovalResult,
    PluralityResult,
    ScoreBallots,
    ScoreResult,
    count_approval,
    count_plurality,
    count_score,
    first_choices,
)
from tanacs.tally.condorcet import (
    RankedPairsResult,
    SchulzeResult,
    count_ranked_pairs,
    count_schulze,
)
from tanacs.tally.formats import (
    BallotFile,
    BallotFileError,
    format_for,
    parse_blt,
    parse_csv,
    parse_csv_table,
    parse_preflib,
    parse_yesno_csv,
)
from tanacs.tally.irv import IrvResult, count_irv
from tanacs.tally.limits import MAX_FILE_BYTES, MAX_LINE_BYTES
from tanacs.tally.results import Outcome, Round, jsonable
from tanacs.tally.stv import StvResult, StvStage, count_stv
from tanacs.tally.yesno import (
    ABSOLUTE_MAJORITY,
    SIMPLE_MAJORITY,
    TWO_THIRDS,
    Threshold,
    YesNoResult,
    at_least,
    count_yesno,
)

METHODS = ("plurality", "approval", "score", "yesno", "schulze", "ranked-pairs", "irv", "stv")
Result = Outcome | YesNoResult

THRESHOLDS = {"simple": SIMPLE_MAJORITY, "absolute": ABSOLUTE_MAJORITY, "two-thirds": TWO_THIRDS}


class UsageError(Exception):
    """Bad arguments: reported in one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="tanacs tally",
        description="Count a ballot file (BLT, PrefLib .soc/.soi/.toc/.toi, or CSV).",
    )
    parser.add_argument("file", help="the ballot file")
    parser.add_argument("--method", required=True, choices=METHODS)
    parser.add_argument("--seats", type=int, help="seats to fill (STV; default: the file's, or 1)")
    parser.add_argument("--rules", choices=("scottish", "meek"), default="scottish")
    parser.add_argument("--seed", default="0", help="seed of any lot drawn to break a tie")
    parser.add_argument("--json", action="store_true", help="print the whole result as JSON")
    parser.add_argument("--format", choices=("blt", "preflib", "csv"), help="override the ending")
    parser.add_argument("--electorate", type=Fraction, help="yes/no: size of the electorate")
    parser.add_argument("--quorum", type=Fraction, help="yes/no: turnout needed, e.g. 1/2")
    parser.add_argument(
        "--threshold",
        default="simple",
        help="yes/no: simple, absolute, two-thirds, or a fraction of the votes cast (e.g. 3/5)",
    )
    parser.add_argument("--max-score", type=int, help="score: the highest score allowed")
    return parser


def main(argv: list[str]) -> int:
    try:
        args = _parser().parse_args(argv)
        return _run(args)
    except SystemExit as leaving:  # --help
        return int(leaving.code or 0)
    except BrokenPipeError:
        # The reader stopped reading (as `| head` does): not an error. Point stdout at
        # nothing so that Python's last flush at exit has nowhere to fail.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except BallotFileError as error:
        print(f"tanacs tally: {getattr(args, 'file', '')}: {error}", file=sys.stderr)
    except (UsageError, ValueError, ZeroDivisionError) as error:
        print(f"tanacs tally: error: {error}", file=sys.stderr)
    except Exception as error:  # a bug must still end in one line, not a traceback
        print(f"tanacs tally: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    return 2


def _run(args: argparse.Namespace) -> int:
    path = Path(args.file)
    kind = args.format or format_for(path.name)
    try:
        data = _read(path)
    except OSError as error:
        raise UsageError(f"cannot read {args.file}: {error.strerror or error}") from None
    result = _count(args, kind, data)
    if args.json:
        print(json.dumps(_document(args, result), ensure_ascii=False, indent=2))
    else:
        print("\n".join(_report(args, result)))
    return 0


def _read(path: Path) -> bytes:
    """The file's bytes, refused past :data:`MAX_FILE_BYTES` or a line past
    :data:`MAX_LINE_BYTES` (so that ``/dev/zero`` ends in a message, not out of memory)."""
    chunks: list[bytes] = []
    size = 0
    lines = 0  # newlines before the current chunk
    open_line = 0  # bytes of the last line, unfinished at the end of the chunks so far
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            size += len(chunk)
            if size > MAX_FILE_BYTES:
                raise BallotFileError(
                    None, f"the file is larger than the limit of {MAX_FILE_BYTES:,} bytes"
                )
            ends = np.flatnonzero(np.frombuffer(chunk, dtype=np.uint8) == 10)
            starts = np.concatenate(([-open_line - 1], ends))
            lengths = np.diff(np.append(starts, len(chunk))) - 1
            if lengths.max() > MAX_LINE_BYTES:
                line = lines + int(np.argmax(lengths > MAX_LINE_BYTES)) + 1
                raise BallotFileError(
                    line, f"the line is longer than the limit of {MAX_LINE_BYTES:,} bytes"
                )
            open_line = int(lengths[-1])
            lines += len(ends)
            chunks.append(chunk)
    return b"".join(chunks)


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BallotFileError(data.count(b"\n", 0, error.start) + 1, "not UTF-8 text") from None


def _utf8(data: bytes) -> bytes:
    """The file's bytes without a byte-order mark, once they are known to be UTF-8."""
    _text(data)
    return data.removeprefix(b"\xef\xbb\xbf")


def _count(args: argparse.Namespace, kind: str, data: bytes) -> Result:
    method = args.method
    if method == "yesno":
        if kind != "csv":
            raise UsageError("a yes/no vote is read from a CSV file with a 'vote' column")
        return count_yesno(
            parse_yesno_csv(_text(data)),
            threshold=_threshold(args.threshold),
            electorate=args.electorate,
            quorum=args.quorum,
        )
    if method == "score":
        if kind != "csv":
            raise UsageError("a score vote is read from a CSV file of scores")
        table = parse_csv_table(_utf8(data))
        top = args.max_score or max(1, int(table.cells.max(initial=0)))
        scores = ScoreBallots(table.candidates, table.cells, top, table.weights, table.denominator)
        return count_score(scores, seed=args.seed)
    election = _read_ranked(kind, data)
    ballots = election.ballots
    if method == "plurality":
        return count_plurality(first_choices(ballots), seed=args.seed)
    if method == "approval":
        approvals = ApprovalBallots(
            ballots.candidates, ballots.ranks > 0, ballots.weights, ballots.denominator
        )
        return count_approval(approvals, seed=args.seed)
    if method == "schulze":
        return count_schulze(ballots, seed=args.seed)
    if method == "ranked-pairs":
        return count_ranked_pairs(ballots, seed=args.seed)
    if method == "irv":
        return count_irv(ballots, seed=args.seed)
    seats = args.seats or election.seats or 1
    return _count_stv(ballots, seats=seats, rules=args.rules, seed=args.seed)


def _read_ranked(kind: str, data: bytes) -> BallotFile:
    if kind == "blt":
        return parse_blt(data)
    if kind == "preflib":
        return parse_preflib(_utf8(data))
    return parse_csv(_utf8(data))


def _count_stv(ballots: RankedBallots, *, seats: int, rules: str, seed: str) -> StvResult:
    if seats < 1 or seats > ballots.n_candidates:
        raise UsageError(f"--seats must lie between 1 and {ballots.n_candidates}")
    return count_stv(
        ballots, seats=seats, rules="meek" if rules == "meek" else "scottish", seed=seed
    )


def _threshold(text: str) -> Threshold:
    if text in THRESHOLDS:
        return THRESHOLDS[text]
    try:
        return at_least(Fraction(text))
    except (ValueError, ZeroDivisionError):
        choices = ", ".join(THRESHOLDS)
        raise UsageError(f"--threshold must be {choices} or a fraction like 3/5") from None


def _document(args: argparse.Namespace, result: Result) -> dict[str, object]:
    document: dict[str, object] = {"file": args.file, "method": args.method}
    if isinstance(result, YesNoResult):
        document["passed"] = result.passed
    else:
        document["winners"] = list(result.winner_names)
    document["result"] = jsonable(result)
    return document


def _report(args: argparse.Namespace, result: Result) -> list[str]:
    """A readable account: the decision, then the counts (round by round where there are)."""
    if isinstance(result, YesNoResult):
        return _yesno_report(result)
    names = result.candidates
    winners = result.winner_names
    lines = [f"{args.method}: {args.file}", ""]
    lines.append(f"elected: {', '.join(winners) if winners else '(none)'}")
    if isinstance(result, StvResult) and result.substitutes:
        lines.append(f"substitutes: {', '.join(result.substitute_names)}")
    if result.reason:
        lines.append(f"reason: {result.reason}")
    lines.extend(_lot_lines(result, names))
    lines.append("")
    return lines + _counts(result, names)


def _counts(result: Outcome, names: tuple[str, ...]) -> list[str]:
    """What each rule counted: its stages or rounds, its totals, its pairwise tables."""
    if isinstance(result, StvResult):
        lines = _rounds_table(names, result.stages, "stage") if result.stages else []
        return [*lines, _extra("blank", result.blank)]
    if isinstance(result, IrvResult):
        lines = _rounds_table(names, result.rounds, "round") if result.rounds else []
        return [*lines, _extra("blank", result.blank), _extra("over-votes", result.over_votes)]
    if isinstance(result, PluralityResult):
        lines = _column(names, "votes", result.votes)
    elif isinstance(result, ApprovalResult):
        lines = _column(names, "approvals", result.approvals)
    elif isinstance(result, ScoreResult):
        lines = _column(names, "points", result.totals)
    else:
        return _pairwise_lines(result, names)
    return [*lines, _extra("blank", result.blank), _extra("spoilt", result.spoilt)]


def _pairwise_lines(result: Outcome, names: tuple[str, ...]) -> list[str]:
    assert isinstance(result, SchulzeResult | RankedPairsResult), type(result).__name__
    lines = ["", "pairwise (row over column):", *_matrix(names, result.pairwise)]
    if isinstance(result, SchulzeResult):
        lines.extend(["", "strongest paths:", *_matrix(names, result.strongest_paths)])
        order = " > ".join(" = ".join(names[c] for c in tier) for tier in result.ranking)
        lines.extend(["", f"ranking: {order}"])
    else:
        locked = ", ".join(f"{names[a]} > {names[b]}" for a, b in result.locked)
        lines.extend(["", f"locked: {locked or '(none)'}"])
    return lines


def _extra(label: str, value: Fraction) -> str:
    return f"{label}: {_number(value)}"


def _lot_lines(result: Outcome, names: tuple[str, ...]) -> list[str]:
    return [
        f"lot ({lot.context}, seed {lot.seed!r}): "
        f"{', '.join(names[c] for c in lot.tied)} -> {names[lot.chosen]}"
        for lot in result.lots
    ]


def _rounds_table(
    names: tuple[str, ...], rounds: Sequence[Round] | Sequence[StvStage], word: str
) -> list[str]:
    width = max([len(n) for n in names] + [len("exhausted")])
    header = " " * width + "".join(f"{word + ' ' + str(r.number):>14}" for r in rounds)
    lines = [header]
    for c, name in enumerate(names):
        cells = "".join(f"{_number(r.totals[c]):>14}" for r in rounds)
        lines.append(f"{name:<{width}}{cells}")
    lines.append(f"{'exhausted':<{width}}" + "".join(f"{_number(r.exhausted):>14}" for r in rounds))
    for r in rounds:
        events = _events(r, names)
        if events:
            lines.append(f"{word} {r.number}: {'; '.join(events)}")
    return lines


def _events(stage: Round | StvStage, names: tuple[str, ...]) -> list[str]:
    events = [f"elected {names[c]}" for c in stage.elected]
    if isinstance(stage, Round):
        events += [f"excluded {names[c]}" for c in stage.excluded]
    elif stage.candidate is not None:
        events.append(f"{stage.action} {names[stage.candidate]}")
    return events


def _column(names: tuple[str, ...], label: str, values: Sequence[Fraction]) -> list[str]:
    width = max(len(n) for n in names) if names else 0
    return [f"{'':<{width}}  {label:>12}"] + [
        f"{name:<{width}}  {_number(v):>12}" for name, v in zip(names, values, strict=True)
    ]


def _matrix(names: tuple[str, ...], matrix: Sequence[Sequence[Fraction]]) -> list[str]:
    width = max(len(n) for n in names) if names else 0
    cell = max([len(_number(v)) for row in matrix for v in row] + [len(str(len(names)))]) + 2
    lines = [" " * width + "".join(f"{i + 1:>{cell}}" for i in range(len(names)))]
    for i, name in enumerate(names):
        row = "".join(f"{'-' if i == j else _number(v):>{cell}}" for j, v in enumerate(matrix[i]))
        lines.append(f"{name:<{width}}{row}")
    return lines


def _yesno_report(result: YesNoResult) -> list[str]:
    lines = [f"{'PASSED' if result.passed else 'FAILED'} ({result.decided_by})", result.reason, ""]
    for label in ("yes", "no", "abstain", "blank", "spoilt", "turnout"):
        lines.append(f"{label:<10}{_number(getattr(result, label)):>12}")
    if result.electorate is not None:
        lines.append(f"{'electorate':<10}{_number(result.electorate):>12}")
    return lines


def _number(value: object) -> str:
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return str(value.numerator)
        return f"{float(value):.5f}"
    return str(value)
