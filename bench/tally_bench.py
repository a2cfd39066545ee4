"""Tally benchmark: tanacs against the Python peers on the same ballots, in the same run.

Cases (each a whole call from a loaded ballot array; ours is the best of five warm runs,
after one warm-up call so that Numba's compile or cache load is not counted):

- 1,000,000 full rankings of 20 candidates: a seeded mixture of five "factions", each a
  fixed order of the candidates, blurred by noise so that the ballots are not all alike.
  Schulze against pref_voting (``Profile`` + ``beat_path``: pref_voting computes the
  pairwise matrix when it builds the profile, so its time includes that), ranked pairs,
  instant-runoff against pyrankvote, plurality and yes/no against a plain NumPy ``bincount``.
- The Dublin North 2002 ballots resampled to 1,000,000 papers: every method.
- ``tanacs tally`` on a 1,000,000-ballot BLT file, end to end (a new process: start-up,
  reading, parsing and counting).
- STV rows from ``bench/stv_bench.py`` when ``tanacs.tally.stv`` is there (``--no-stv`` skips).

Peers run at full size unless ``--peer-size`` is given: then they run on the first
``--peer-size`` ballots and their time is scaled up linearly, and the row says so. Peak memory
is what our call allocates above the ballot array (tracemalloc, which sees NumPy's buffers),
also as a multiple of the ballot array.

    .venv/bin/python bench/tally_bench.py [--size 1000000] [--peer-size N] [--no-peers]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from tanacs.tally.ballots import RankedBallots  # noqa: E402
from tanacs.tally.choice import count_plurality, first_choices  # noqa: E402
from tanacs.tally.condorcet import count_ranked_pairs, count_schulze  # noqa: E402
from tanacs.tally.formats import parse_preflib  # noqa: E402
from tanacs.tally.irv import count_irv  # noqa: E402
from tanacs.tally.yesno import YesNoBallots, count_yesno  # noqa: E402

DUBLIN_NORTH = ROOT / "tests" / "tally" / "data" / "00001-00000001.soi"
TANACS = ROOT / ".venv" / "bin" / "tanacs"


@dataclass(frozen=True)
class Row:
    """One line of the table (the same shape as the STV benchmark's rows)."""

    method: str
    size: str
    ours: float
    peer: str
    peer_seconds: float | None
    peak_mb: float
    array_mb: float
    note: str = ""

    @property
    def ratio(self) -> float | None:
        return None if self.peer_seconds is None else self.peer_seconds / self.ours


@dataclass(frozen=True)
class Case:
    """Our call, and optionally a peer: ``peer(k)`` times the peer on the first k ballots."""

    method: str
    size: str
    n: int
    array_bytes: int
    ours: Callable[[], object]
    peer_name: str = "-"
    peer: Callable[[int], float] | None = None
    min_peer_size: int = 0


# ---------------------------------------------------------------- ballots


def faction_rankings(n: int, m: int, seed: int = 1956) -> RankedBallots:
    """Five factions with their own order of the candidates, blurred by Gaussian noise."""
    rng = np.random.default_rng(seed)
    bases = np.array([rng.permutation(m) for _ in range(5)], dtype=np.float32)
    share = np.array([0.31, 0.24, 0.2, 0.15, 0.1])
    ranks = np.empty((n, m), dtype=np.int16)
    for start in range(0, n, 200_000):
        k = min(200_000, n - start)
        faction = rng.choice(5, size=k, p=share)
        noisy = bases[faction] + rng.normal(0, 3.0, size=(k, m)).astype(np.float32)
        ranks[start : start + k] = noisy.argsort(axis=1).argsort(axis=1) + 1
    return RankedBallots(tuple(f"candidate {c + 1}" for c in range(m)), ranks)


def dublin_north(n: int, seed: int = 2002) -> RankedBallots:
    """Dublin North 2002, resampled with replacement to ``n`` papers."""
    election = parse_preflib(DUBLIN_NORTH.read_text(encoding="utf-8")).ballots
    weights = election.weights / election.weights.sum()
    pick = np.random.default_rng(seed).choice(election.n_ballots, size=n, p=weights)
    return RankedBallots(election.candidates, election.ranks[pick])


def head(ballots: RankedBallots, k: int) -> RankedBallots:
    return RankedBallots(ballots.candidates, ballots.ranks[:k], ballots.weights[:k])


def orders(ballots: RankedBallots) -> list[list[int]]:
    """Each ballot as candidate indices best first (what the peers take)."""
    ranked = np.where(ballots.ranks > 0, ballots.ranks, np.iinfo(np.int16).max)
    lengths = (ballots.ranks > 0).sum(axis=1)
    best_first = np.argsort(ranked, axis=1, kind="stable")
    return [row[:k].tolist() for row, k in zip(best_first, lengths, strict=True)]


# ---------------------------------------------------------------- measuring


def best_of(call: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return min(times)


def peak_mb(call: Callable[[], object]) -> float:
    tracemalloc.start()
    call()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6


def run_case(case: Case, peer_size: int | None, peers: bool) -> Row:
    case.ours()  # warm-up: Numba compiles or loads its cache here, not in the timing
    ours = best_of(case.ours, repeat=5)
    peak = peak_mb(case.ours)
    peer_seconds = None
    note = ""
    if peers and case.peer is not None:
        k = case.n if peer_size is None else max(case.min_peer_size, min(peer_size, case.n))
        peer_seconds = case.peer(k) * case.n / k
        if k < case.n:
            note = f"peer run on {k:,} ballots, time scaled x{case.n / k:g}"
    return Row(case.method, case.size, ours, case.peer_name, peer_seconds, peak,
               case.array_bytes / 1e6, note)  # fmt: skip


# ---------------------------------------------------------------- peers


def pref_voting_schulze(ballots: RankedBallots) -> Callable[[int], float]:
    def run(k: int) -> float:
        from pref_voting.margin_based_methods import beat_path
        from pref_voting.profiles import Profile

        rankings = np.array(orders(head(ballots, k)))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return best_of(lambda: beat_path(Profile(rankings)), repeat=1)

    return run


def pyrankvote_irv(ballots: RankedBallots) -> Callable[[int], float]:
    def run(k: int) -> float:
        from pyrankvote import Ballot, Candidate, instant_runoff_voting

        people = [Candidate(name) for name in ballots.candidates]
        papers = [
            Ballot(ranked_candidates=[people[c] for c in o]) for o in orders(head(ballots, k))
        ]
        return best_of(lambda: instant_runoff_voting(people, papers), repeat=1)

    return run


def numpy_bincount(values: npt.NDArray[Any], size: int) -> Callable[[int], float]:
    def run(k: int) -> float:
        return best_of(lambda: np.bincount(values[:k], minlength=size))

    return run


# ---------------------------------------------------------------- cases


def ranked_cases(label: str, ballots: RankedBallots, peers: bool) -> list[Case]:
    n, m = ballots.n_ballots, ballots.n_candidates
    size = f"{n:,} x {m}"
    nbytes = ballots.ranks.nbytes
    choices = first_choices(ballots)
    cases = [
        Case(f"Schulze ({label})", size, n, nbytes, lambda: count_schulze(ballots),
             "pref_voting beat_path", pref_voting_schulze(ballots) if peers else None, 2000),
        Case(f"ranked pairs ({label})", size, n, nbytes, lambda: count_ranked_pairs(ballots)),
        Case(f"instant-runoff ({label})", size, n, nbytes, lambda: count_irv(ballots),
             "pyrankvote", pyrankvote_irv(ballots) if peers else None, 2000),
        Case(f"plurality, ranked ({label})", size, n, nbytes,
             lambda: count_plurality(first_choices(ballots))),
        Case(f"plurality ({label})", f"{n:,} choices", n, choices.choices.nbytes,
             lambda: count_plurality(choices), "numpy bincount",
             numpy_bincount(choices.choices + 2, m + 2), n),
    ]  # fmt: skip
    return cases


def yesno_case(n: int) -> Case:
    votes = np.random.default_rng(1956).choice(5, size=n, p=[0.02, 0.5, 0.4, 0.07, 0.01])
    ballots = YesNoBallots(votes.astype(np.int8))
    return Case("yes/no", f"{n:,} votes", n, ballots.votes.nbytes,
                lambda: count_yesno(ballots, electorate=2 * n, quorum=None),
                "numpy bincount", numpy_bincount(ballots.votes, 5), n)  # fmt: skip


def write_blt(ballots: RankedBallots, path: Path) -> None:
    """A BLT file of the ballots, one line per ballot, written in blocks."""
    m = ballots.n_candidates
    with path.open("w") as out:
        out.write(f"{m} 3\n")
        for start in range(0, ballots.n_ballots, 100_000):
            block = np.argsort(ballots.ranks[start : start + 100_000], axis=1) + 1
            out.write("".join("1 " + " ".join(map(str, row)) + " 0\n" for row in block.tolist()))
        out.write("0\n")
        out.write("".join(f'"{name}"\n' for name in ballots.candidates))
        out.write('"tanacs benchmark"\n')


def cli_rows(ballots: RankedBallots, methods: tuple[str, ...]) -> list[Row]:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ballots.blt"
        write_blt(ballots, path)
        megabytes = path.stat().st_size / 1e6
        for method in methods:
            command = [str(TANACS), "tally", str(path), "--method", method]
            subprocess.run(command, check=True, capture_output=True)  # warm the Numba cache
            seconds = best_of(lambda c=command: subprocess.run(c, check=True, capture_output=True))
            rows.append(Row(f"tanacs tally --method {method} (BLT)",
                            f"{ballots.n_ballots:,} lines, {megabytes:.0f} MB", seconds, "-", None,
                            float("nan"), ballots.ranks.nbytes / 1e6,
                            "end to end: new process, read, parse, count"))  # fmt: skip
    return rows


def stv_rows(size: int, peer_size: int | None) -> list[Row]:
    try:
        import tanacs.tally.stv  # noqa: F401

        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from stv_bench import stv_rows as rows
    except ImportError as error:
        print(f"(no STV rows: {error})")
        return []
    found = rows(size, peer_size or 20_000)
    return [Row(r.method, r.size, r.ours, r.peer, r.peer_seconds, r.peak_mb, r.array_mb, r.note)
            for r in found]  # fmt: skip


def render(rows: list[Row]) -> str:
    header = (
        f"{'method':<38} {'size':<26} {'ours s':>8} {'peer':<22} {'peer s':>9} "
        f"{'ratio':>7} {'peak MB':>8} {'x array':>7}  note"
    )
    lines = [header, "-" * len(header)]
    for r in rows:
        peer_s = "-" if r.peer_seconds is None else f"{r.peer_seconds:.3f}"
        ratio = (
            "-" if r.ratio is None else f"{r.ratio:,.0f}x" if r.ratio >= 10 else f"{r.ratio:.2f}x"
        )
        peak = "-" if r.peak_mb != r.peak_mb else f"{r.peak_mb:.1f}"
        times = "-" if r.peak_mb != r.peak_mb else f"{r.peak_mb / r.array_mb:.2f}"
        lines.append(
            f"{r.method:<38} {r.size:<26} {r.ours:>8.4f} {r.peer:<22} {peer_s:>9} "
            f"{ratio:>7} {peak:>8} {times:>7}  {r.note}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--candidates", type=int, default=20)
    parser.add_argument("--peer-size", type=int, help="run peers on this many ballots, scaled")
    parser.add_argument("--no-peers", action="store_true")
    parser.add_argument("--no-stv", action="store_true")
    parser.add_argument("--no-cli", action="store_true")
    args = parser.parse_args()
    peers = not args.no_peers
    print(
        f"tally benchmark: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; "
        "ours: best of 5 warm runs after one warm-up call (Numba JIT not counted)"
    )
    factions = faction_rankings(args.size, args.candidates)
    cases = [*ranked_cases("factions", factions, peers), yesno_case(args.size)]
    cases += ranked_cases("Dublin North 2002", dublin_north(args.size), False)
    rows = [run_case(case, args.peer_size, peers) for case in cases]
    if not args.no_cli:
        rows += cli_rows(factions, ("irv", "schulze"))
    if not args.no_stv:
        rows += stv_rows(args.size, args.peer_size)
    print(render(rows))


if __name__ == "__main__":
    main()
