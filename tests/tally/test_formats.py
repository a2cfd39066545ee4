"""Ballot files: BLT, PrefLib and CSV, and the errors a malformed file gets."""

from __future__ import annotations

from fractions import Fraction

import pytest

from tanacs.tally.formats import (
    BallotFileError,
    format_for,
    parse_blt,
    parse_csv,
    parse_preflib,
    parse_yesno_csv,
)
from tanacs.tally.yesno import Vote

BLT = """4 2
-4
3 1 2 0
  2 2=3 1 0

1 3 0
0
"Nagy Imre"
"Maléter Pál"
Kádár János
"Rajk Júlia"
"Budapest, October 1956"
"""


def test_blt_reads_weights_equal_ranks_withdrawn_names_and_title() -> None:
    election = parse_blt(BLT)
    ballots = election.ballots
    assert ballots.candidates == ("Nagy Imre", "Maléter Pál", "Kádár János")
    assert election.withdrawn == ("Rajk Júlia",)
    assert election.seats == 2
    assert election.title == "Budapest, October 1956"
    assert ballots.ranks.tolist() == [[1, 2, 0], [2, 1, 1], [0, 0, 1]]
    assert ballots.weights.tolist() == [3, 2, 1]
    assert parse_blt(BLT.encode()).ballots.ranks.tolist() == ballots.ranks.tolist()


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("", None, "empty"),
        ("3\n", 1, "candidates seats"),
        ("\n3 1 1\n", 2, "candidates seats"),
        ("3 4\n", 1, "seats"),
        ("3 1\n-5\n", 2, "withdrawn"),
        ("3 1\n1 1 2\n0\n", 2, "end with 0"),
        ("3 1\n1 1 x 0\n0\n", 2, "unexpected character"),
        ("3 1\n1 1 0\n1 4 0\n0\n", 3, "out of range"),
        ("3 1\n1 1 2 1 0\n0\n", 2, "twice"),
        ("3 1\n1 1 0 2\n0\n", 2, "end with 0"),
        ("3 1\n1 1= 0\n0\n", 2, "'='"),
        ("3 1\n1 1 0\n", 3, "not closed"),
        ("3 1\n5\n0\n", 2, "end with 0"),
        ("3 1\n123456789012345678 1 0\n0\n", 2, "too large"),
        ('3 1\n1 1 0\n0\n"A"\n"B"\n', 5, "3 candidate names"),
        ('3 1\n1 1 0\n0\n"A"\n"B"\n"A"\n', 6, "distinct"),
        ("3 1\n1 1 0\n0\n", 4, "3 candidate names"),
    ],
)
def test_malformed_blt_names_the_line(text: str, line: int | None, reason: str) -> None:
    with pytest.raises(BallotFileError) as caught:
        parse_blt(text)
    assert caught.value.line == line
    assert reason in caught.value.reason
    if line is not None:
        assert str(caught.value).startswith(f"line {line}: ")


PREFLIB = """# FILE NAME: example.toi
# TITLE: Csepel, 1956
# NUMBER ALTERNATIVES: 3
# ALTERNATIVE NAME 1: Nagy
# ALTERNATIVE NAME 2: Maléter
# ALTERNATIVE NAME 3: Kádár
5: 1,2,3
2: {1,2},3

1: 3
"""


def test_preflib_reads_counts_ties_and_truncation() -> None:
    election = parse_preflib(PREFLIB)
    assert election.title == "Csepel, 1956"
    assert election.ballots.candidates == ("Nagy", "Maléter", "Kádár")
    assert election.ballots.ranks.tolist() == [[1, 2, 3], [1, 1, 2], [0, 0, 1]]
    assert election.ballots.weights.tolist() == [5, 2, 1]


def test_preflib_reads_bytes_comments_anywhere_and_the_largest_count() -> None:
    text = b"# NUMBER ALTERNATIVES: 2\n9223372036854775807: 2,1,\n# a comment\n0:\n"
    ballots = parse_preflib(text).ballots
    assert ballots.weights.tolist() == [9223372036854775807, 0]
    assert ballots.ranks.tolist() == [[2, 1], [0, 0]]


def test_preflib_without_names_numbers_the_candidates() -> None:
    election = parse_preflib("# NUMBER ALTERNATIVES: 2\n1: 2,1\n")
    assert election.ballots.candidates == ("1", "2")


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("# NUMBER ALTERNATIVES: 2\n1 2,1\n", 2, "count: c1,c2"),
        ("# NUMBER ALTERNATIVES: 2\n1: 2,,1\n", 2, "cannot read"),
        ("# NUMBER ALTERNATIVES: 2\n1: 2,3\n", 2, "not among"),
        ("# NUMBER ALTERNATIVES: 2\n1: 2,2\n", 2, "twice"),
        ("# NUMBER ALTERNATIVES: 2\n1: {2,x}\n", 2, "not a candidate"),
        ("1: 1\n", None, "ALTERNATIVE"),
        ("# NUMBER ALTERNATIVES: 1\n# ALTERNATIVE NAME 2: B\n", None, "outside"),
        ("# NUMBER ALTERNATIVES: 2\n1: 1\n 2 :{ 2 , 1,}\n", 3, "'' is not a candidate"),
        ("# NUMBER ALTERNATIVES: 2\n1: 1\n3: 1 2\n", 3, "cannot read the ranking at '1 2'"),
        ("# NUMBER ALTERNATIVES: 2\n1: 1234567890\n", 2, "candidate 1234567890 is not among"),
        (
            "# NUMBER ALTERNATIVES: 2\n9223372036854775808: 1\n",
            2,
            "count 9223372036854775808 is above the limit of 9223372036854775807",
        ),
        (
            "# NUMBER ALTERNATIVES: 1000000000\n1: 1\n",
            1,
            "a number of alternatives of 1,000,000,000 is beyond the limit of 10,000 alternatives",
        ),
        ("# ALTERNATIVE NAME 123456789012: A\n", 1, "an alternative numbered 123,456,789,012"),
        (
            "# NUMBER ALTERNATIVES: 10000\n" + "\n" * 200_000,
            None,
            "200,002 ballots of 10,000 candidates make 2,000,020,000 ranks, more than the limit",
        ),
    ],
)
def test_malformed_preflib_names_the_line(text: str, line: int | None, reason: str) -> None:
    with pytest.raises(BallotFileError) as caught:
        parse_preflib(text)
    assert caught.value.line == line
    assert reason in caught.value.reason


def test_csv_ranks_with_weights() -> None:
    text = "weight,Nagy,Maléter,Kádár\n3,1,2,\n1/2,2,1,2\n\n0.25,,,\n"
    ballots = parse_csv(text).ballots
    assert ballots.candidates == ("Nagy", "Maléter", "Kádár")
    assert ballots.ranks.tolist() == [[1, 2, 0], [2, 1, 2], [0, 0, 0]]
    assert ballots.total_weight() == Fraction(15, 4)
    plain = parse_csv("A,B\n1,2\n").ballots
    assert plain.weights.tolist() == [1]


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("", None, "empty"),
        ("A,A\n1,2\n", 1, "distinct"),
        ("A,B\n1\n", 2, "cells"),
        ("A,B\n1,x\n", 2, "whole number"),
        ("weight,A,B\nx,1,2\n", 2, "not a weight"),
        ("weight,A,B\n-1,1,2\n", 2, "negative"),
        ("A,B\n1,3\n", None, "ballot 1"),
        ("A,B\n1,9223372036854775808\n", 2, "9223372036854775808 is above the limit of"),
        ("A,B\n" + "1" * 5000 + ",\n", 2, "1" * 30 + "... is above the limit of"),
        ('"A",B\n1,x\n', 2, "'x' is not a whole number"),
        ("weight,A,B\r2,1,\r1/0,,1\r", 3, "'1/0' is not a weight"),
        ('A,B\n1,2\n"1,2\n', 3, "not CSV: unexpected end of data"),
    ],
)
def test_malformed_csv_names_the_line(text: str, line: int | None, reason: str) -> None:
    with pytest.raises(BallotFileError) as caught:
        parse_csv(text)
    assert caught.value.line == line
    assert reason in caught.value.reason


def test_yesno_csv() -> None:
    ballots = parse_yesno_csv("weight,vote\n2,Yes\n1,no\n1,spoilt\n")
    assert ballots.votes.tolist() == [Vote.YES, Vote.NO, Vote.SPOILT]
    assert ballots.weights is not None
    assert ballots.weights.tolist() == [2, 1, 1]
    assert parse_yesno_csv("vote\nabstain\n").votes.tolist() == [Vote.ABSTAIN]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("choice\nyes\n", "header"),
        ("vote\nperhaps\n", "not one of"),
        ("weight,vote\n1\n", "cells"),
    ],
)
def test_malformed_yesno_csv(text: str, reason: str) -> None:
    with pytest.raises(BallotFileError) as caught:
        parse_yesno_csv(text)
    assert reason in caught.value.reason


def test_format_for_knows_the_endings() -> None:
    assert format_for("ward.BLT") == "blt"
    assert format_for("dublin.soi") == "preflib"
    assert format_for("vote.csv") == "csv"
    with pytest.raises(BallotFileError):
        format_for("ballots.txt")
