"""The slice of a federation's tree one page shows.

A federation may hold 10,000 councils, so a page never renders them all: it shows the top
councils with their children, and opens one more council (``?open=<id>``) along the path from
the top down to it. Each shown council comes with its child count and its seats in the parent,
fetched for all shown councils at once, so the number of queries does not grow with the tree.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

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
    # The opened council and those above it are shown even beyond the first children by name.
    on_path: dict[int | None, Council] = {}
    if open_council is not None:
        path = path_to(open_council)
        expand |= {c.pk for c in path}
        on_path = {c.parent_id: c for c in path}
        if path[0].pk not in {c.pk for c in roots}:
            roots.append(path[0])
    nodes = {c.pk: Node(c) for c in roots}
    # Walk down level by level: children of every expanded council that is shown.
    frontier = [c for c in roots if c.pk in expand]
    while frontier:
        next_frontier = []
        for parent in frontier:
            children = list_children_page(parent.pk, CHILDREN_SHOWN)
            below = on_path.get(parent.pk)
            if below is not None and below.pk not in {c.pk for c in children}:
                children.append(below)
            for child in children:  # spare a join: both are known already
                child.federation = federation
                child.parent = parent
            nodes[parent.pk].children = [nodes.setdefault(c.pk, Node(c)) for c in children]
            next_frontier += [c for c in children if c.pk in expand]
        frontier = next_frontier
    counts = count_children(list(nodes))
    seats = list_seats_for([n.council for n in nodes.values()])
    for pk, node in nodes.items():
        node.child_count = counts.get(pk, 0)
        node.seats = seats.get(pk, [])
    return [nodes[c.pk] for c in roots]


def _plural(n: int, word: str, plural: str = "") -> str:
    return f"{n:,} {word if n == 1 else plural or word + 's'}"


def _node_html(node: Node, council_url: str) -> Iterator[str]:
    """One council of the tree as HTML; children follow inside a ``<details>`` when shown.

    Rendered here rather than by a recursive template include: the tree page is the hot path
    and an include per council costs several times more than this.
    """
    c = node.council
    counts = (
        _plural(c.member_count, "member")
        if c.is_base
        else f"represents {_plural(c.represented_count, 'member')}"
    )
    if node.child_count:
        counts += f" · {_plural(node.child_count, 'council')} below"
    yield format_html('<li id="c{}">', c.pk)
    if node.expanded:
        yield "<details open><summary>"
    yield format_html(
        '<span class="node"><a href="{}">{}</a> <span class="counts">· {} · {}</span></span>',
        f"{council_url}{c.pk}/",
        c.name,
        c.level_name,
        counts,
    )
    if node.expanded:
        yield "</summary>"
    if node.seats:
        parent = c.parent.name if c.parent else "its parent"
        yield format_html('<ul class="seats" aria-label="Seats of {} in {}">', c.name, parent)
        for seat in node.seats:
            yield from _seat_html(seat)
        yield "</ul>"
    if node.children is not None:
        if node.children:
            yield "<ul>"
            for child in node.children:
                yield from _node_html(child, council_url)
            yield "</ul>"
        if node.hidden_children > 0:
            yield format_html(
                '<p class="more">{} more: see <a href="{}{}/">{}</a>.</p>',
                f"{node.hidden_children:,}",
                council_url,
                c.pk,
                c.name,
            )
        yield "</details>"
    elif node.child_count:
        yield format_html(
            '<a class="more" href="?open={}#c{}" aria-label="Show the {} below {}">'
            "Show {} below</a>",
            c.pk,
            c.pk,
            _plural(node.child_count, "council"),
            c.name,
            _plural(node.child_count, "council"),
        )
    yield "</li>"


def _seat_html(seat: SeatView) -> Iterator[str]:
    delegate = seat.delegate
    if delegate is None:
        yield format_html(
            "<li>Seat {} (weight {}): <em>vacant</em></li>", seat.number, f"{seat.weight:,}"
        )
        return
    person = delegate.person
    badge = mark_safe(' <span class="badge">substitute</span>') if delegate.position else ""
    yield format_html(
        "<li>Seat {} (weight {}): {}{}</li>",
        seat.number,
        f"{seat.weight:,}",
        person.get_full_name() or person.get_username(),
        badge,
    )


def render_tree(roots: list[Node]) -> SafeString:
    council_url = reverse("web:council", args=[0])[:-2]  # "/c/"
    parts = ['<ul class="tree">']
    for node in roots:
        parts.extend(_node_html(node, council_url))
    parts.append("</ul>")
    return mark_safe("".join(parts))  # every piece above is escaped by format_html
