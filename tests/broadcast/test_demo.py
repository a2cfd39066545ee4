"""The demo carries bulletins from Miskolc, Győr and Pécs, relayed up and down the tree."""

from __future__ import annotations

import pytest
from django.test import Client

from tanacs.archive.audit import audit_federation
from tanacs.broadcast.models import Bulletin
from tanacs.demo import load_demo


@pytest.mark.django_db
def test_the_demo_publishes_bulletins_of_three_towns_and_keeps_one_for_members() -> None:
    report = load_demo(members=400)
    councils = set(
        Bulletin.objects.filter(origin__isnull=True).values_list("council__slug", flat=True)
    )
    assert {"miskolc", "gyor", "pecs"} <= councils
    assert Bulletin.objects.filter(origin__isnull=False).count() >= 2
    gyor = Bulletin.objects.filter(council__slug="gyor").first()
    assert gyor is not None
    page = Client().get(f"/c/{gyor.council_id}/public/").content.decode()
    assert "Council delegates at Győr reaffirm their demands to Nagy" in page
    everything = Client().get(f"/f/{report.federation.slug}/public/").content.decode()
    assert "Pumps and ventilation" not in page + everything  # members only
    assert all("Plausible" in b.body for b in Bulletin.objects.filter(origin__isnull=True))
    assert audit_federation(report.federation).ok
