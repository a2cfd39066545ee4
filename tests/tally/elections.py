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

# Wikipedia, "Schulze method", the worked example (45 voters, candidates A to E). Published:
# the pairwise matrix d, the strongest paths p, winner E and the order E > A > C > B > D.
A, B, C_, D, E = range(5)
SCHULZE_WIKIPEDIA = RankedBallots.from_orders(
    ("A", "B", "C", "D", "E"),
    [
        [A, C_, B, E, D],
        [A, D, E, C_, B],
        [B, E, D, A, C_],
        [C_, A, B, E, D],
        [C_, A, E, B, D],
        [C_, B, A, D, E],
        [D, C_, E, B, A],
        [E, B, A, D, C_],
    ],
    weights=[5, 5, 8, 3, 7, 2, 7, 8],
)
SCHULZE_WIKIPEDIA_D = (
    (0, 20, 26, 30, 22),
    (25, 0, 16, 33, 18),
    (19, 29, 0, 17, 24),
    (15, 12, 28, 0, 14),
    (23, 27, 21, 31, 0),
)
SCHULZE_WIKIPEDIA_P = (
    (0, 28, 28, 30, 24),
    (25, 0, 28, 33, 24),
    (25, 29, 0, 29, 24),
    (25, 28, 28, 0, 24),
    (25, 28, 28, 31, 0),
)
