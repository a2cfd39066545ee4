"""``tanacs tally``: every method from a ballot file, JSON output, and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tanacs.cli.tally import main

DATA = Path(__file__).parent / "data"
BURLINGTON = str(DATA / "00005-00000002.toi")

TENNESSEE_BLT = """4 1
42 1 2 3 4 0
26 2 3 4 1 0
15 3 4 2 1 0
17 4 3 2 1 0
0
"Memphis"
"Nashville"
"Chattanooga"
"Knoxville"
"Tennessee capital"
"""


@pytest.fixture
def tennessee(tmp_path: Path) -> str:
    path = tmp_path / "tennessee.blt"
    path.write_text(TENNESSEE_BLT)
    return str(path)


@pytest.mark.parametrize(
    ("method", "winner"),
    [
        ("plurality", "Memphis"),
        ("schulze", "Nashville"),
        ("ranked-pairs", "Nashville"),
        ("irv", "Knoxville"),
    ],
)
def test_each_method_names_the_winner_in_json(
    tennessee: str, method: str, winner: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([tennessee, "--method", method, "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["winners"] == [winner]
    assert document["method"] == method
    assert document["result"]["winner_names"] == [winner]


def test_readable_irv_report_goes_round_by_round(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([BURLINGTON, "--method", "irv"]) == 0
    out = capsys.readouterr().out
    assert "elected: Bob Kiss" in out
    assert "round 5" in out
    assert "excluded James Simpson" in out
    assert "over-votes: 4" in out


def test_readable_reports_of_the_other_methods(
    tennessee: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([tennessee, "--method", "schulze"]) == 0
    out = capsys.readouterr().out
    assert "strongest paths:" in out
    assert "ranking: Nashville > Chattanooga > Knoxville > Memphis" in out
    assert main([tennessee, "--method", "ranked-pairs"]) == 0
    assert "locked: Chattanooga > Knoxville" in capsys.readouterr().out
    assert main([tennessee, "--method", "plurality"]) == 0
    assert "Memphis" in capsys.readouterr().out
    assert main([BURLINGTON, "--method", "approval"]) == 0
    assert "elected: Andy Montroll" in capsys.readouterr().out


def test_a_lot_is_shown(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "tie.csv"
    path.write_text("A,B\n1,2\n2,1\n")
    assert main([str(path), "--method", "plurality", "--seed", "s"]) == 0
    assert "lot (plurality: most votes, seed 's')" in capsys.readouterr().out


def test_score_and_yesno_from_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scores = tmp_path / "scores.csv"
    scores.write_text("weight,A,B\n2,5,3\n1,0,5\n")
    assert main([str(scores), "--method", "score"]) == 0
    assert "elected: B" in capsys.readouterr().out  # A 2*5 = 10 points, B 2*3 + 5 = 11
    votes = tmp_path / "votes.csv"
    votes.write_text("weight,vote\n3,yes\n1,no\n1,blank\n")
    assert main([str(votes), "--method", "yesno", "--threshold", "two-thirds"]) == 0
    assert capsys.readouterr().out.startswith("PASSED (threshold)")
    args = [str(votes), "--method", "yesno", "--electorate", "20", "--quorum", "1/2"]
    assert main(args) == 0
    assert capsys.readouterr().out.startswith("FAILED (quorum)")
    assert main([str(votes), "--method", "yesno", "--threshold", "4/5", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["passed"] is False


def test_stv_uses_the_seats_of_the_file(tennessee: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main([tennessee, "--method", "stv", "--json"])
    out, err = capsys.readouterr()
    if code == 2:
        assert "STV counting is not available" in err
    else:
        assert code == 0
        assert len(json.loads(out)["winners"]) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.blt", "--method", "irv"], "cannot read missing.blt"),
        ([BURLINGTON, "--method", "borda"], "invalid choice"),
        ([BURLINGTON], "--method"),
        ([BURLINGTON, "--method", "yesno"], "CSV file with a 'vote' column"),
        ([BURLINGTON, "--method", "score"], "CSV file of scores"),
        ([BURLINGTON, "--method", "stv", "--seats", "9"], "--seats must lie between"),
    ],
)
def test_bad_arguments_give_one_line_and_status_2(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1


def test_a_malformed_file_names_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.blt"
    path.write_text("3 1\n1 1 2 0\n1 1 7 0\n0\n")
    assert main([str(path), "--method", "irv"]) == 2
    assert (
        capsys.readouterr().err == f"tanacs tally: {path}: line 3: candidate number out of range\n"
    )
    text = tmp_path / "bad.soi"
    text.write_bytes(b"# NUMBER ALTERNATIVES: 2\n1: 1,\xff\n")
    assert main([str(text), "--method", "irv"]) == 2
    assert "line 2: not UTF-8 text" in capsys.readouterr().err
    other = tmp_path / "ballots.txt"
    other.write_text("A,A\n")
    assert main([str(other), "--method", "irv"]) == 2
    assert "unknown ballot file type" in capsys.readouterr().err
    assert main([str(other), "--method", "irv", "--format", "csv"]) == 2
    assert "line 1" in capsys.readouterr().err


def test_bad_threshold_and_help(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    votes = tmp_path / "votes.csv"
    votes.write_text("vote\nyes\n")
    assert main([str(votes), "--method", "yesno", "--threshold", "most"]) == 2
    assert "--threshold must be" in capsys.readouterr().err
    assert main(["--help"]) == 0
    assert "ballot file" in capsys.readouterr().out


def test_the_tanacs_command_runs_tally_without_django(tennessee: str) -> None:
    code = "import sys; from tanacs.cli.main import main; main(sys.argv[1:]); "
    run = subprocess.run(
        [sys.executable, "-c", code, "tally", tennessee, "--method", "irv"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "elected: Knoxville" in run.stdout
    bad = subprocess.run(
        [sys.executable, "-c", code, "tally", tennessee + ".none", "--method", "irv"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr


def test_tally_does_not_import_django(tennessee: str) -> None:
    code = (
        "import sys; from tanacs.cli.tally import main; "
        "main(sys.argv[1:]); print('django' in sys.modules)"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, tennessee, "--method", "schulze"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert run.stdout.strip().endswith("False")


def test_stv_report_shows_stages_and_substitutes(
    tennessee: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([tennessee, "--method", "stv", "--seats", "2"]) == 0
    out = capsys.readouterr().out
    assert "stage 1" in out
    assert "substitutes:" in out


def test_an_unexpected_failure_is_still_one_line(
    tennessee: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("tanacs.cli.tally.count_irv", broken)
    assert main([tennessee, "--method", "irv"]) == 1
    assert capsys.readouterr().err == "tanacs tally: internal error: RuntimeError: disk on fire\n"


def test_numbers_print_exactly_when_whole() -> None:
    from fractions import Fraction

    from tanacs.cli.tally import _number

    assert _number(Fraction(4)) == "4"
    assert _number(Fraction(1, 3)) == "0.33333"
    assert _number(7) == "7"


def test_a_reader_that_stops_reading_is_not_an_error(
    tennessee: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # capsys keeps the test's stdout a Python object, so the real one is left alone.
    def closed(*args: object) -> list[str]:
        raise BrokenPipeError

    monkeypatch.setattr("tanacs.cli.tally._report", closed)
    assert main([tennessee, "--method", "irv"]) == 0
    assert capsys.readouterr().err == ""
