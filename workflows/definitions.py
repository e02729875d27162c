"""The workflow definitions, as data that reads like the specification.

Each permit type has its own definition so that its rules can change on their own; an application
stays on the definition version it was created with. To change a workflow, add a new version here
and never edit one that applications already use.
"""

from __future__ import annotations

from workflows import compliance_guards, reexport_guards
from workflows.effects import application_effects, permit_effects
from workflows.engine import Engine
from workflows.errors import UnknownDefinition
from workflows.guards import GUARDS
from workflows.model import Definition, TransitionSpec

# Importing these modules registers their guards, which the tables below name.
GUARD_MODULES = (compliance_guards, reexport_guards)
PERMIT_TYPES = ("import", "export", "transit", "re_export")

APPLICATION_STATES_V1 = (
    "draft",
    "submitted",
    "returned",
    "under_review",
    "info_requested",
    "awaiting_decision",
    "approved",
    "refused",
    "withdrawn",
)
FINAL_V1 = ("approved", "refused", "withdrawn")
BEFORE_DECISION = tuple(s for s in APPLICATION_STATES_V1 if s not in FINAL_V1)
FILING_GUARDS = "firm_head form_complete goods_present markings_complete checklist_present"
DECISION_GUARDS = "four_eyes checklist_accepted firm_licence_valid end_user_certificate_unused"

FILING = FILING_GUARDS
REVIEWED = "recommendation_given checklist_accepted"
DECIDED = DECISION_GUARDS
ANY_OPEN = " ".join(BEFORE_DECISION)

# action          from                      to                   who          guards                  reason
APPLICATION_TABLE_V1 = [
    ("submit",       "draft",                  "submitted",         "applicant", FILING,                 False),
    ("resubmit",     "returned",               "submitted",         "applicant", FILING,                 False),
    ("accept",       "submitted",              "under_review",      "officer",   "",                     False),
    ("return",       "submitted under_review", "returned",          "officer",   "",                     True),
    ("request_info", "under_review",           "info_requested",    "officer",   "",                     True),
    ("respond",      "info_requested",         "under_review",      "applicant", "",                     True),
    ("recommend",    "under_review",           "awaiting_decision", "officer",   REVIEWED,               True),
    ("approve",      "awaiting_decision",      "approved",          "approver",  DECIDED,                False),
    ("refuse",       "awaiting_decision",      "refused",           "approver",  "four_eyes",            True),
    ("send_back",    "awaiting_decision",      "under_review",      "approver",  "four_eyes",            True),
    ("withdraw",     ANY_OPEN,                 "withdrawn",         "applicant", "firm_head",            False),
]  # fmt: skip

# Version 2 adds the compliance rules (DESIGN 5): embargoes, sanctions screening, markings,
# re-export consent, earlier refusals, and coded grounds on every refusal.
SCREENED = "no_full_embargo no_listed_entity serials_unique"
FILING_V2 = f"{FILING} {SCREENED} reexport_consistent"
COMPLIANT = (
    f"{SCREENED} embargo_assessed screening_done screening_cleared reexport_consistent "
    "origin_consent_covers similar_refusal_cleared"
)
DECIDED_V2 = f"{DECISION_GUARDS} {COMPLIANT}"
REFUSED_V2 = "four_eyes refusal_grounds_given"

# action          from                      to                   who          guards                  reason
APPLICATION_TABLE_V2 = [
    ("submit",       "draft",                  "submitted",         "applicant", FILING_V2,              False),
    ("resubmit",     "returned",               "submitted",         "applicant", FILING_V2,              False),
    *APPLICATION_TABLE_V1[2:7],
    ("approve",      "awaiting_decision",      "approved",          "approver",  DECIDED_V2,             False),
    ("refuse",       "awaiting_decision",      "refused",           "approver",  REFUSED_V2,             True),
    *APPLICATION_TABLE_V1[9:],
]  # fmt: skip
TABLES = {1: APPLICATION_TABLE_V1, 2: APPLICATION_TABLE_V2}

LABELS = {
    "submit": "Submit to the Ministry",
    "resubmit": "Resubmit after corrections",
    "accept": "Accept as complete and start review",
    "return": "Return to the applicant as incomplete",
    "request_info": "Request information from the applicant",
    "respond": "Answer the information request",
    "recommend": "Recommend a decision to the approver",
    "approve": "Approve and issue the permit",
    "refuse": "Refuse the application",
    "send_back": "Send back to the officer for further review",
    "withdraw": "Withdraw the application",
}


def application_definition(permit_type: str, version: int = 1) -> Definition:
    """Build the application workflow of one permit type from the table above."""
    transitions = tuple(
        TransitionSpec(
            action=action,
            sources=tuple(sources.split()),
            dest=dest,
            roles=tuple(roles.split()),
            guards=tuple(guards.split()),
            reason_required=reason,
            label=LABELS[action],
            effects=application_effects(action),
        )
        for action, sources, dest, roles, guards, reason in TABLES[version]
    )
    return Definition(
        name=f"application.{permit_type}",
        version=version,
        states=APPLICATION_STATES_V1,
        initial="draft",
        final=FINAL_V1,
        transitions=transitions,
        description=f"Application for a {permit_type.replace('_', '-')} permit",
    )


class Registry:
    """Every loaded definition, by name and version, each with its one shared engine."""

    def __init__(self, definitions: list[Definition]):
        self._engines = {(d.name, d.version): Engine(d, GUARDS) for d in definitions}

    def engine(self, name: str, version: int) -> Engine:
        """The engine of one definition version; UnknownDefinition when there is none."""
        try:
            return self._engines[(name, version)]
        except KeyError:
            raise UnknownDefinition(f"No workflow definition {name}@{version}") from None

    def latest(self, name: str) -> int:
        """The newest version of a definition, the one new subjects start on."""
        versions = [v for (n, v) in self._engines if n == name]
        if not versions:
            raise UnknownDefinition(f"No workflow definition named {name}")
        return max(versions)

    def names(self) -> list[str]:
        """The names of every definition, sorted."""
        return sorted({n for (n, _) in self._engines})

    def definitions(self) -> list[Definition]:
        """Every loaded definition."""
        return [e.definition for e in self._engines.values()]


PERMIT_STATES_V1 = ("active", "suspended", "revoked", "expired", "exhausted")

# action       from                to           who         guards  reason
PERMIT_TABLE_V1 = [
    ("suspend",   "active",           "suspended", "approver system", "", True),
    ("reinstate", "suspended",        "active",    "approver", "",     True),
    ("revoke",    "active suspended", "revoked",   "approver", "",     True),
    ("expire",    "active suspended", "expired",   "system",   "",     False),
    ("exhaust",   "active",           "exhausted", "system",   "",     False),
]  # fmt: skip
PERMIT_LABELS = {
    "suspend": "Suspend the permit",
    "reinstate": "Reinstate the suspended permit",
    "revoke": "Revoke the permit",
    "expire": "The validity ended",
    "exhaust": "Everything was shipped",
}


def permit_definition(version: int = 1) -> Definition:
    """The lifecycle of an issued permit."""
    return Definition(
        name="permit",
        version=version,
        states=PERMIT_STATES_V1,
        initial="active",
        final=("revoked", "expired", "exhausted"),
        transitions=tuple(
            TransitionSpec(
                action,
                tuple(sources.split()),
                dest,
                tuple(roles.split()),
                tuple(guards.split()),
                reason,
                PERMIT_LABELS[action],
                permit_effects(action),
            )
            for action, sources, dest, roles, guards, reason in PERMIT_TABLE_V1
        ),
        description="An issued permit",
    )


REGISTRY = Registry(
    [application_definition(t, v) for t in PERMIT_TYPES for v in TABLES] + [permit_definition()]
)


def latest_version(name: str) -> int:
    """The newest version of the named definition."""
    return REGISTRY.latest(name)
