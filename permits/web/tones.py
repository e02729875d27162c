"""How states and blockers look: red only for real problems. A blocker that says "not yet"
(a document still to attach or to verify, a field still to fill) is a to-do, drawn calmly; a
status chip wears the colour of its family: in progress, decided well, or stopped."""

from __future__ import annotations

# Blockers that say "not yet" or "not you", never that something is wrong. Every other code
# (a rejected document, an expired licence, an embargo, a sanctions match, a serial already on
# a permit) is a real problem and stays red.
NOT_YET = frozenset({
    "document_missing", "document_not_accepted", "document_pending_scan", "field_missing",
    "goods_missing", "markings_incomplete", "origin_consent_missing", "recommendation_missing",
    "grounds_required", "reason_required", "four_eyes", "not_firm_head", "role_not_allowed",
})  # fmt: skip

# Application and permit states by family; any other state is in progress ("open").
STATUS_FAMILIES = {
    "approved": "good",
    "active": "good",
    "exhausted": "good",  # everything it allowed was shipped
    "refused": "stopped",
    "withdrawn": "stopped",
    "suspended": "stopped",
    "revoked": "stopped",
    "expired": "stopped",
}


def blocker_tone(code: str) -> str:
    """The CSS class of a blocker: ``todo`` for "not yet", ``error`` for a real problem."""
    return "todo" if code in NOT_YET else "error"


def status_family(state: str) -> str:
    """The family of a state, for its chip's colour: ``open``, ``good`` or ``stopped``."""
    return STATUS_FAMILIES.get(state, "open")
