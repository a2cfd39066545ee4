"""Council page and federation tree page at 1,000,000 members and 10,000 councils.

200 requests each through Django's test client (the full middleware stack, signed in as the
steward), after 10 warm-up requests; median and 95th percentile. Peer: Django's own login
page through the same stack, the floor any page here pays; ratios are page over floor.

    .venv/bin/python bench/pages.py --home DIR       (a TANACS_HOME with load-demo done)
    .venv/bin/python bench/pages.py --database-url postgres://...
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _common import env_for, machine_note, tanacs

REQUESTS = 200


def timings(client: object, url: str) -> list[float]:
    get = client.get  # type: ignore[attr-defined]
    for _ in range(10):
        response = get(url)
        assert response.status_code == 200, (url, response.status_code)
    found = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = get(url)
        found.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return found


def p95(values: list[float]) -> float:
    return sorted(values)[int(len(values) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path)
    parser.add_argument("--database-url")
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--councils", type=int, default=10_000)
    args = parser.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="tanacs-bench-"))
    env = env_for(home=home, database_url=args.database_url)
    if args.home is None and args.database_url is None:
        tanacs("migrate", "--verbosity", "0", env=env)
        tanacs("load-demo", "--members", str(args.members), "--councils", str(args.councils),
               env=env)  # fmt: skip
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "tanacs.config.settings"
    os.environ["TANACS_LOCAL"] = "1"  # a bench on this machine: no secret key needed
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from tanacs.federation.models import Council

    izzo = Council.objects.get(federation__slug="hungary-1956", slug="egyesult-izzo")
    client = Client()
    client.force_login(get_user_model().objects.get(username="steward"))
    members = Council.objects.filter(federation=izzo.federation, level=0)
    total = sum(members.values_list("member_count", flat=True))
    councils = Council.objects.filter(federation=izzo.federation).count()
    print(f"pages at {total:,} members, {councils:,} councils; {machine_note()}")
    floor = timings(Client(), reverse("web:login"))
    floor_p95 = p95(floor)
    print(f"{'page':<38}{'median':>9}{'p95':>9}{'p95/floor':>11}")
    print(f"{'login page (floor)':<38}{statistics.median(floor):>7.1f}ms{floor_p95:>7.1f}ms")
    for label, url in (
        (
            f"council: {izzo.name[:20]} ({izzo.member_count:,})",
            reverse("web:council", args=[izzo.pk]),
        ),
        ("federation tree", reverse("web:federation", args=["hungary-1956"])),
    ):
        found = timings(client, url)
        print(
            f"{label:<38}{statistics.median(found):>7.1f}ms{p95(found):>7.1f}ms"
            f"{p95(found) / floor_p95:>10.1f}x"
        )
    print(f"{REQUESTS} requests each; target p95 under 100 ms")


if __name__ == "__main__":
    main()
