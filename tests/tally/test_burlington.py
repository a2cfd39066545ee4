"""The 2009 Burlington (Vermont) mayoral election: real ballots, official instant-runoff count.

Ballots: PrefLib 00005-00000002.toi (see data/README.md). Official results, Burlington City
Clerk, 3 March 2009 (also reported in Wikipedia, "2009 Burlington mayoral election"):
first preferences Kiss 2585, Montroll 2063, Simpson 35, Smith 1306, Wright 2951, write-ins 36;
after Simpson, Smith and the write-ins are out, Kiss 2981, Montroll 2554, Wright 3294; final
round Kiss 4313, Wright 4061, 606 exhausted: Bob Kiss elected.
"""

from __future__ import annotations

from pathlib import Path

from tanacs.tally.formats import parse_preflib
from tanacs.tally.irv import count_irv

DATA = Path(__file__).parent / "data" / "00005-00000002.toi"


def test_bob_kiss_wins_with_the_official_counts() -> None:
    election = parse_preflib(DATA.read_text())
    assert election.title == "2009 Burlington Mayoral Election"
    assert election.ballots.total_weight() == 8980
    result = count_irv(election.ballots)
    assert result.winner_names == ("Bob Kiss",)
    names = election.ballots.candidates
    first = dict(zip(names, result.first_preferences, strict=True))
    assert first == {
        "Bob Kiss": 2585,
        "Andy Montroll": 2063,
        "James Simpson": 35,
        "Dan Smith": 1306,
        "Kurt Wright": 2951,
        "Write-In": 36,
    }
    # The official count excluded Simpson, Smith and the write-ins at once; one at a time
    # reaches the same three-way stage.
    three_way = next(r for r in result.rounds if len(r.continuing) == 3)
    assert [three_way.totals[c] for c in three_way.continuing] == [2981, 2554, 3294]
    last = result.rounds[-1]
    assert (last.totals[0], last.totals[4]) == (4313, 4061)
    assert last.exhausted == 606
