"""The officer's and the approver's parts of the application page: the recommendation standing
for the approver, the approval's open blockers on the officer's recommendation form (with where
each is cleared), and the confirmation an irreversible action asks for."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

import workflows
from permits.http.request import db_session, runtime
from permits.services.applications import engine_for, get_application
from permits.services.decision_brief import STAFF, get_recommendation, list_approval_blockers
from permits.web.form_problems import Returned
from permits.web.render import actor

CONFIRM = "confirm"
# Where on the page each kind of approval blocker is seen to and cleared (an anchor, its name).
COMPLIANCE = ("compliance", _l("Compliance checks"))
DOCUMENTS = ("documents", _l("Documents"))
EMBARGOES = ("compliance-embargoes", _l("Compliance checks: embargoes"))
SCREENING = ("compliance-screening", _l("Compliance checks: sanctions screening"))
CLEARED_AT = {
    "embargo": EMBARGOES,
    "embargo_assessment_required": EMBARGOES,
    "sanctions_match": SCREENING,
    "sanctions_list_missing": SCREENING,
    "sanctions_listed_entity": SCREENING,
    "similar_refusal": ("compliance-refusals", _l("Compliance checks: earlier refusals")),
    "serial_in_use": ("compliance-serials", _l("Compliance checks: serial numbers")),
    "document_not_accepted": DOCUMENTS,
    "document_missing": DOCUMENTS,
    "document_pending_scan": DOCUMENTS,
    "end_user_certificate_reused": DOCUMENTS,
    "licence_expired": None,
}  # fmt: skip


def needs_confirmation(item: Any, action: str) -> bool:
    """An action that ends the application without deciding it (a withdrawal) cannot be undone:
    it asks to be confirmed. The decision has its own deliberate inputs (grounds, the code)."""
    definition = engine_for(item).definition
    spec = definition.transition(action)
    return spec is not None and spec.dest in definition.final and not spec.effects.decides


def review_parts(item: Any, actions: list[workflows.ActionOption]) -> dict[str, Any]:
    """What the application page shows the staff besides the application itself."""
    session, who = db_session(), actor()
    recommend = next((o for o in actions if "recommendation" in o.effects.accepts), None)
    return {
        "recommendation": get_recommendation(session, who, item.id) if who.role in STAFF else None,
        "approval_blockers": _open_for_approval(item, recommend) if recommend else [],
        "irreversible": [o for o in actions if needs_confirmation(item, o.action)],
    }


def _open_for_approval(item: Any, recommend: workflows.ActionOption) -> list[dict[str, Any]]:
    """The approval's blockers beyond what already blocks the recommendation itself."""
    found = list_approval_blockers(
        db_session(), actor(), item.id, runtime().policy, runtime().clock
    )
    own = {(b.code, b.item) for b in recommend.blockers}
    shown = []
    for blocker in found:
        if (blocker.code, blocker.item) in own:
            continue
        anchor, place = CLEARED_AT.get(blocker.code, COMPLIANCE) or (None, None)
        shown.append({"message": blocker.message, "anchor": anchor, "place": place})
    return shown


def unconfirmed(application_id: int, action: str, form_id: str) -> Returned | None:
    """The action's form sent back when it needs a confirmation it did not carry; None when it
    goes on (the service still refuses a role that may not take it)."""
    item = get_application(db_session(), actor(), application_id)
    if not needs_confirmation(item, action) or request.form.get(CONFIRM) == "yes":
        return None
    if actor().role not in engine_for(item).definition.transition(action).roles:
        return None
    returned = Returned(form_id, request.form)
    returned.add(f"{form_id}-{CONFIRM}", _("Tick the box to confirm: this cannot be undone."))
    return returned
