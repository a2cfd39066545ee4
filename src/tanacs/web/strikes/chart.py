"""The timeline of members out as a server-rendered SVG: a step line, no JavaScript."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

WIDTH, HEIGHT, PAD = 600, 200, 30


@dataclass(frozen=True)
class Chart:
    path: str  # the step line's points, for <polyline points="...">
    top: int  # members out at the chart's top edge
    start: datetime
    end: datetime
    width: int = WIDTH
    height: int = HEIGHT
    pad: int = PAD


def step_chart(points: list[tuple[datetime, int]], *, until: datetime) -> Chart | None:
    """Scale ``points`` (time, members out) into the chart's box; ``until`` ends the last step."""
    if not points:
        return None
    start, end = points[0][0], max(until, points[-1][0])
    span = (end - start).total_seconds() or 1.0
    top = max(1, max(out for _, out in points))
    inner_w, inner_h = WIDTH - 2 * PAD, HEIGHT - 2 * PAD

    def x(when: datetime) -> float:
        return PAD + inner_w * (when - start).total_seconds() / span

    def y(out: int) -> float:
        return HEIGHT - PAD - inner_h * out / top

    coords: list[str] = []
    previous: int | None = None
    for when, out in points:
        if previous is not None:
            coords.append(f"{x(when):.1f},{y(previous):.1f}")
        coords.append(f"{x(when):.1f},{y(out):.1f}")
        previous = out
    coords.append(f"{x(end):.1f},{y(points[-1][1]):.1f}")
    return Chart(" ".join(coords), top, start, end)
