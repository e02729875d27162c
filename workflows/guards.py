"""Guards: small named functions that return blockers (with reasons), never bare booleans.

A guard reads a ``Check``: the facts the caller gathered about the subject (a plain mapping, so
guards need no database), the actor, and the action's parameters. Facts used here:

``firm_id``, ``permit_type``, ``fields`` (form field name -> value), ``goods`` (list of mappings
with ``kind``, ``quantity``, ``serial_numbers``) and ``officer_ids`` (users who acted as officers
on the application).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from workflows.checklist import ItemStatus, evaluate
from workflows.model import Actor, Blocker


@dataclass(frozen=True)
class Check:
    """What a guard may look at: facts about the subject, the actor, the action's parameters."""

    facts: Mapping[str, Any]
    actor: Actor
    params: Mapping[str, Any] = field(default_factory=dict)


Guard = Callable[[Check], list[Blocker]]
GUARDS: dict[str, Guard] = {}


def guard(name: str) -> Callable[[Guard], Guard]:
    """Register a guard under the name that workflow definitions use."""

    def register(fn: Guard) -> Guard:
        GUARDS[name] = fn
        return fn

    return register


# The applicant form: which fields every application needs, and which only some types need.
FORM_FIELDS_ALWAYS = (
    "responsible_full_name",
    "responsible_id_document_type",
    "responsible_id_document_number",
    "responsible_iin",
    "counterpart_country",
    "customs_point",
    "contract_reference",
)
FORM_FIELDS_BY_TYPE = {
    "import": (),
    "export": ("end_user_name", "end_user_country", "consignee_name", "consignee_country"),
    "transit": ("end_user_name", "end_user_country", "consignee_name", "consignee_country"),
    "re_export": (
        "end_user_name",
        "end_user_country",
        "consignee_name",
        "consignee_country",
        "reexport_of",
    ),
}
FIELD_LABELS = {
    "responsible_full_name": "full name of the responsible person",
    "responsible_id_document_type": "identity document type of the responsible person",
    "responsible_id_document_number": "identity document number of the responsible person",
    "responsible_iin": "IIN of the responsible person",
    "counterpart_country": "country of origin or destination",
    "customs_point": "customs point",
    "contract_reference": "contract reference",
    "end_user_name": "end user's name",
    "end_user_country": "end user's country",
    "consignee_name": "consignee's name",
    "consignee_country": "consignee's country",
    "reexport_of": "import permit the goods are re-exported from",
}


def required_form_fields(permit_type: str) -> tuple[str, ...]:
    """The form fields an application of this type must fill before it is submitted."""
    return FORM_FIELDS_ALWAYS + FORM_FIELDS_BY_TYPE.get(permit_type, ())


@guard("firm_head")
def firm_head(check: Check) -> list[Blocker]:
    """Only the head of the firm (or its authorised signatory) may file for the firm."""
    if check.actor.is_head:
        return []
    return [Blocker("not_firm_head", "actor", "Only the head of the firm may submit or withdraw")]


@guard("form_complete")
def form_complete(check: Check) -> list[Blocker]:
    """Every field the permit type needs is filled in."""
    fields = check.facts.get("fields", {})
    return [
        Blocker("field_missing", name, f"The {FIELD_LABELS.get(name, name)} is missing")
        for name in required_form_fields(check.facts.get("permit_type", ""))
        if fields.get(name) in (None, "", [])
    ]


@guard("goods_present")
def goods_present(check: Check) -> list[Blocker]:
    """An application lists at least one goods line."""
    if check.facts.get("goods"):
        return []
    return [Blocker("goods_missing", "goods", "At least one goods line is required")]


@guard("markings_complete")
def markings_complete(check: Check) -> list[Blocker]:
    """Every firearm carries an individual marking: one serial number per weapon."""
    blockers = []
    for index, line in enumerate(check.facts.get("goods", [])):
        if line.get("kind") != "firearm":
            continue
        count, quantity = len(line.get("serial_numbers") or []), line.get("quantity") or 0
        if count != quantity:
            blockers.append(
                Blocker(
                    "markings_incomplete",
                    f"goods[{index}].serial_numbers",
                    f"Goods line {index + 1} lists {count} serial numbers for {quantity} firearms",
                )
            )
    return blockers


@guard("four_eyes")
def four_eyes(check: Check) -> list[Blocker]:
    """The approver is neither an officer who reviewed the application nor one of its firm."""
    actor, facts = check.actor, check.facts
    if actor.id is not None and actor.id in facts.get("officer_ids", ()):
        return [
            Blocker(
                "four_eyes",
                "actor",
                "You reviewed this application; another approver must decide it",
            )
        ]
    if actor.firm_id is not None and actor.firm_id == facts.get("firm_id"):
        return [Blocker("four_eyes", "actor", "A member of the applicant firm cannot decide it")]
    return []


@guard("recommendation_given")
def recommendation_given(check: Check) -> list[Blocker]:
    """A recommendation to the approver says approve or refuse."""
    if check.params.get("recommendation") in ("approve", "refuse"):
        return []
    return [
        Blocker(
            "recommendation_missing",
            "recommendation",
            "A recommendation of 'approve' or 'refuse' is required",
        )
    ]


def _checklist(check: Check) -> list[ItemStatus]:
    return evaluate(check.facts.get("permit_type", ""), check.facts)


@guard("checklist_present")
def checklist_present(check: Check) -> list[Blocker]:
    """Every required document is attached (not rejected, not waiting for the malware scan)."""
    blockers = []
    for status in _checklist(check):
        if status.present:
            continue
        waiting = any(
            d["id"] in status.documents and d.get("scan_status") == "pending_scan"
            for d in check.facts.get("documents", [])
        )
        code, why = ("document_pending_scan", "is waiting for the malware scan") if waiting else (
            "document_missing", "is missing")  # fmt: skip
        blockers.append(Blocker(code, status.item, f"{status.label} {why}"))
    return blockers


@guard("checklist_accepted")
def checklist_accepted(check: Check) -> list[Blocker]:
    """Every required document was accepted by an officer and is still valid today."""
    return [
        Blocker("document_not_accepted", status.item,
                f"{status.label}: no accepted document valid on {check.facts['today']}")
        for status in _checklist(check)
        if not status.accepted
    ]  # fmt: skip


@guard("firm_licence_valid")
def firm_licence_valid(check: Check) -> list[Blocker]:
    """The firm's trade licence is valid on the decision date."""
    until, today = check.facts.get("firm_licence_valid_until"), check.facts.get("today")
    if until is None or today is None or until >= today:
        return []
    return [Blocker("licence_expired", "firm", f"The firm's trade licence expired on {until}")]


@guard("end_user_certificate_unused")
def end_user_certificate_unused(check: Check) -> list[Blocker]:
    """A foreign end-user certificate serves one permit only."""
    used = check.facts.get("used_end_user_certificates", set())
    return [
        Blocker("end_user_certificate_reused", "foreign_end_user_certificate",
                f"End-user certificate {d['number']} of {d['issuer']} already serves a permit")
        for d in check.facts.get("documents", [])
        if d["kind"] == "foreign_end_user_certificate" and (d["number"], d["issuer"]) in used
    ]  # fmt: skip
