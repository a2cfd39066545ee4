"""The Atom feed and public page of a federation with 100,000 public items.

A fresh federation of 100 base councils gets ``--items`` public bulletins, each with its
journal entry (written in bulk, as the demo loader writes). 200 requests each through
Django's test client, signed out, after 10 warm-up requests: the feed's first page, a page
deep in the middle (keyset: as fast as the first), and the federation page. Peer: the same
first page of the feed saved to a file and served by Django's static file view through the
same stack; ratios are page over peer.

    .venv/bin/python bench/broadcast_feed.py                      (SQLite in a temporary home)
    .venv/bin/python bench/broadcast_feed.py --database-url postgres://...
"""

from __future__ import annotations

import argparse
import os
import re
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


def load(items: int) -> str:
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from tanacs.broadcast.models import Bulletin
    from tanacs.federation.actions import do_create_council, do_create_federation
    from tanacs.journal.chain import append_many
    from tanacs.journal.models import Head

    steward = get_user_model().objects.create_user("bench-steward")
    fed = do_create_federation(name="Bench", slug="bench", levels=["workplace", "city"],
                               by=steward)  # fmt: skip
    city = do_create_council(fed, name="City", slug="city", level=1, parent=None, by=steward)
    bases = [
        do_create_council(
            fed, name=f"Works {n}", slug=f"works-{n}", level=0, parent=city, by=steward
        )
        for n in range(100)
    ]
    start = timezone.now() - timedelta(days=60)
    with transaction.atomic():
        first = Head.objects.get(chain=fed.chain).seq + 1
        payloads = [
            (f"bulletin:{n + 1}", {"council": bases[n % 100].pk, "bulletin": n + 1,
                                   "title": f"News {n}", "body": "Text.", "public": True})
            for n in range(items)
        ]  # fmt: skip
        append_many(fed.chain, "bulletin.posted", actor="bench-steward", items=payloads)
        Bulletin.objects.bulk_create(
            [
                Bulletin(
                    pk=n + 1,
                    federation=fed,
                    council=bases[n % 100],
                    title=f"News {n}",
                    body="Text. " * 40,
                    public=True,
                    by=steward,
                    at=start + timedelta(seconds=n * 30),
                    journal_seq=first + n,
                )
                for n in range(items)
            ],
            batch_size=5000,
        )
    return fed.slug


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--items", type=int, default=100_000)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="tanacs-bench-"))
    env = env_for(home=home, database_url=args.database_url)
    tanacs("migrate", "--verbosity", "0", env=env)
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "tanacs.config.settings"
    os.environ["TANACS_LOCAL"] = "1"  # a bench on this machine: no secret key needed
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.urls import path
    from django.views.static import serve

    slug = load(args.items)
    client = Client()
    feed = f"/f/{slug}/feed/"
    body = client.get(feed).content
    (home / "feed.xml").write_bytes(body)
    # The peer: the same bytes from a file, through the same middleware.
    import tanacs.config.urls as root

    root.urlpatterns.insert(0, path("peer/<path:path>", serve, {"document_root": str(home)}))
    settings.DEBUG = False
    middle_url = feed
    for _ in range(20):  # twenty pages deep: keyset reads no more there than on the first
        page = client.get(middle_url)
        assert page.status_code == 200, (middle_url, page.status_code, page.content[:300])
        text = page.content.decode()
        found = re.search(r'<link[^>]*rel="next"[^>]*>', text)
        assert found is not None, "the feed has no next page"
        href = re.search(r'href="([^"]+)"', found.group(0))
        assert href is not None
        middle_url = href.group(1).split("testserver", 1)[1].replace("&amp;", "&")
    print(f"broadcast at {args.items:,} public items; {machine_note()}")
    peer = timings(client, "/peer/feed.xml")
    peer_p95 = p95(peer)
    print(f"{'request':<34}{'median':>9}{'p95':>9}{'p95/peer':>10}")
    print(f"{'static file (peer)':<34}{statistics.median(peer):>7.1f}ms{peer_p95:>7.1f}ms")
    for label, url in (
        ("feed, first page", feed),
        ("feed, a page deep by keyset", middle_url),
        ("federation page (signed out)", f"/f/{slug}/"),
    ):
        found = timings(client, url)
        print(f"{label:<34}{statistics.median(found):>7.1f}ms{p95(found):>7.1f}ms"
              f"{p95(found) / peer_p95:>9.1f}x")  # fmt: skip
    print(f"{REQUESTS} requests each, 50 items a feed page; target feed p95 under 50 ms")


if __name__ == "__main__":
    main()
