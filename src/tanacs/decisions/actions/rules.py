"""The numbers a federation decides by, and a council's own overrides."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from tanacs.core.actors import actor_label
from tanacs.core.errors import InvalidInput
from tanacs.decisions.actions._common import journal
from tanacs.decisions.models import CouncilRules, DecisionRules
from tanacs.federation.access import require_council_officer, require_steward
from tanacs.federation.models import Council, Federation
from tanacs.journal.chain import append

if TYPE_CHECKING:
    from django.contrib.auth.models import User

__all__ = ["do_set_council_rules", "do_set_federation_rules"]


def _check(cosigners_needed: int | None, recall_share_percent: int | None) -> None:
    if cosigners_needed is not None and not 0 <= cosigners_needed <= 1000:
        raise InvalidInput("Co-signers needed must lie between 0 and 1000.",
                           field="cosigners_needed")  # fmt: skip
    if recall_share_percent is not None and not 1 <= recall_share_percent <= 100:
        raise InvalidInput("The recall share is a percentage from 1 to 100.",
                           field="recall_share_percent")  # fmt: skip


@transaction.atomic
def do_set_federation_rules(
    federation: Federation, *, by: User, cosigners_needed: int | None = None,
    recall_share_percent: int | None = None, mandates_bind: bool | None = None,
) -> DecisionRules:  # fmt: skip
    """Stewards set the federation's defaults; ``None`` leaves a number as it is."""
    require_steward(by, federation, "set how the federation decides")
    _check(cosigners_needed, recall_share_percent)
    rules, _ = DecisionRules.objects.select_for_update().get_or_create(federation=federation)
    if cosigners_needed is not None:
        rules.cosigners_needed = cosigners_needed
    if recall_share_percent is not None:
        rules.recall_share_percent = recall_share_percent
    if mandates_bind is not None:
        rules.mandates_bind = mandates_bind
    rules.save()
    # Journaled on the federation's chain even before it has a council: tanacs verify holds
    # the table to this entry.
    append(federation.chain, "decisions.rules", actor=actor_label(by),
           subject=f"federation:{federation.pk}",
           payload={"cosigners_needed": rules.cosigners_needed,
                    "recall_share_percent": rules.recall_share_percent,
                    "mandates_bind": rules.mandates_bind})  # fmt: skip
    return rules


@transaction.atomic
def do_set_council_rules(
    council: Council, *, by: User, cosigners_needed: int | None = None,
    recall_share_percent: int | None = None,
) -> CouncilRules:  # fmt: skip
    """Officers give their council its own numbers (``None``: the federation's)."""
    require_council_officer(by, council, "set how it decides")
    _check(cosigners_needed, recall_share_percent)
    rules, _ = CouncilRules.objects.select_for_update().get_or_create(council=council)
    rules.cosigners_needed = cosigners_needed
    rules.recall_share_percent = recall_share_percent
    rules.save()
    journal(council, "decisions.council_rules", f"council:{council.pk}", by=by,
            cosigners_needed=cosigners_needed,
            recall_share_percent=recall_share_percent)  # fmt: skip
    return rules
