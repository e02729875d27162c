"""Guards return blockers with codes and reasons; role and firm rules are enforced."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

import workflows
from tests.unit.test_workflow_transitions import FIRM, REVIEWER, actor_for, complete_facts
from workflows import Actor

IMPORT = workflows.REGISTRY.engine("application.import", 1)
RE_EXPORT = workflows.REGISTRY.engine("application.re_export", 1)


def blockers_of(engine, state, action, actor, facts, params=None):
    with pytest.raises(workflows.ActionBlocked) as refused:
        engine.fire(SimpleNamespace(status=state), action, actor, facts, params or {})
    return [(b.code, b.item) for b in refused.value.blockers]


def test_only_the_head_of_the_firm_may_submit():
    clerk = Actor(id=1, role="applicant", firm_id=FIRM, is_head=False)
    assert blockers_of(IMPORT, "draft", "submit", clerk, complete_facts("import")) == [
        ("not_firm_head", "actor")
    ]


def test_an_applicant_of_another_firm_cannot_act_on_the_application():
    outsider = Actor(id=1, role="applicant", firm_id=FIRM + 1, is_head=True)
    with pytest.raises(workflows.ActionForbidden) as refused:
        IMPORT.fire(SimpleNamespace(status="draft"), "submit", outsider, complete_facts("import"))
    assert refused.value.blockers[0].code == "not_own_firm"


def test_submission_names_every_missing_field_and_the_missing_goods():
    facts = {**complete_facts("import"), "goods": []}
    facts["fields"] = {**facts["fields"], "customs_point": None, "responsible_iin": ""}
    assert blockers_of(IMPORT, "draft", "submit", actor_for("applicant"), facts) == [
        ("field_missing", "responsible_iin"),
        ("field_missing", "customs_point"),
        ("goods_missing", "goods"),
    ]


def test_a_re_export_must_name_the_import_permit_it_re_exports_from():
    facts = complete_facts("re_export")
    facts["fields"]["reexport_of"] = None
    assert ("field_missing", "reexport_of") in blockers_of(
        RE_EXPORT, "draft", "submit", actor_for("applicant"), facts
    )


def test_every_firearm_needs_one_serial_number():
    facts = complete_facts("import")
    facts["goods"] = [
        {"kind": "cartridges", "quantity": 500, "serial_numbers": [], "in_state_register": True},
        {"kind": "firearm", "quantity": 3, "serial_numbers": ["A1"], "in_state_register": True},
    ]
    assert blockers_of(IMPORT, "draft", "submit", actor_for("applicant"), facts) == [
        ("markings_incomplete", "goods[1].serial_numbers")
    ]


@pytest.mark.parametrize(("action", "state"), [
    ("return", "submitted"), ("request_info", "under_review"), ("respond", "info_requested"),
    ("refuse", "awaiting_decision"), ("send_back", "awaiting_decision"),
    ("recommend", "under_review"),
])  # fmt: skip
def test_actions_that_need_a_reason_are_blocked_without_one(action, state):
    role = IMPORT.definition.transition(action).roles[0]
    params = {"reason": "   ", "recommendation": "approve"}
    assert blockers_of(
        IMPORT, state, action, actor_for(role), complete_facts("import"), params
    ) == [("reason_required", "reason")]


def test_a_recommendation_must_say_approve_or_refuse():
    params = {"reason": "ok", "recommendation": "maybe"}
    assert blockers_of(
        IMPORT, "under_review", "recommend", actor_for("officer"), complete_facts("import"), params
    ) == [("recommendation_missing", "recommendation")]


@pytest.mark.parametrize("action", ["approve", "refuse", "send_back"])
def test_the_officer_who_reviewed_an_application_can_never_decide_it(action):
    reviewer_now_approver = Actor(id=REVIEWER, role="approver")
    params = {"reason": "r"}
    assert blockers_of(
        IMPORT, "awaiting_decision", action, reviewer_now_approver, complete_facts("import"), params
    ) == [("four_eyes", "actor")]


def test_options_list_the_actions_of_the_actors_role_with_their_blockers():
    clerk = Actor(id=1, role="applicant", firm_id=FIRM, is_head=False)
    options = {o.action: o for o in IMPORT.options("draft", clerk, complete_facts("import"))}
    assert set(options) == {"submit", "withdraw"}
    assert not options["submit"].allowed
    assert options["submit"].as_dict()["blockers"][0]["code"] == "not_firm_head"
    officer_options = IMPORT.options("submitted", actor_for("officer"), complete_facts("import"))
    assert {o.action for o in officer_options} == {"accept", "return"}
    assert all(o.allowed for o in officer_options)
    assert next(o for o in officer_options if o.action == "return").reason_required


def test_an_applicant_of_another_firm_is_offered_nothing():
    outsider = Actor(id=1, role="applicant", firm_id=FIRM + 1, is_head=True)
    assert IMPORT.options("draft", outsider, complete_facts("import")) == []
