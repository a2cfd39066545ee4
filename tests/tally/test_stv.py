"""STV by the Scottish rules: named examples worked by hand from the Order, and edge cases.

The rules are the Scottish Local Government Elections Order 2007 (SSI 2007/42), Schedule 1,
rules 45-52; rule numbers below refer to it.
"""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest

from tanacs.tally.ballots import RankedBallots
from tanacs.tally.results import Outcome
from tanacs.tally.stv import count_scottish_stv, count_stv
from tanacs.tally.ties import draw_lots


def food_election() -> RankedBallots:
    # The worked example of the English Wikipedia article "Single transferable vote"
    # (section "Example"): 20 voters choose 3 foods for a party; Droop quota 6.
    names = ("Oranges", "Pears", "Chocolate", "Strawberries", "Hamburgers")
    orders = [[0]] * 4 + [[1, 0]] * 2 + [[2, 3]] * 8 + [[2, 4]] * 4 + [[3]] + [[4]]
    return RankedBallots.from_orders(names, orders)


def test_wikipedia_food_election_published_outcome() -> None:
    result = count_stv(food_election(), seats=3)
    assert result.winner_names == ("Chocolate", "Oranges", "Strawberries")
    assert result.quota == 6
    assert result.first_preferences == (4, 2, 12, 1, 1)
    totals = [[int(v) for v in stage.totals] for stage in result.stages]
    # Chocolate's surplus of 6 splits 8:4 at value 1/2, as the article shows (4 and 2).
    assert totals == [[4, 2, 12, 1, 1], [4, 2, 6, 5, 3], [6, 0, 6, 5, 3], [6, 0, 6, 5, 0]]
    assert [s.describe(result.candidates) for s in result.stages] == [
        "first preferences",
        "surplus of Chocolate",
        "exclusion of Pears",
        "exclusion of Hamburgers",
    ]
    assert result.stages[-1].last_vacancies  # rule 52: Strawberries fills the last seat
    assert result.substitute_names == ("Hamburgers", "Pears")
    assert not result.decided_by_lot
    assert result.ties == ()


def truncation_election() -> RankedBallots:
    orders = [[0, 1]] * 5 + [[0, 2]] * 2 + [[2]] + [[3]]
    return RankedBallots.from_orders(("A", "B", "C", "D"), orders)


def test_transfer_value_truncated_to_five_decimals_and_loss_recorded() -> None:
    result = count_scottish_stv(truncation_election(), seats=2)
    assert result.quota == 4  # rule 46: 9 // 3 + 1
    surplus = result.stages[1]
    assert surplus.describe(result.candidates) == "surplus of A"
    # Rule 48(3): transfer value 3/7 = 0.428571... truncated to 0.42857.
    assert surplus.totals == (F(4), F("2.14285"), F("1.85714"), F(1))
    assert surplus.transfers == (F(-3), F("2.14285"), F("0.85714"), F(0))
    assert surplus.lost == F("0.00001")
    assert surplus.exhausted == 0
    assert result.winner_names == ("A", "B")
    assert result.substitute_names == ("C", "D")
    # C's papers are set aside at the values they carry: 1 + 2 x 0.42857.
    assert result.stages[3].stage_exhausted == F("1.85714")
    assert result.stages[3].exhausted == 1 + F("1.85714")  # D's paper, then C's


def test_votes_are_conserved_at_every_stage() -> None:
    result = count_scottish_stv(truncation_election(), seats=2)
    for stage in result.stages:
        assert sum(stage.totals) + stage.exhausted + stage.lost == result.valid_votes
    assert sum(s.stage_exhausted + s.stage_lost for s in result.stages) == (
        result.stages[-1].exhausted + result.stages[-1].lost
    )


def test_an_overvote_stops_the_ballot_where_it_occurs() -> None:
    names = ("A", "B", "C", "D")
    overvote: list[int | tuple[int, ...]] = [3, (1, 2), 0]
    orders = [overvote] * 2 + [[3, 1]] + [[0]] * 4 + [[1]] * 4 + [[2]] * 4
    ballots = RankedBallots.from_orders(names, orders)
    result = count_scottish_stv(ballots, seats=1)
    exclusion_of_d = result.stages[1]
    assert exclusion_of_d.describe(names) == "exclusion of D"
    # Two papers reach the over-vote at position 2 and are set aside; one goes to B.
    assert exclusion_of_d.exhausted == 2
    assert exclusion_of_d.transfers[1] == 1


def test_blank_and_invalid_ballots_are_counted_apart() -> None:
    names = ("A", "B")
    ballots = RankedBallots.from_orders(names, [[0], [0], [1], [], [(0, 1)], [0]])
    # A ballot whose only mark is a 2 has no first preference: invalid too.
    ranks = ballots.ranks.copy()
    ranks[5] = [2, 0]
    result = count_scottish_stv(RankedBallots(names, ranks), seats=1)
    assert result.blank == 1
    assert result.invalid == 2
    assert result.valid_votes == 3
    assert result.quota == 2
    assert result.winner_names == ("A",)


def test_exclusion_tie_decided_by_the_most_recent_earlier_stage() -> None:
    names = ("A", "B", "C", "D")
    orders = [[0]] * 6 + [[1]] * 3 + [[2, 0]] * 2 + [[3, 2]]
    result = count_scottish_stv(RankedBallots.from_orders(names, orders), seats=1)
    # After D's exclusion B and C have 3 each; at the first stage C had fewer (rule 51(2)(a)).
    [tie] = result.ties
    assert tie.tied == (1, 2)
    assert tie.rule == "earlier stage"
    assert tie.stage == 1
    assert tie.chosen == 2
    assert result.excluded == (3, 2)
    assert result.winner_names == ("A",)
    assert not result.decided_by_lot


def test_a_lot_decides_only_when_every_stage_is_equal_and_is_recorded() -> None:
    names = ("A", "B", "C")
    ballots = RankedBallots.from_orders(names, [[0], [0], [1], [1], [2]])
    result = count_scottish_stv(ballots, seats=1, seed="Budapest 1956")
    [tie] = result.ties
    assert tie.rule == "lot"
    assert tie.lot is not None
    assert tie.tied == (0, 1)
    assert tie.lot == draw_lots([0, 1], seed="Budapest 1956", context=tie.context)
    assert result.decided_by_lot
    assert result.lots == (tie.lot,)
    excluded = tie.chosen
    assert result.winners == (1 - excluded,)
    again = count_scottish_stv(ballots, seats=1, seed="Budapest 1956")
    assert again == result


def test_surplus_order_largest_first_and_equal_surpluses_by_earlier_stage() -> None:
    names = ("A", "B", "C", "D", "E")
    orders = [[0, 3]] * 5 + [[1, 4]] * 5 + [[3]] + [[4]] + [[2, 1]] * 2 + [[2]]
    # 15 valid papers, 3 seats: quota 4. A and B are elected with 5 each, equal surpluses
    # at every stage, so a lot orders them (rule 49(3)).
    result = count_scottish_stv(RankedBallots.from_orders(names, orders), seats=3)
    assert result.stages[0].elected in ((0, 1), (1, 0))
    surplus_ties = [t for t in result.ties if "surplus" in t.context]
    assert surplus_ties and surplus_ties[0].rule == "lot"
    assert result.stages[1].action == "surplus"
    assert result.stages[1].candidate == surplus_ties[0].chosen


def test_fewer_candidates_than_seats_leaves_seats_unfilled() -> None:
    ballots = RankedBallots.from_orders(("A", "B"), [[0, 1], [1]])
    result = count_scottish_stv(ballots, seats=3)
    assert set(result.winners) == {0, 1}
    assert result.unfilled == 1
    assert result.substitutes == ()


def test_weights_are_exact_fractions() -> None:
    orders = [[0, 1], [0, 2], [2], [3]]
    ballots = RankedBallots.from_orders(
        ("A", "B", "C", "D"), orders, weights=[F(5, 3), F(2, 3), 1, 1]
    )
    result = count_scottish_stv(ballots, seats=2)
    assert result.valid_votes == F(13, 3)
    assert result.quota == 2  # 13/3 / 3 = 1.44..., decimals ignored, plus one
    first = result.stages[0]
    assert first.totals == (F(7, 3), F(0), F(1), F(1))
    surplus = result.stages[1]
    # Transfer value (7/3 - 2) / (7/3) = 1/7 = 0.14285 (truncated); B gets 5/3 of it.
    assert surplus.transfers[1] == F(5, 3) * F("0.14285")
    last = result.stages[-1]
    assert sum(last.totals) + last.exhausted + last.lost == result.valid_votes


def test_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError, match="at least one seat"):
        count_stv(food_election(), seats=0)
    with pytest.raises(ValueError, match="unknown STV rules"):
        count_stv(food_election(), seats=1, rules="irish")
    huge = RankedBallots(("A",), food_election().ranks[:2, :1], np.array([2**60, 1]))
    with pytest.raises(ValueError, match="too large"):
        count_stv(huge, seats=1)


def test_no_ballots_and_no_candidates() -> None:
    empty = RankedBallots(("A", "B"), food_election().ranks[:0, :2])
    result = count_stv(empty, seats=1)
    assert result.valid_votes == 0
    assert len(result.winners) == 1
    nobody = RankedBallots((), food_election().ranks[:3, :0])
    assert count_stv(nobody, seats=1).winners == ()
    assert count_stv(nobody, seats=1).invalid == 3


@pytest.mark.parametrize(
    ("votes", "seats", "quota"),
    [
        (1000, 2, 334),  # City of Edinburgh Council, "Single Transferable Vote (STV)" page
        (4000, 4, 801),  # a Highland candidate's explanation of the 2007 count (saltire.net)
        (8680, 4, 1737),  # Glasgow 2007's 8,680 ballots (data/README.md): 8680 // 5 + 1
    ],
)
def test_the_quota_of_rule_46(votes: int, seats: int, quota: int) -> None:
    names = tuple(f"C{c}" for c in range(seats + 1))
    ballots = RankedBallots.from_orders(
        names, [[c] for c in range(seats + 1)], weights=[votes - seats] + [1] * seats
    )
    assert count_scottish_stv(ballots, seats=seats).quota == quota


def test_the_result_says_in_one_line_how_the_seats_were_filled() -> None:
    ballots = RankedBallots.from_orders(("a", "b", "c"), [[0, 1], [0, 2], [1], [2, 0]])
    scottish = count_stv(ballots, seats=1)
    assert scottish.reason.startswith("1 of 1 seats filled by the Scottish rules: quota 3 of 4")
    meek = count_stv(ballots, seats=2, rules="meek")
    assert "Meek's method" in meek.reason


@pytest.mark.parametrize("rules", ["scottish", "meek"])
def test_an_stv_result_reads_like_every_other_outcome(rules: str) -> None:
    clear = count_stv(food_election(), seats=3, rules=rules)
    assert isinstance(clear, Outcome)
    assert clear.winner_names == tuple(clear.candidates[c] for c in clear.winners)
    assert clear.tied == clear.winners and not clear.lots and not clear.decided_by_lot
    assert clear.reason.startswith("3 of 3 seats filled")
    # Three candidates with one vote each: only lots decide who is excluded and who wins.
    even = RankedBallots.from_orders(("A", "B", "C"), [[0], [1], [2]])
    drawn = count_stv(even, seats=1, rules=rules, seed="s")
    assert drawn.decided_by_lot and drawn.lots
    assert drawn.tied[0] == drawn.winners[0] and sorted(drawn.tied) == [0, 1, 2]
    assert drawn.reason.endswith("a lot decided a step")
