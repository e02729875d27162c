"""Applications through the service layer on a real database."""

from __future__ import annotations

import pytest

from permits.domain import errors
from permits.models import User
from permits.services.applications import (
    available_actions,
    create_application,
    get_application,
    list_applications,
    perform_action,
    update_draft,
)
from tests.factories import (
    Cast,
    UserFactory,
    application_form,
    application_in,
    clock,
    goods_line,
    runtime,
)
from tests.integration.helpers import counts, events, reload


@pytest.fixture
def cast(session):
    return Cast()


def test_a_full_import_lifecycle_reaches_approved_with_one_audit_event_per_step(session, db, cast):
    application = application_in(session, cast, "approved")
    stored = reload(db, application.id)
    history = events(db, application.id)
    # Every event bumped the version once: create, 8 uploads, submit, accept, 8 acceptances, ...
    assert (stored.status, stored.version, stored.recommendation) == (
        "approved", len(history), "approve")  # fmt: skip
    assert stored.submitted_at and stored.decided_at
    trail = [(e.action, e.from_state, e.to_state) for e in history
             if e.action.startswith("application.")]  # fmt: skip
    assert trail == [
        ("application.create", None, "draft"),
        ("application.submit", "draft", "submitted"),
        ("application.accept", "submitted", "under_review"),
        ("application.recommend", "under_review", "awaiting_decision"),
        ("application.approve", "awaiting_decision", "approved"),
    ]
    assert [e.action for e in history].count("document.upload") == 8
    assert [e.action for e in history].count("document.accepted") == 8
    approve = history[-1]
    assert (approve.actor_id, approve.actor_role) == (cast.approver.id, "approver")
    number = f"KZ-IMP-{stored.decided_at.year}-000001"
    assert approve.payload == {
        "version": stored.version, "definition": "application.import@2", "permit": number,
        "checked_against": {"embargo_list": 1, "sanctions_list": 1, "screening_matches": []},
    }  # fmt: skip


def test_a_draft_may_be_incomplete_but_cannot_be_submitted_until_complete(session, db, cast):
    draft = create_application(session, cast.clerk, {"permit_type": "export"})
    with pytest.raises(errors.ActionBlocked) as blocked:
        perform_action(session, cast.head, draft.id, "submit", runtime=runtime())
    codes = {(b.code, b.item) for b in blocked.value.blockers}
    assert ("field_missing", "counterpart_country") in codes
    assert ("field_missing", "end_user_name") in codes
    assert ("goods_missing", "goods") in codes
    assert reload(db, draft.id).status == "draft"


def test_bad_input_names_the_field_and_writes_nothing(session, db, cast):
    before = counts(db)
    with pytest.raises(errors.InvalidInput) as refused:
        create_application(
            session, cast.clerk, application_form(goods=[goods_line(), goods_line(quantity=-1)])
        )
    assert "goods[1].quantity" in refused.value.errors
    assert counts(db) == before


@pytest.mark.parametrize(("change", "field"), [
    ({"counterpart_country": "KZ"}, "counterpart_country"),
    ({"customs_point": "NOWHERE"}, "customs_point"),
    ({"transit_countries": ["RU", "RU"]}, "transit_countries[1]"),
    ({"goods": [goods_line(serial_numbers=["A1", "A2"]), goods_line(serial_numbers=["A2", "B"])]},
     "goods[1].serial_numbers"),
    ({"reexport_of": "KZ-IMP-2026-000001"}, "reexport_of"),
])  # fmt: skip
def test_references_and_contradictions_are_refused_naming_the_field(
    session, db, cast, change, field
):
    before = counts(db)
    with pytest.raises(errors.InvalidInput) as refused:
        create_application(session, cast.clerk, application_form(**change))
    assert field in refused.value.errors
    assert counts(db) == before


def test_only_applicants_create_applications(session, cast):
    with pytest.raises(errors.PermissionDenied):
        create_application(session, cast.officer, application_form())


def test_editing_a_draft_replaces_the_goods_and_bumps_the_version(session, db, cast):
    draft = create_application(session, cast.clerk, application_form())
    version = draft.version
    edited = update_draft(
        session, cast.clerk, draft.id,
        {"goods": [goods_line(quantity=1), goods_line(quantity=3)], "transit_countries": ["RU"]},
        expected_version=version,
    )  # fmt: skip
    stored = reload(db, draft.id)
    assert edited.version == stored.version == version + 1
    with db.scoped() as s:
        stored = s.merge(stored, load=True)
        assert [g.quantity for g in stored.goods] == [1, 3]
        assert [len(g.serial_numbers) for g in stored.goods] == [1, 3]
        assert stored.transit_country_codes == ["RU"]
    assert counts(db)["goods_lines"] == 2


def test_editing_with_a_stale_version_is_a_conflict_and_writes_nothing(session, db, cast):
    draft = create_application(session, cast.clerk, application_form())
    seen = draft.version
    update_draft(session, cast.clerk, draft.id, {"contract_reference": "C-2"}, seen)
    before = counts(db)
    with pytest.raises(errors.StaleVersion):
        update_draft(session, cast.clerk, draft.id, {"contract_reference": "C-3"}, seen)
    assert counts(db) == before
    assert reload(db, draft.id).contract_reference == "C-2"


@pytest.mark.parametrize("state", ["submitted", "under_review", "approved"])
def test_only_a_draft_or_returned_application_can_be_edited(session, cast, state):
    application = application_in(session, cast, state)
    with pytest.raises(errors.InvalidState):
        update_draft(session, cast.clerk, application.id, {"contract_reference": "X"})


def test_a_returned_application_can_be_corrected_and_resubmitted(session, db, cast):
    returned = application_in(session, cast, "returned")
    update_draft(session, cast.clerk, returned.id, {"contract_reference": "BER-2026/115"})
    resubmitted = perform_action(session, cast.head, returned.id, "resubmit", runtime=runtime())
    assert resubmitted.status == "submitted"


def test_another_firms_application_is_not_found_for_reading_editing_or_acting(session, cast):
    application = application_in(session, cast, "draft")
    outsider = UserFactory(role="applicant", is_head=True)
    with pytest.raises(errors.NotFound):
        get_application(session, outsider, application.id)
    with pytest.raises(errors.NotFound):
        update_draft(session, outsider, application.id, {"contract_reference": "X"})
    with pytest.raises(errors.NotFound):
        perform_action(session, outsider, application.id, "withdraw", runtime=runtime())


def test_officers_never_see_drafts_and_admins_and_customs_are_refused_applications(session, cast):
    draft = application_in(session, cast, "draft")
    submitted = application_in(session, cast, "submitted")

    def seen_by(actor):
        return [a.id for a in list_applications(session, actor, clock=clock()).items]

    assert seen_by(cast.officer) == [submitted.id]
    assert set(seen_by(cast.auditor)) == set(seen_by(cast.clerk)) == {draft.id, submitted.id}
    customs = UserFactory(role="customs")
    with pytest.raises(errors.PermissionDenied):
        list_applications(session, cast.admin, clock=clock())
    with pytest.raises(errors.PermissionDenied):
        get_application(session, customs, submitted.id)
    with pytest.raises(errors.NotFound):
        get_application(session, cast.officer, draft.id)


@pytest.mark.parametrize(("state", "member", "action", "error"), [
    ("draft", "clerk", "submit", errors.ActionBlocked),
    ("draft", "officer", "submit", errors.NotFound),
    ("submitted", "head", "accept", errors.PermissionDenied),
    ("submitted", "approver", "approve", errors.InvalidState),
    ("awaiting_decision", "officer", "approve", errors.PermissionDenied),
    ("approved", "head", "withdraw", errors.InvalidState),
    ("under_review", "officer", "teleport", errors.NotFound),
    ("under_review", "auditor", "recommend", errors.PermissionDenied),
])  # fmt: skip
def test_a_refused_action_writes_nothing(session, db, cast, state, member, action, error):
    application = application_in(session, cast, state)
    before = counts(db)
    with pytest.raises(error):
        perform_action(
            session, getattr(cast, member), application.id, action, reason="r", runtime=runtime()
        )
    assert counts(db) == before
    assert reload(db, application.id).status == state


def test_an_action_needing_a_reason_is_blocked_without_one(session, db, cast):
    application = application_in(session, cast, "submitted")
    with pytest.raises(errors.ActionBlocked) as blocked:
        perform_action(
            session, cast.officer, application.id, "return", reason="  ", runtime=runtime()
        )
    assert [b.code for b in blocked.value.blockers] == ["reason_required"]


def test_an_officer_later_made_approver_cannot_approve_what_they_reviewed(session, db, cast):
    application = application_in(session, cast, "awaiting_decision")
    with db.scoped() as s, s.begin():
        s.get(User, cast.officer.id).role = "approver"
    promoted = reload_user(db, cast.officer.id)
    with pytest.raises(errors.ActionBlocked) as blocked:
        perform_action(session, promoted, application.id, "approve", runtime=runtime())
    assert blocked.value.blockers[0].code == "four_eyes"
    approved = perform_action(session, cast.approver, application.id, "approve", runtime=runtime())
    assert approved.status == "approved"


def reload_user(db, user_id):
    with db.scoped() as s:
        return (
            s.get(type(UserFactory._meta.model)(), user_id)
            if False
            else s.get(UserFactory._meta.model, user_id)
        )


def test_available_actions_list_each_action_with_its_blockers(session, cast):
    draft = create_application(session, cast.clerk, {"permit_type": "import"})
    options = {
        o.action: o for o in available_actions(session, cast.head, draft, runtime().policy, clock())
    }
    assert set(options) == {"submit", "withdraw"}
    assert {b.item for b in options["submit"].blockers} >= {"customs_point", "goods"}
    assert options["withdraw"].allowed


def test_send_back_returns_the_application_to_review_and_clears_the_recommendation(
    session, db, cast
):
    application = application_in(session, cast, "awaiting_decision")
    perform_action(
        session,
        cast.approver,
        application.id,
        "send_back",
        reason="check the EUC",
        runtime=runtime(),
    )
    stored = reload(db, application.id)
    assert (stored.status, stored.recommendation) == ("under_review", None)


def test_listing_filters_and_pages_with_a_total(session, cast):
    made = [application_in(session, cast, "submitted") for _ in range(5)]
    application_in(session, cast, "draft", permit_type="export")
    page = list_applications(
        session, cast.officer, status="submitted", page=2, page_size=2, clock=clock()
    )
    assert (page.total, [a.id for a in page.items]) == (5, [made[2].id, made[1].id])
    assert list_applications(session, cast.clerk, permit_type="export", clock=clock()).total == 1
    other = UserFactory(role="applicant")
    assert list_applications(session, cast.auditor, firm_id=other.firm_id, clock=clock()).total == 0


def test_a_refusal_records_its_coded_grounds(session, db, cast):
    application = application_in(session, cast, "awaiting_decision")
    grounds = ["diversion_risk", "documents"]
    perform_action(
        session,
        cast.approver,
        application.id,
        "refuse",
        reason="Doubtful",
        grounds=grounds,
        runtime=runtime(),
    )
    assert reload(db, application.id).refusal_grounds == ["diversion_risk", "documents"]
    assert events(db, application.id)[-1].payload["grounds"] == ["diversion_risk", "documents"]


@pytest.mark.parametrize(
    ("action", "grounds"), [("refuse", ["bad_vibes"]), ("send_back", ["other"])]
)
def test_unknown_grounds_or_grounds_outside_a_refusal_are_refused(
    session, db, cast, action, grounds
):
    application = application_in(session, cast, "awaiting_decision")
    before = counts(db)
    with pytest.raises(errors.InvalidInput) as refused:
        perform_action(
            session,
            cast.approver,
            application.id,
            action,
            reason="r",
            grounds=grounds,
            runtime=runtime(),
        )
    assert "grounds" in refused.value.errors
    assert counts(db) == before


@pytest.mark.parametrize("application_id", [0, -1, 2**31, 2**63 + 5])
def test_an_impossible_id_is_simply_not_found(session, cast, application_id):
    with pytest.raises(errors.NotFound):
        get_application(session, cast.auditor, application_id)
    with pytest.raises(errors.NotFound):
        perform_action(session, cast.officer, application_id, "accept", runtime=runtime())
