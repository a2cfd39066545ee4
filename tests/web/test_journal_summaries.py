"""The journal page: a sentence per entry, the recorded JSON behind a disclosure, filters by
kind and council, and sentences that never say more than the entry shown to the reader."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tanacs.journal.models import Entry
from tanacs.membership.actions import do_apply
from tanacs.membership.journal_view import pseudonym
from tests.ballots.helpers import open_ballot
from tests.budapest import make_person

pytestmark = pytest.mark.django_db


def journal(budapest: Any, reader: Any = None, **query: Any) -> Any:
    client = Client()
    if reader is not None:
        client.force_login(reader)
    response = client.get(f"/f/{budapest.federation.slug}/journal/", query)
    assert response.status_code == 200
    return response


def test_a_ballot_opened_entry_reads_as_a_sentence(budapest: Any) -> None:
    ballot = open_ballot(budapest.izzo, budapest.izzo_officer, title="Strike until they leave?")
    page = journal(budapest).content.decode()
    assert (
        f'<p class="summary">ballot {ballot.pk} “Strike until they leave?” opened for voting: '
        "the electorate is fixed at 3 electors.</p>"
    ) in page
    assert (
        f'<p class="summary">izzo-officer drew up ballot {ballot.pk} “Strike until they leave?” '
        "in Egyesült Izzó lamp works.</p>"
    ) in page
    # The JSON is still there, folded away; the kind is shown as a code beside the sentence.
    assert "<summary>The entry as recorded</summary>" in page
    assert '<code class="kind">ballot.opened</code>' in page
    assert '<table class="journal">' not in page


def test_an_unknown_kind_falls_back_on_a_generic_sentence(budapest: Any) -> None:
    from django.db import transaction

    from tanacs.journal.chain import append

    with transaction.atomic():
        append(budapest.federation.chain, "strike.called", actor="steward",
               payload={"council": budapest.csepel.pk})  # fmt: skip
    page = journal(budapest, budapest.steward).content.decode()
    assert "Strike called in Csepel iron and steel works, by steward." in page
    # To others the actor of a kind with no rule is an ordinary member: a pseudonym.
    hidden = pseudonym(budapest.federation.chain, "steward")
    assert (
        f"Strike called in Csepel iron and steel works, by {hidden}."
        in journal(budapest).content.decode()
    )


def test_the_journal_filters_by_kind_and_by_council(budapest: Any) -> None:
    ballot = open_ballot(budapest.izzo, budapest.izzo_officer)
    opened = journal(budapest, kind="ballot.opened").context["entries"]
    assert [e.kind for e in opened] == ["ballot.opened"]
    members = journal(budapest, kind="member").context["entries"]
    assert members and {e.kind.split(".")[0] for e in members} == {"member"}
    about = journal(budapest, council=budapest.csepel.pk).context["entries"]
    assert about and all(e.payload.get("council") == budapest.csepel.pk for e in about)
    izzo = journal(budapest, council=budapest.izzo.pk)
    kinds = {e.kind for e in izzo.context["entries"]}
    assert {"ballot.created", "ballot.opened", "member.admitted"} <= kinds
    assert f"ballot:{ballot.pk}" in {e.subject for e in izzo.context["entries"]}
    page = izzo.content.decode()
    council_page = Client()
    council_page.force_login(budapest.members["izzo-1"])
    link = f"/f/{budapest.federation.slug}/journal/?council={budapest.izzo.pk}"
    assert link in council_page.get(f"/c/{budapest.izzo.pk}/").content.decode()
    assert "about Egyesült Izzó lamp works" in page
    assert f'<option value="{budapest.izzo.pk}" selected>' in page
    # A filter the pager keeps, and a kind nobody wrote gives an empty page, not an error.
    nothing = journal(budapest, kind="nothing.here").content.decode()
    assert "No public entries here." in nothing
    assert journal(budapest, kind="<script>", council="x").status_code == 200


def test_a_non_member_reads_no_more_in_a_sentence_than_in_the_entry(budapest: Any) -> None:
    applicant = make_person("szabo.eva")
    do_apply(budapest.csepel, person=applicant)
    outsider = make_person("outsider")
    page = journal(budapest, outsider).content.decode()
    hidden = pseudonym(budapest.federation.chain, "szabo.eva")
    assert f"{hidden} applied to join Csepel iron and steel works." in page
    assert "szabo.eva" not in page
    # A member of the council reads the entry, and its sentence, in full.
    member = journal(budapest, budapest.members["csepel-1"]).content.decode()
    assert "szabo.eva applied to join Csepel iron and steel works." in member
    assert Entry.objects.filter(kind="member.applied").exists()
