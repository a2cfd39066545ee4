"""``tanacs verify`` replays motions, amendments, programmes, mandates, elections, recall
petitions and decision rules, and names any of their rows changed behind the actions' back."""

from __future__ import annotations

from typing import Any

import pytest

from tanacs.archive.audit import audit_federation
from tanacs.ballots.actions import do_cast_vote, do_close_and_declare
from tanacs.decisions.actions import (
    do_add_point,
    do_call_election,
    do_cosign_motion,
    do_create_motion,
    do_create_programme,
    do_open_amendment_vote,
    do_open_recall,
    do_propose_amendment,
    do_send_up,
    do_set_council_rules,
    do_set_federation_rules,
    do_set_mandate,
    do_stand,
    do_withdraw_candidacy,
    record_motion_decided_elsewhere,
)
from tanacs.decisions.models import (
    Amendment,
    Candidate,
    CouncilRules,
    DecisionRules,
    Election,
    Endorsement,
    Mandate,
    Motion,
    ProgrammePoint,
    RecallPetition,
    RecallSignature,
)
from tanacs.delegation.actions import do_set_seat_holders
from tests.budapest import Budapest, build_budapest


def _history() -> tuple[Budapest, dict[str, Any]]:
    """One of every decision, each through its action."""
    budapest = build_budapest(izzo=8, members_per_seat=20)
    m, officer = budapest.members, budapest.izzo_officer
    do_set_federation_rules(budapest.federation, by=budapest.steward, cosigners_needed=1)
    do_set_council_rules(budapest.csepel, by=budapest.csepel_officer, recall_share_percent=50)
    motion = do_create_motion(budapest.izzo, title="Workers' control",
                              text="The council runs the works.", by=m["izzo-1"])  # fmt: skip
    do_cosign_motion(motion, by=m["izzo-2"])
    amendment = do_propose_amendment(motion, text="The council runs the works and the depot.",
                                     by=m["izzo-3"])  # fmt: skip
    ballot = do_open_amendment_vote(amendment, by=officer)
    for person in (officer, m["izzo-1"], m["izzo-2"]):
        do_cast_vote(ballot, by=person, choice="yes")
    do_close_and_declare(ballot, by=officer)
    programme = do_create_programme(budapest.izzo, title="Demands", by=officer)
    do_add_point(programme, text="Free elections.", by=officer)
    carried = record_motion_decided_elsewhere(budapest.izzo, title="Strike", text="Strike.",
                                              carried=True, by=officer)  # fmt: skip
    proposal = do_send_up(carried, by=officer)
    do_set_mandate(proposal, budapest.izzo, position="for", by=officer)
    election = do_call_election(budapest.izzo, by=officer)
    do_stand(election, by=m["izzo-4"])
    do_stand(election, by=m["izzo-5"])
    do_withdraw_candidacy(election, by=m["izzo-5"])
    do_set_seat_holders(budapest.izzo, 1, delegate=m["izzo-6"], by=officer)
    petition = do_open_recall(budapest.izzo, 1, reason="Signed the return.", by=m["izzo-7"])
    return budapest, {"motion": motion, "election": election, "petition": petition,
                      "programme": programme, "proposal": proposal}  # fmt: skip


@pytest.mark.django_db
def test_verify_passes_after_every_kind_of_decision() -> None:
    budapest, made = _history()
    report = audit_federation(budapest.federation)
    assert report.ok, report.differences
    assert report.rows["motion"] == 3
    assert report.rows["amendment (motion, number)"] == 1
    assert report.rows["candidate (election, login)"] == 1
    assert report.rows["recall signatures"] == 1
    assert Motion.objects.get(pk=made["motion"].pk).text.endswith("and the depot.")


def _tamper(budapest: Budapest, made: dict[str, Any], what: str) -> str:
    """Change one row as someone with the database could, and say what verify must name."""
    motion, election, petition = made["motion"], made["election"], made["petition"]
    if what == "motion status":
        Motion.objects.filter(pk=motion.pk).update(status="carried")
        return f"motion {motion.pk}: status is 'carried' in the table"
    if what == "motion text":
        Motion.objects.filter(pk=motion.pk).update(text="The director runs the works.")
        return f"motion {motion.pk}: text"
    if what == "motion inserted":
        Motion.objects.create(council=budapest.izzo, title="x", text="x", author=budapest.steward)
        return "no journal entry made it"
    if what == "co-signature deleted":
        motion.cosignatures.all().delete()
        return f"motion co-signers {motion.pk}: count is 0 in the table, 1 in the journal"
    if what == "amendment":
        Amendment.objects.filter(motion=motion).update(status="rejected")
        return f"amendment (motion, number) ({motion.pk}, 1): status"
    if what == "point":
        ProgrammePoint.objects.filter(programme=made["programme"]).update(text="Nothing.")
        return "programme point (programme, number)"
    if what == "endorsement":
        Endorsement.objects.all().delete()
        return "endorsement (point, council)"
    if what == "mandate":
        Mandate.objects.update(position="against")
        return f"mandate (motion, council) ({made['proposal'].pk}, {budapest.izzo.pk}): position"
    if what == "election":
        Election.objects.filter(pk=election.pk).update(status="cancelled")
        return f"election {election.pk}: status"
    if what == "candidate":
        Candidate.objects.create(election=election, person=budapest.members["izzo-3"])
        return "candidate (election, login)"
    if what == "recall threshold":
        RecallPetition.objects.filter(pk=petition.pk).update(threshold=1)
        return f"recall petition {petition.pk}: threshold"
    if what == "recall signature":
        RecallSignature.objects.create(petition=petition, person=budapest.members["izzo-2"])
        return f"recall signatures {petition.pk}: count is 2 in the table, 1 in the journal"
    if what == "federation rules":
        DecisionRules.objects.update(cosigners_needed=0)
        return "decision rules"
    CouncilRules.objects.update(recall_share_percent=1)
    return f"council decision rules {budapest.csepel.pk}: recall_share_percent"


KINDS = ["motion status", "motion text", "motion inserted", "co-signature deleted",
         "amendment", "point", "endorsement", "mandate", "election", "candidate",
         "recall threshold", "recall signature", "federation rules", "council rules"]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("what", KINDS)
def test_verify_names_a_decision_row_changed_behind_the_actions(what: str) -> None:
    budapest, made = _history()
    words = _tamper(budapest, made, what)
    report = audit_federation(budapest.federation)
    assert not report.ok
    assert any(words in line for line in report.differences), report.differences


@pytest.mark.django_db
def test_federation_rules_are_journaled_before_the_federation_has_a_council() -> None:
    from tanacs.federation.actions import do_create_federation
    from tests.budapest import make_person

    steward = make_person("lone-steward")
    federation = do_create_federation(
        name="Empty", slug="empty", levels=["base", "top"], by=steward
    )
    do_set_federation_rules(federation, by=steward, recall_share_percent=30)
    assert audit_federation(federation).ok
    DecisionRules.objects.update(recall_share_percent=5)
    assert not audit_federation(federation).ok
