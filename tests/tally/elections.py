"""Named elections with published outcomes, shared by the tally tests."""

from __future__ import annotations

from tanacs.tally.ballots import RankedBallots

# Wikipedia's running example of the choice of Tennessee's capital (articles "Schulze method",
# "Ranked pairs", "Instant-runoff voting", "Plurality voting", "Score voting"): 100 voters
# split 42/26/15/17 by where they live, preferring cities nearer to them. Published outcomes:
# plurality Memphis, instant-runoff Knoxville, Schulze and ranked pairs Nashville (the
# Condorcet winner), score voting Nashville (603 points).
TENNESSEE_CITIES = ("Memphis", "Nashville", "Chattanooga", "Knoxville")
M, N, C, K = range(4)
TENNESSEE = RankedBallots.from_orders(
    TENNESSEE_CITIES,
    [[M, N, C, K], [N, C, K, M], [C, K, N, M], [K, C, N, M]],
    weights=[42, 26, 15, 17],
)
# Score voting article: each group's scores out of 10 for Memphis, Nashville, Chattanooga,
# Knoxville.
TENNESSEE_SCORES = ([10, 4, 2, 0], [0, 10, 4, 2], [0, 6, 10, 6], [0, 5, 7, 10])
TENNESSEE_GROUPS = (42, 26, 15, 17)
