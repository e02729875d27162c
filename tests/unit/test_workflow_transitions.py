"""Every transition of every definition, and every (state, action) pair that must be refused."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

import workflows
from workflows import Actor, Engine
from workflows.checklist import evaluate
from workflows.guards import FORM_FIELDS_ALWAYS, FORM_FIELDS_BY_TYPE

ENGINES = [workflows.REGISTRY.engine(d.name, d.version) for d in workflows.REGISTRY.definitions()]
FIRM = 7
REVIEWER = 100


def actor_for(role: str) -> Actor:
    """An actor of the role that passes every role-specific guard."""
    return Actor(id=200, role=role, firm_id=FIRM if role == "applicant" else None, is_head=True)


TODAY = date(2026, 11, 29)


def accepted_documents(permit_type: str, facts: dict) -> list[dict]:
    """One accepted, valid document for every checklist item the facts call for."""
    documents = []
    for status in evaluate(permit_type, {**facts, "documents": []}):
        details = {
            "covers_country": status.country,
            "undertaking_no_reexport": True,
            "destination_country": facts["fields"]["counterpart_country"],
            "quantities": {line["model"]: line["quantity"] for line in facts["goods"]},
        }
        documents.append({
            "id": len(documents) + 1, "kind": status.kinds[0], "verification": "accepted",
            "scan_status": "clean", "valid_until": date(2027, 12, 31), "authenticated": True,
            "number": f"N-{len(documents)}", "issuer": "Authority", "details": details,
            "issuing_country": "IT",
        })  # fmt: skip
    return documents


def complete_facts(permit_type: str) -> dict:
    """Facts about an application that satisfy every guard."""
    names = FORM_FIELDS_ALWAYS + FORM_FIELDS_BY_TYPE[permit_type]
    facts = {
        "firm_id": FIRM,
        "permit_type": permit_type,
        "fields": {**dict.fromkeys(names, "x"), "counterpart_country": "UZ",
                   "transit_countries": ["RU"]},
        "goods": [{"kind": "firearm", "model": "M", "calibre": "9mm", "quantity": 2,
                   "serial_numbers": ["A1", "A2"], "in_state_register": True,
                   "country_of_manufacture": "IT"}],
        "officer_ids": {REVIEWER},
        "today": TODAY,
        "counterpart_requires_euc": False,
        "firm_licence_valid_until": date(2030, 1, 1),
        "used_end_user_certificates": set(),
        "embargo_regimes": [],
        "screening": {"list_version": 1, "matches": []},
        "clearances": set(),
        "reexport_source": None,
        "serial_conflicts": [],
        "similar_refusals": [],
    }  # fmt: skip
    facts["documents"] = accepted_documents(permit_type, facts)
    return facts


PARAMS = {"reason": "because", "recommendation": "approve", "grounds": ["other"]}
ALLOWED = [
    pytest.param(engine, spec, source, id=f"{engine.definition.key}:{source}-{spec.action}")
    for engine in ENGINES
    for spec in engine.definition.transitions
    for source in spec.sources
]
REFUSED = [
    pytest.param(engine, state, action, id=f"{engine.definition.key}:{state}-{action}")
    for engine in ENGINES
    for state in engine.definition.states
    for action in engine.definition.actions
    if state not in engine.definition.transition(action).sources
]


def facts_for(engine: Engine) -> dict:
    """Guard-satisfying facts for any definition (permits have no guards yet)."""
    name = engine.definition.name
    return complete_facts(name.split(".", 1)[1]) if name.startswith("application.") else {}


@pytest.mark.parametrize(("engine", "spec", "source"), ALLOWED)
def test_every_allowed_transition_moves_the_subject_to_its_destination(engine, spec, source):
    subject = SimpleNamespace(status=source)
    before, after = engine.fire(
        subject,
        spec.action,
        actor_for(spec.roles[0]),
        facts_for(engine),
        PARAMS,
    )
    assert (before, after, subject.status) == (source, spec.dest, spec.dest)


@pytest.mark.parametrize(("engine", "state", "action"), REFUSED)
def test_every_other_state_and_action_pair_is_refused_and_changes_nothing(engine, state, action):
    subject = SimpleNamespace(status=state)
    role = engine.definition.transition(action).roles[0]
    with pytest.raises(workflows.ActionNotAvailable):
        engine.fire(subject, action, actor_for(role), facts_for(engine), PARAMS)
    assert subject.status == state


@pytest.mark.parametrize(("engine", "spec", "source"), ALLOWED)
def test_every_transition_is_refused_to_every_other_role(engine, spec, source):
    facts = facts_for(engine)
    for role in set(workflows.model.ROLES) - set(spec.roles):
        subject = SimpleNamespace(status=source)
        with pytest.raises(workflows.ActionForbidden) as refused:
            engine.fire(subject, spec.action, actor_for(role), facts, PARAMS)
        assert refused.value.blockers[0].code == "role_not_allowed"
        assert subject.status == source


def test_an_unknown_action_is_refused():
    engine = ENGINES[0]
    with pytest.raises(workflows.UnknownAction):
        engine.fire(SimpleNamespace(status="draft"), "to_approved", actor_for("admin"), {}, {})


def test_the_shared_machine_adds_no_jump_to_state_methods():
    engine = ENGINES[0]
    assert not [name for name in engine._machine.events if name.startswith("to_")]
    assert set(engine._machine.events) == set(engine.definition.actions)


def test_every_permit_type_has_a_definition_and_new_applications_use_the_latest():
    names = workflows.REGISTRY.names()
    kinds = ("import", "export", "transit", "re_export")
    assert names == sorted([f"application.{t}" for t in kinds] + ["permit"])
    assert all(workflows.latest_version(f"application.{t}") == 2 for t in kinds)
    assert workflows.latest_version("permit") == 1
    with pytest.raises(workflows.UnknownDefinition):
        workflows.REGISTRY.engine("application.import", 99)
