"""The slice of a federation's tree one page shows.

A federation may hold 10,000 councils, so a page never renders them all: it shows the top
councils with their children, and opens one more council (``?open=<id>``) along the path from
the top down to it. Each shown council comes with its child count and its seats in the parent,
fetched for all shown councils at once, so the number of queries does not grow with the tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tanacs.delegation.selectors import SeatView, list_seats_for
from tanacs.federation.models import Council, Federation
from tanacs.federation.selectors import (
    count_children,
    list_children_page,
    list_roots_page,
    path_to,
)

# Beyond this many children of one council the page links to the council page instead.
CHILDREN_SHOWN = 200


@dataclass
class Node:
    council: Council
    child_count: int = 0
    seats: list[SeatView] = field(default_factory=list)
    children: list[Node] | None = None  # None: not loaded on this page

    @property
    def expanded(self) -> bool:
        return self.children is not None

    @property
    def hidden_children(self) -> int:
        return self.child_count - len(self.children or [])


def build_tree(federation: Federation, open_council: Council | None) -> list[Node]:
    roots = list_roots_page(federation, CHILDREN_SHOWN)
    expand = {c.pk for c in roots}
    if open_council is not None:
        expand |= {c.pk for c in path_to(open_council)}
    nodes = {c.pk: Node(c) for c in roots}
    # Walk down level by level: children of every expanded council that is shown.
    frontier = [c.pk for c in roots if c.pk in expand]
    while frontier:
        next_frontier = []
        for parent_id in frontier:
            children = list_children_page(parent_id, CHILDREN_SHOWN)
            nodes[parent_id].children = [nodes.setdefault(c.pk, Node(c)) for c in children]
            next_frontier += [c.pk for c in children if c.pk in expand]
        frontier = next_frontier
    counts = count_children(list(nodes))
    seats = list_seats_for([n.council for n in nodes.values()])
    for pk, node in nodes.items():
        node.child_count = counts.get(pk, 0)
        node.seats = seats.get(pk, [])
    return [nodes[c.pk] for c in roots]
