"""Breaking a tie by lot: a separate, named, seeded and recorded step.

The lot is drawn from a seed the result records, so anyone can draw it again and get the
same order. It never reads a clock or the process's random state.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["LotDraw", "draw_lots"]


@dataclass(frozen=True)
class LotDraw:
    """Who was tied, in what context, and the order the lot put them in (first = favoured)."""

    context: str
    tied: tuple[int, ...]
    order: tuple[int, ...]
    seed: str

    @property
    def chosen(self) -> int:
        return self.order[0]


def draw_lots(tied: Sequence[int], *, seed: str, context: str) -> LotDraw:
    """Order ``tied`` candidates by the SHA-256 of (seed, context, candidate)."""
    if not tied:
        raise ValueError("a lot needs at least one tied candidate")

    def key(candidate: int) -> bytes:
        return hashlib.sha256(f"{seed}\x1f{context}\x1f{candidate}".encode()).digest()

    members = tuple(sorted(set(tied)))
    return LotDraw(context=context, tied=members, order=tuple(sorted(members, key=key)), seed=seed)
