"""Hypothesis strategies for ranked profiles."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from tanacs.tally.ballots import RankedBallots


@st.composite
def weak_profiles(draw: st.DrawFn, max_candidates: int = 5, max_ballots: int = 12) -> RankedBallots:
    """Any ballots at all: truncated, with equal ranks and gaps, and whole-number weights."""
    n = draw(st.integers(1, max_candidates))
    b = draw(st.integers(0, max_ballots))
    cells = draw(st.lists(st.integers(0, n), min_size=b * n, max_size=b * n))
    weights = draw(st.lists(st.integers(0, 4), min_size=b, max_size=b))
    ranks = np.array(cells, dtype=np.int16).reshape(b, n)
    return RankedBallots(tuple("ABCDEFG"[:n]), ranks, np.array(weights, dtype=np.int64))


@st.composite
def strict_orders(
    draw: st.DrawFn, max_candidates: int = 5, max_ballots: int = 15, complete: bool = True
) -> tuple[int, list[list[int]], list[int]]:
    """(candidates, orders best first, counts): strict orders, truncated unless complete."""
    n = draw(st.integers(2, max_candidates))
    k = draw(st.integers(1, max_ballots))
    orders = []
    for _ in range(k):
        order = draw(st.permutations(range(n)))
        length = n if complete else draw(st.integers(1, n))
        orders.append(list(order[:length]))
    counts = draw(st.lists(st.integers(1, 5), min_size=k, max_size=k))
    return n, orders, counts


def from_orders(n: int, orders: list[list[int]], counts: list[int]) -> RankedBallots:
    return RankedBallots.from_orders(tuple("ABCDEFG"[:n]), orders, weights=counts)
