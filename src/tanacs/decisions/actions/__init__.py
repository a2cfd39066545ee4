"""Every change to decisions, one function each, called by pages, the API and the CLI."""

from tanacs.decisions.actions.elections import (
    ELECTION_TRANSITIONS,
    apply_election_result,
    deal_substitutes,
    do_call_election,
    do_cancel_election,
    do_open_election,
    do_stand,
    do_withdraw_candidacy,
)
from tanacs.decisions.actions.mandates import do_open_mandate_vote, do_set_mandate
from tanacs.decisions.actions.motions import (
    AMENDMENT_TRANSITIONS,
    TRANSITIONS,
    apply_amendment_result,
    apply_motion_result,
    do_cosign_motion,
    do_create_motion,
    do_open_amendment_vote,
    do_open_motion_vote,
    do_propose_amendment,
    do_send_up,
    do_table_motion,
    do_withdraw_amendment,
    do_withdraw_motion,
)
from tanacs.decisions.actions.programmes import (
    do_add_point,
    do_create_programme,
    do_endorse_point,
    do_merge_programme,
)
from tanacs.decisions.actions.recall import (
    PETITION_TRANSITIONS,
    apply_recall_result,
    do_open_recall,
    do_sign_recall,
    do_withdraw_recall,
)
from tanacs.decisions.actions.rules import do_set_council_rules, do_set_federation_rules

__all__ = [
    "AMENDMENT_TRANSITIONS",
    "ELECTION_TRANSITIONS",
    "PETITION_TRANSITIONS",
    "TRANSITIONS",
    "apply_amendment_result",
    "apply_election_result",
    "apply_motion_result",
    "apply_recall_result",
    "deal_substitutes",
    "do_add_point",
    "do_call_election",
    "do_cancel_election",
    "do_cosign_motion",
    "do_create_motion",
    "do_create_programme",
    "do_endorse_point",
    "do_merge_programme",
    "do_open_amendment_vote",
    "do_open_election",
    "do_open_mandate_vote",
    "do_open_motion_vote",
    "do_open_recall",
    "do_propose_amendment",
    "do_send_up",
    "do_set_council_rules",
    "do_set_federation_rules",
    "do_set_mandate",
    "do_sign_recall",
    "do_stand",
    "do_table_motion",
    "do_withdraw_amendment",
    "do_withdraw_candidacy",
    "do_withdraw_motion",
    "do_withdraw_recall",
]
