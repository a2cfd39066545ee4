"""``tanacs tally`` on hostile files: an exact result, or one line naming the limit, exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tanacs.cli import tally
from tanacs.cli.tally import main

LARGEST = 9223372036854775807


def run(path: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main([str(path), *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def largest_counts(tmp_path: Path) -> Path:
    """Two ballots of the largest count for A, three for B: 64-bit sums wrap round to 1."""
    path = tmp_path / "largest.soi"
    path.write_text(
        "# NUMBER ALTERNATIVES: 2\n# ALTERNATIVE NAME 1: A\n# ALTERNATIVE NAME 2: B\n"
        f"{LARGEST}: 1\n{LARGEST}: 1,2\n3: 2\n"
    )
    return path


@pytest.mark.parametrize("method", ["plurality", "approval", "schulze", "ranked-pairs"])
def test_the_largest_counts_elect_exactly(
    largest_counts: Path, method: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(largest_counts, "--method", method, "--json", capsys=capsys)
    assert status == 0
    document = json.loads(out)
    assert document["winners"] == ["A"]
    if method == "plurality":
        assert document["result"]["votes"] == [2 * LARGEST, 3]


@pytest.mark.parametrize(
    ("method", "message"),
    [
        ("irv", "instant-runoff counts a total weight below 2**62 (4611686018427387904)"),
        ("stv", "STV counts (largest weight x ballots x 100000) below 2**62"),
    ],
)
def test_irv_and_stv_refuse_the_largest_counts_naming_the_limit(
    largest_counts: Path, method: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(largest_counts, "--method", method, capsys=capsys)
    assert status == 2
    assert out == ""
    assert err.startswith("tanacs tally: error: ")
    assert message in err


def test_a_count_beyond_64_bits_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "over.soi"
    path.write_text(f"# NUMBER ALTERNATIVES: 2\n{LARGEST + 1}: 1\n")
    status, _, err = run(path, "--method", "plurality", capsys=capsys)
    assert status == 2
    assert err == (
        f"tanacs tally: {path}: line 2: count {LARGEST + 1} is above the limit of {LARGEST}\n"
    )


def test_a_billion_declared_alternatives_are_refused_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "billion.soi"
    path.write_text("# NUMBER ALTERNATIVES: 1000000000\n1: 1\n")
    status, _, err = run(path, "--method", "plurality", capsys=capsys)
    assert status == 2
    assert err == (
        f"tanacs tally: {path}: line 1: a number of alternatives of 1,000,000,000 is beyond "
        "the limit of 10,000 alternatives\n"
    )


@pytest.mark.parametrize(
    ("method", "rule", "limit"),
    [
        ("schulze", "Schulze", 250),
        ("ranked-pairs", "ranked pairs", 150),
        ("irv", "instant-runoff", 250),
        ("stv", "STV", 250),
    ],
)
def test_three_thousand_candidates_are_refused_per_rule(
    tmp_path: Path, method: str, rule: str, limit: int, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "crowd.soi"
    path.write_text("# NUMBER ALTERNATIVES: 3000\n1: 1,2,3\n2: 3000,17\n")
    status, _, err = run(path, "--method", method, capsys=capsys)
    assert status == 2
    assert err == (
        f"tanacs tally: error: {rule} counts at most {limit} candidates; this contest has 3,000\n"
    )


def test_three_thousand_candidates_count_by_plurality(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "crowd.soi"
    path.write_text("# NUMBER ALTERNATIVES: 3000\n1: 1,2,3\n2: 3000,17\n")
    status, out, _ = run(path, "--method", "plurality", "--json", capsys=capsys)
    assert status == 0
    assert json.loads(out)["winners"] == ["3000"]


@pytest.mark.parametrize(
    ("weights", "line", "reason"),
    [
        (
            ["1/1000000007", "1/998244353", "1/1000000009"],
            4,
            "weight 1/1000000009 makes the weights' common denominator "
            f"{1_000_000_007 * 998_244_353 * 1_000_000_009}, above the limit of {LARGEST}",
        ),
        (
            ["0.5", "0.0000000000000000000001"],
            3,
            "weight 1/10000000000000000000000 makes the weights' common denominator "
            "10000000000000000000000, above the limit of 9223372036854775807",
        ),
        (
            ["1/10", "999999999999999999"],
            3,
            "weight 999999999999999999 is 9999999999999999990/10 over the weights' common "
            "denominator, a numerator above the limit of 9223372036854775807",
        ),
        (
            ["1/3", str(LARGEST)],
            3,
            f"weight {LARGEST} is {3 * LARGEST}/3 over the weights' common denominator, "
            "a numerator above the limit of 9223372036854775807",
        ),
    ],
)
@pytest.mark.parametrize("method", ["plurality", "score"])
def test_weights_too_fine_or_too_heavy_are_refused_with_the_line(
    tmp_path: Path,
    weights: list[str],
    line: int,
    reason: str,
    method: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "weights.csv"
    path.write_text("weight,A,B\n" + "".join(f"{w},1,\n" for w in weights))
    status, out, err = run(path, "--method", method, capsys=capsys)
    assert status == 2
    assert out == ""
    assert err == f"tanacs tally: {path}: line {line}: {reason}\n"


def test_prime_denominators_within_the_limit_count_exactly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "weights.csv"
    path.write_text("weight,A,B\n1/1000000007,1,\n1/998244353,,1\n1/998244353,,1\n")
    status, out, _ = run(path, "--method", "plurality", "--json", capsys=capsys)
    assert status == 0
    document = json.loads(out)
    assert document["winners"] == ["B"]
    assert document["result"]["votes"] == ["1/1000000007", "2/998244353"]


def test_dev_zero_ends_at_the_line_limit(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(
        Path("/dev/zero"), "--format", "preflib", "--method", "plurality", capsys=capsys
    )
    assert status == 2
    assert out == ""
    assert err == (
        "tanacs tally: /dev/zero: line 1: the line is longer than the limit of 1,048,576 bytes\n"
    )


def test_a_long_line_after_short_ones_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "long.soi"
    short = "# NUMBER ALTERNATIVES: 2\n" + "1: 1\n" * 300_000
    path.write_text(short + "1: " + "1" * (1 << 20) + "\n")
    status, _, err = run(path, "--method", "plurality", capsys=capsys)
    assert status == 2
    assert err == (
        f"tanacs tally: {path}: line 300002: the line is longer than the limit of 1,048,576 bytes\n"
    )


def test_a_file_beyond_the_size_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(tally, "MAX_FILE_BYTES", 1 << 20)
    path = tmp_path / "big.soi"
    path.write_text("# NUMBER ALTERNATIVES: 2\n" + "1: 1,2\n" * 200_000)
    status, _, err = run(path, "--method", "plurality", capsys=capsys)
    assert status == 2
    assert err == f"tanacs tally: {path}: the file is larger than the limit of 1,048,576 bytes\n"
