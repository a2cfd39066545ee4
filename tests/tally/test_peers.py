"""Differential tests: our rules against pref_voting and pyrankvote on random profiles.

Known differences, accounted for below:

- pref_voting's Schulze is ``beat_path`` on margins; on complete strict rankings winning votes
  and margins agree, and on truncated or tied ballots we ask ours for margins.
- Truncated ballots: pref_voting compares two candidates only where a ballot ranks both,
  unless ``use_extended_strict_preference`` is switched on, which gives our rule (a ranked
  candidate beats an unranked one).
- Ties for last in instant-runoff: pref_voting removes every tied candidate at once and
  pyrankvote picks at random; we use the earlier-round rule and then a lot. So instant-runoff
  is compared only on counts where no tie for last occurred.
- Every rule here returns all tied winners as ``tied``; pref_voting's winner list is that set.
"""

from __future__ import annotations

import math
import warnings

from hypothesis import assume, given, settings
from pref_voting.iterative_methods import instant_runoff
from pref_voting.margin_based_methods import beat_path, ranked_pairs
from pref_voting.profiles import Profile
from pref_voting.profiles_with_ties import ProfileWithTies
from pref_voting.scoring_methods import plurality
from pyrankvote import Ballot, Candidate, instant_runoff_voting

from tanacs.tally.ballots import RankedBallots
from tanacs.tally.choice import count_plurality, first_choices
from tanacs.tally.condorcet import count_ranked_pairs, count_schulze
from tanacs.tally.irv import count_irv
from tanacs.tally.pairwise import pairwise_matrix

from .profiles import from_orders, strict_orders, weak_profiles

warnings.filterwarnings("ignore", module="pref_voting")

Orders = tuple[int, list[list[int]], list[int]]


def _profile(orders: Orders) -> Profile:
    n, rankings, counts = orders
    return Profile(rankings, rcounts=counts, cmap={c: str(c) for c in range(n)})


@settings(max_examples=60, deadline=None)
@given(strict_orders())
def test_schulze_ranked_pairs_and_plurality_agree_with_pref_voting(orders: Orders) -> None:
    ballots = from_orders(*orders)
    profile = _profile(orders)
    assert set(count_schulze(ballots).tied) == set(beat_path(profile))
    pairs = count_ranked_pairs(ballots)
    if _few_orders(ballots):
        assert set(pairs.tied) == set(ranked_pairs(profile))
    assert set(count_plurality(first_choices(ballots)).tied) == set(plurality(profile))


def _few_orders(ballots: RankedBallots, limit: int = 120) -> bool:
    """Whether pref_voting's ranked pairs, which tries every order of equal margins, is quick."""
    d = pairwise_matrix(ballots)
    margins = [
        int(d[i, j] - d[j, i]) for i in range(len(d)) for j in range(len(d)) if d[i, j] > d[j, i]
    ]
    orders = 1
    for margin in set(margins):
        orders *= math.factorial(margins.count(margin))
    return orders <= limit


def _weak_profile(ballots: RankedBallots) -> ProfileWithTies:
    rankings = []
    counts = []
    for row, weight in zip(ballots.ranks.tolist(), ballots.weights.tolist(), strict=True):
        if weight:
            rankings.append({c: r for c, r in enumerate(row) if r > 0})
            counts.append(weight)
    profile = ProfileWithTies(
        rankings, rcounts=counts, candidates=list(range(ballots.n_candidates))
    )
    profile.use_extended_strict_preference()
    return profile


@settings(max_examples=60, deadline=None)
@given(weak_profiles())
def test_truncated_and_tied_ballots_agree_with_extended_pref_voting(
    ballots: RankedBallots,
) -> None:
    assume(ballots.total_weight() > 0)
    profile = _weak_profile(ballots)
    assert set(count_schulze(ballots, strength="margin").tied) == set(beat_path(profile))
    if _few_orders(ballots):
        assert set(count_ranked_pairs(ballots).tied) == set(ranked_pairs(profile))


def _had_tie_for_last(ballots: RankedBallots) -> bool:
    return any(r.tie_breaks for r in count_irv(ballots).rounds)


@settings(max_examples=60, deadline=None)
@given(strict_orders())
def test_instant_runoff_agrees_with_pref_voting(orders: Orders) -> None:
    ballots = from_orders(*orders)
    assume(not _had_tie_for_last(ballots))
    result = count_irv(ballots)
    assert list(result.winners) == instant_runoff(_profile(orders))


@settings(max_examples=60, deadline=None)
@given(strict_orders(max_ballots=10, complete=False))
def test_instant_runoff_agrees_with_pyrankvote_on_truncated_ballots(orders: Orders) -> None:
    n, rankings, counts = orders
    ballots = from_orders(n, rankings, counts)
    assume(not _had_tie_for_last(ballots))
    result = count_irv(ballots)
    people = [Candidate(str(c)) for c in range(n)]
    papers = [
        Ballot(ranked_candidates=[people[c] for c in ranking])
        for ranking, count in zip(rankings, counts, strict=True)
        for _ in range(count)
    ]
    winners = instant_runoff_voting(people, papers).get_winners()
    assert [int(w.name) for w in winners] == list(result.winners)
