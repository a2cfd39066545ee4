"""Ballot-file benchmark: ``tanacs tally FILE`` end to end on 1,000,000-line files.

Writes, from one seeded set of rankings of 20 candidates (a mixture of five factions, as in
``bench/tally_bench.py``), a BLT file, a PrefLib ``.soi`` file (strict, truncated orders,
one distinct ranking per line), a PrefLib ``.toi`` file (the same with some candidates
tied) and a weighted CSV file, each of ``--lines`` ballot lines. Then, in the same run:

- ``tanacs tally FILE --method plurality`` on each: a new process (start-up, reading,
  parsing, counting, printing), best of ``--repeat`` runs after one warm-up run that fills
  Numba's cache; wall time, CPU time (user + system) and the process's peak resident memory;
- the peer: pref_voting's ``preflib_to_profile`` reading the ``.soi`` file (through
  preflibtools, as pref_voting does), in a new process, timed around the call alone (its
  imports not counted). With ``--peer-lines N`` the peer reads the first N lines and its time
  is scaled up linearly; the row says so.

    .venv/bin/python bench/tally_files.py [--lines 1000000] [--peer-lines N] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parent.parent
TANACS = ROOT / ".venv" / "bin" / "tanacs"
M = 20

PEER = """
import sys, time, warnings
warnings.simplefilter("ignore")
from pref_voting.io.readers import preflib_to_profile
started = time.perf_counter()
profile = preflib_to_profile(sys.argv[1])
print(time.perf_counter() - started, profile.num_voters)
"""


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    peak_mb: float


def rankings(lines: int, seed: int = 1956) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Orders best first (candidates from 1, 0 after the last ranked) and their lengths."""
    rng = np.random.default_rng(seed)
    bases = np.array([rng.permutation(M) for _ in range(5)], dtype=np.float32)
    faction = rng.choice(5, size=lines, p=[0.31, 0.24, 0.2, 0.15, 0.1])
    noisy = bases[faction] + rng.normal(0, 3.0, size=(lines, M)).astype(np.float32)
    orders = noisy.argsort(axis=1).astype(np.int64) + 1
    lengths = rng.integers(3, M + 1, size=lines)
    orders[np.arange(M) >= lengths[:, None]] = 0
    return orders, lengths


def preflib_header(kind: str, lines: int, voters: int) -> str:
    names = "".join(f"# ALTERNATIVE NAME {c + 1}: candidate {c + 1}\n" for c in range(M))
    return (
        f"# FILE NAME: bench.{kind}\n# TITLE: tanacs benchmark\n# DATA TYPE: {kind}\n"
        f"# NUMBER ALTERNATIVES: {M}\n# NUMBER VOTERS: {voters}\n"
        f"# NUMBER UNIQUE ORDERS: {lines}\n{names}"
    )


def file_paths(folder: Path) -> dict[str, Path]:
    return {
        "BLT": folder / "ballots.blt",
        "PrefLib .soi": folder / "ballots.soi",
        "PrefLib .toi": folder / "ballots.toi",
        "CSV": folder / "ballots.csv",
    }


def write_files(folder: Path, lines: int) -> dict[str, Path]:
    orders, lengths = rankings(lines)
    counts = np.random.default_rng(7).integers(1, 5, size=lines)
    rows = [row[:k] for row, k in zip(orders.tolist(), lengths.tolist(), strict=True)]
    paths = file_paths(folder)
    # Distinct rankings, one a line, as PrefLib files hold them: the order makes each unique.
    numbered = [[*row, 0] for row in rows]
    with paths["PrefLib .soi"].open("w") as out:
        out.write(preflib_header("soi", lines, int(counts.sum())))
        out.writelines(
            f"{c}: {','.join(map(str, row))}\n"
            for c, row in zip(counts.tolist(), rows, strict=True)
        )
    with paths["PrefLib .toi"].open("w") as out:
        out.write(preflib_header("toi", lines, int(counts.sum())))
        for c, row in zip(counts.tolist(), rows, strict=True):
            # Every tenth line ties its second and third choices.
            head = f"{row[0]},{{{row[1]},{row[2]}}}" if c == 4 else ",".join(map(str, row[:3]))
            tail = "," + ",".join(map(str, row[3:])) if len(row) > 3 else ""
            out.write(f"{c}: {head}{tail}\n")
    with paths["BLT"].open("w") as out:
        out.write(f"{M} 1\n")
        out.writelines(
            f"{c} {' '.join(map(str, row))}\n"
            for c, row in zip(counts.tolist(), numbered, strict=True)
        )
        out.write("0\n" + "".join(f'"candidate {c + 1}"\n' for c in range(M)) + '"bench"\n')
    weights = np.array(["1", "2", "1/2", "0.25"])[counts - 1]
    with paths["CSV"].open("w") as out:
        out.write("weight," + ",".join(f"candidate {c + 1}" for c in range(M)) + "\n")
        for weight, row in zip(weights.tolist(), rows, strict=True):
            ranks = [""] * M
            for position, candidate in enumerate(row, start=1):
                ranks[candidate - 1] = str(position)
            out.write(weight + "," + ",".join(ranks) + "\n")
    return paths


def best(command: list[str], repeat: int) -> Run:
    runs = []
    for _ in range(repeat):
        runs.append(_measure(command))
    return min(runs, key=lambda r: r.wall)


def _measure(command: list[str]) -> Run:
    """One run of ``command`` in a new process: wall and CPU time, peak resident memory."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if status:
        raise SystemExit(f"{' '.join(command)} failed with status {status}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def peer(path: Path, lines: int, peer_lines: int | None, folder: Path) -> tuple[float, Run, str]:
    """pref_voting reading the .soi file: (seconds of the call, scaled; process run; note)."""
    source, read, note = path, lines, ""
    if peer_lines is not None and peer_lines < lines:
        source, read = folder / "peer.soi", peer_lines
        with path.open() as whole, source.open("w") as part:
            data = 0
            for line in whole:
                if not line.startswith("#"):
                    data += 1
                    if data > peer_lines:
                        break
                part.write(line)
        note = f"(peer read {peer_lines:,} lines; its time scaled x{lines / peer_lines:g})"
    command = [sys.executable, "-c", PEER, str(source)]
    report = folder / "peer.out"
    started = time.perf_counter()
    with report.open("w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if status:
        raise SystemExit(f"pref_voting failed with status {status}")
    seconds = float(report.read_text().split()[0])
    run = Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)
    return seconds * lines / read, run, note


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--peer-lines", type=int, help="the peer reads this many lines, scaled")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write-to", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write_to:
        write_files(Path(args.write_to), args.lines)
        return
    print(
        f"ballot-file benchmark: {os.cpu_count()} cores, load average "
        f"{os.getloadavg()[0]:.1f}; {args.lines:,} ballot lines of {M} candidates; "
        f"ours: best of {args.repeat} after a warm-up run"
    )
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        # Written by a child process, so that this one stays small: a child forked from a
        # large process would count the parent's pages in its own peak memory.
        subprocess.run(
            [sys.executable, __file__, "--write-to", name, "--lines", str(args.lines)], check=True
        )
        paths = file_paths(folder)
        header = f"{'file':<14} {'MB':>6} {'wall s':>8} {'cpu s':>7} {'peak MB':>8}  note"
        print(header + "\n" + "-" * len(header))
        ours: dict[str, Run] = {}
        for label, path in paths.items():
            command = [str(TANACS), "tally", str(path), "--method", "plurality"]
            _measure(command)  # warm-up: Numba loads or fills its cache here
            ours[label] = run = best(command, args.repeat)
            size = path.stat().st_size / 1e6
            print(
                f"{label:<14} {size:>6.1f} {run.wall:>8.2f} {run.cpu:>7.2f} {run.peak_mb:>8.0f}"
                "  tanacs tally --method plurality, end to end"
            )
        seconds, run, note = peer(paths["PrefLib .soi"], args.lines, args.peer_lines, folder)
        print(
            f"{'pref_voting':<14} {'':>6} {seconds:>8.2f} {'':>7} {run.peak_mb:>8.0f}"
            f"  preflib_to_profile(.soi) alone, imports not counted {note}"
        )
        mine = ours["PrefLib .soi"]
        print(
            f"\nPrefLib .soi: tanacs tally end to end {mine.wall:.2f} s against pref_voting's "
            f"parse alone {seconds:.2f} s: {seconds / mine.wall:.1f}x; peak memory "
            f"{mine.peak_mb:.0f} MB against {run.peak_mb:.0f} MB"
            + (" (peer on part of the file)" if note else "")
        )


if __name__ == "__main__":
    main()
