"""STV benchmark: tanacs against pyrankvote and pref_voting on the same ballots, same run.

Cases (whole call from a loaded ballot array, the best of five runs):
- 1,000,000 full rankings of 20 candidates drawn uniformly at random, 3 seats (target
  under 0.3 s for the Scottish rules);
- the Dublin North 2002 ballots resampled to 1,000,000 papers, 4 seats (target under 0.1 s).

The peers are pure Python and take minutes at this size, so each runs on the first
``--peer-sample`` ballots of the same array and its time is scaled up linearly to the full
size; the table says so. pyrankvote's STV differs in rules (see tests/tally/test_stv_peers.py);
pref_voting's ``stv_scottish`` follows the same Order. Peak memory is what the call allocates
(tracemalloc, which sees NumPy's buffers), also as a multiple of the ballot array.

    .venv/bin/python bench/stv_bench.py [--ballots 1000000] [--peer-sample 50000]

``stv_rows()`` returns the rows for a combined tally benchmark.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
import tracemalloc
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from tanacs.tally.ballots import RankedBallots  # noqa: E402
from tanacs.tally.stv import count_stv  # noqa: E402

DUBLIN_NORTH = ROOT / "tests" / "tally" / "data" / "00001-00000001.soi"


@dataclass(frozen=True)
class Row:
    method: str
    size: str
    ours: float
    ours_cpu: float
    peer: str
    peer_seconds: float | None
    peak_mb: float
    array_mb: float
    note: str = ""

    @property
    def ratio(self) -> float | None:
        return None if self.peer_seconds is None else self.peer_seconds / self.ours


def uniform_rankings(n: int, m: int, seed: int = 1956) -> RankedBallots:
    rng = np.random.default_rng(seed)
    ranks: npt.NDArray[np.int16] = np.empty((n, m), dtype=np.int16)
    positions = np.arange(1, m + 1, dtype=np.int16)
    for start in range(0, n, 100_000):
        block = rng.permuted(np.tile(positions, (min(100_000, n - start), 1)), axis=1)
        ranks[start : start + block.shape[0]] = block
    return RankedBallots(tuple(f"candidate {c + 1}" for c in range(m)), ranks)


def dublin_north(n: int, seed: int = 2002) -> RankedBallots:
    """Dublin North 2002, resampled with replacement to ``n`` papers."""
    names: list[str] = []
    rows: list[npt.NDArray[np.int16]] = []
    counts: list[int] = []
    for line in DUBLIN_NORTH.read_text(encoding="utf-8").splitlines():
        if match := re.match(r"# ALTERNATIVE NAME \d+: (.*)", line):
            names.append(match.group(1))
        elif line and not line.startswith("#"):
            count, _, body = line.partition(":")
            row = np.zeros(12, dtype=np.int16)
            for position, item in enumerate(body.split(","), start=1):
                row[int(item) - 1] = position
            rows.append(row)
            counts.append(int(count))
    weights = np.array(counts, dtype=np.float64)
    pick = np.random.default_rng(seed).choice(len(rows), size=n, p=weights / weights.sum())
    return RankedBallots(tuple(names), np.array(rows)[pick])


def best_of(call: Callable[[], object], repeat: int = 3) -> float:
    return timed(call, repeat)[0]


def timed(call: Callable[[], object], repeat: int = 5) -> tuple[float, float]:
    """The best wall-clock and the best CPU seconds (this process) over ``repeat`` runs."""
    walls, cpus = [], []
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        call()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def peak_mb(call: Callable[[], object]) -> float:
    tracemalloc.start()
    call()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6


def orders(ballots: RankedBallots) -> list[list[int]]:
    ranked = np.where(ballots.ranks > 0, ballots.ranks, np.iinfo(np.int16).max)
    lengths = (ballots.ranks > 0).sum(axis=1)
    sorted_ = np.argsort(ranked, axis=1, kind="stable")
    return [row[:k].tolist() for row, k in zip(sorted_, lengths, strict=True)]


def pyrankvote_seconds(ballots: RankedBallots, seats: int) -> float:
    from pyrankvote import Ballot, Candidate
    from pyrankvote.multiple_seat_ranking_methods import single_transferable_vote

    candidates = [Candidate(name) for name in ballots.candidates]
    papers = [Ballot(ranked_candidates=[candidates[c] for c in o]) for o in orders(ballots)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return best_of(lambda: single_transferable_vote(candidates, papers, seats), repeat=1)


def pref_voting_seconds(ballots: RankedBallots, seats: int) -> float:
    from pref_voting.profiles_with_ties import ProfileWithTies
    from pref_voting.proportional_methods import stv_scottish

    rankings = [{c: p for p, c in enumerate(o, start=1)} for o in orders(ballots)]
    profile = ProfileWithTies(rankings, candidates=list(range(ballots.n_candidates)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return best_of(
            lambda: stv_scottish(profile, num_seats=seats, rng=random.Random(0)), repeat=1
        )


def subsample(ballots: RankedBallots, k: int) -> RankedBallots:
    return RankedBallots(ballots.candidates, ballots.ranks[:k])


def case_rows(
    label: str, ballots: RankedBallots, seats: int, peer_sample: int, *, meek: bool
) -> list[Row]:
    n = ballots.n_ballots
    size = f"{n:,} x {ballots.n_candidates}, {seats} seats"
    count_stv(subsample(ballots, 1000), seats=seats)  # compile (or load the cache) first
    count_stv(subsample(ballots, 1000), seats=seats, rules="meek")
    ours, ours_cpu = timed(lambda: count_stv(ballots, seats=seats))
    peak = peak_mb(lambda: count_stv(ballots, seats=seats))
    array_mb = ballots.ranks.nbytes / 1e6
    sample = subsample(ballots, min(peer_sample, n))
    scale = n / sample.n_ballots
    note = f"peer run on {sample.n_ballots:,} ballots, time x {scale:g}" if scale > 1 else ""
    rows = [
        Row(f"STV Scottish ({label})", size, ours, ours_cpu, "pyrankvote",
            pyrankvote_seconds(sample, seats) * scale, peak, array_mb, note),
        Row(f"STV Scottish ({label})", size, ours, ours_cpu, "pref_voting stv_scottish",
            pref_voting_seconds(sample, seats) * scale, peak, array_mb, note),
    ]  # fmt: skip
    if meek:
        meek, meek_cpu = timed(lambda: count_stv(ballots, seats=seats, rules="meek"), repeat=1)
        meek_peak = peak_mb(lambda: count_stv(ballots, seats=seats, rules="meek"))
        rows.append(
            Row(f"STV Meek ({label})", size, meek, meek_cpu, "-", None, meek_peak, array_mb)
        )
    return rows


def stv_rows(ballots: int = 1_000_000, peer_sample: int = 50_000) -> list[Row]:
    rows = case_rows("uniform", uniform_rankings(ballots, 20), 3, peer_sample, meek=True)
    rows += case_rows("Dublin North 2002", dublin_north(ballots), 4, peer_sample, meek=True)
    return rows


def render(rows: list[Row]) -> str:
    header = (
        f"{'method':<32} {'size':<26} {'ours s':>8} {'cpu s':>7} {'peer':<26} {'peer s':>9} "
        f"{'ratio':>7} {'peak MB':>8} {'x array':>7}  note"
    )
    lines = [header, "-" * len(header)]
    for r in rows:
        peer_s = "-" if r.peer_seconds is None else f"{r.peer_seconds:.2f}"
        ratio = "-" if r.ratio is None else f"{r.ratio:.0f}x"
        lines.append(
            f"{r.method:<32} {r.size:<26} {r.ours:>8.3f} {r.ours_cpu:>7.3f} {r.peer:<26} "
            f"{peer_s:>9} {ratio:>7} {r.peak_mb:>8.1f} {r.peak_mb / r.array_mb:>7.2f}  {r.note}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ballots", type=int, default=1_000_000)
    parser.add_argument("--peer-sample", type=int, default=50_000)
    args = parser.parse_args()
    load = os.getloadavg()[0]
    print(f"STV benchmark; {os.cpu_count()} cores, load average at start {load:.1f}")
    print(render(stv_rows(args.ballots, args.peer_sample)))
    print(
        "ours s: best wall-clock of 5 runs (Meek: 1); cpu s: this process's CPU time, which"
        " other work on the machine inflates less; ratio: peer s / ours s;"
        f" load average at the end {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
