"""The officer's review and the approver's brief through the services: verdicts on all documents
at once, the recommendation with its reason, what would block the approval, who cleared what."""

from __future__ import annotations

from datetime import timedelta

import pytest
from freezegun import freeze_time

from permits.domain import errors
from permits.services.applications import perform_action
from permits.services.compliance_review import clear_blocker, compliance_report
from permits.services.decision_brief import get_recommendation, list_approval_blockers
from permits.services.document_verification import verify_documents
from permits.services.documents import list_documents
from tests.factories import Cast, application_in, clock, runtime
from tests.integration.helpers import events, rows

ALIAS = {"name": "Viktor Krasnoff", "country": "UZ", "address": None}
EXPORT_TO_UZ = {"counterpart_country": "UZ", "customs_point": "ZHIBEK-ZHOLY",
                "transit_countries": [], "end_user": ALIAS,
                "consignee": {"name": "Club", "country": "UZ", "address": None}}  # fmt: skip


@pytest.fixture
def cast(session):
    return Cast()


def pending(session, officer, application):
    return [d for d in list_documents(session, officer, application.id)
            if not d.superseded and d.verification == "pending"]  # fmt: skip


def test_every_pending_document_is_decided_in_one_call_with_one_event_each(session, db, cast):
    application = application_in(session, cast, "under_review")
    documents = pending(session, cast.officer, application)
    first, *rest = documents
    verdicts = {first.id: ("rejected", "Unreadable scan")}
    verdicts.update({d.id: ("accepted", None) for d in rest})
    before = len(events(db, application.id))
    verify_documents(session, cast.officer, application.id, verdicts, clock=clock())
    decided = {d.id: (d.verification, d.verification_reason)
               for d in list_documents(session, cast.officer, application.id)}  # fmt: skip
    assert decided[first.id] == ("rejected", "Unreadable scan")
    assert all(decided[d.id] == ("accepted", None) for d in rest)
    written = [e.action for e in events(db, application.id)[before:]]
    assert sorted(written) == sorted(["document.rejected"] + ["document.accepted"] * len(rest))


def test_a_rejection_without_a_reason_writes_nothing_and_names_its_document(session, db, cast):
    application = application_in(session, cast, "under_review")
    first, second, *_ = pending(session, cast.officer, application)
    before = rows(db)
    with pytest.raises(errors.InvalidInput) as refused:
        verify_documents(session, cast.officer, application.id,
                         {first.id: ("accepted", None), second.id: ("rejected", "  ")},
                         clock=clock())  # fmt: skip
    assert list(refused.value.errors) == [f"documents[{second.id}].reason"]
    assert rows(db) == before


def test_one_document_breaking_its_rule_leaves_every_verdict_unrecorded(session, db, cast):
    application = application_in(session, cast, "under_review")
    documents = pending(session, cast.officer, application)
    licence = next(d for d in documents if d.kind == "trade_licence")
    before = rows(db)
    with (
        freeze_time(licence.valid_until + timedelta(days=1)),
        pytest.raises(errors.InvalidInput) as refused,
    ):
        verify_documents(session, cast.officer, application.id,
                         {d.id: ("accepted", None) for d in documents}, clock=clock())  # fmt: skip
    assert f"documents[{licence.id}].decision" in refused.value.errors
    assert rows(db) == before
    assert len(pending(session, cast.officer, application)) == len(documents)


def test_no_verdict_at_all_is_refused(session, cast):
    application = application_in(session, cast, "under_review")
    with pytest.raises(errors.InvalidInput):
        verify_documents(session, cast.officer, application.id, {}, clock=clock())


def test_the_recommendation_and_its_reason_are_read_back_from_the_audit_log(session, cast):
    application = application_in(session, cast, "awaiting_decision")
    found = get_recommendation(session, cast.approver, application.id)
    assert (found.recommendation, found.reason) == ("approve", "complete")
    assert found.officer == cast.officer.username
    with pytest.raises(errors.PermissionDenied):
        get_recommendation(session, cast.clerk, application.id)


def test_a_recommendation_sent_back_no_longer_stands(session, cast):
    application = application_in(session, cast, "awaiting_decision")
    perform_action(session, cast.approver, application.id, "send_back", reason="Check the EUC",
                   runtime=runtime())  # fmt: skip
    assert get_recommendation(session, cast.approver, application.id) is None


def test_the_approval_blockers_are_those_any_approver_would_meet(session, cast):
    application = application_in(session, cast, "under_review", "export", **EXPORT_TO_UZ)
    blockers = list_approval_blockers(
        session, cast.officer, application.id, runtime().policy, clock()
    )
    codes = {b.code for b in blockers}
    assert "sanctions_match" in codes and "document_not_accepted" in codes
    assert "four_eyes" not in codes


def test_a_cleared_finding_carries_who_cleared_it_when_and_why(session, cast):
    application = application_in(session, cast, "under_review", "export", **EXPORT_TO_UZ)
    report = compliance_report(session, cast.officer, application.id, runtime().policy, clock())
    (match,) = report["screening_matches"]
    clear_blocker(session, cast.officer, application.id, code="sanctions_match", key=match["key"],
                  reason="Different person: born 1990", policy=runtime().policy,
                  clock=clock())  # fmt: skip
    report = compliance_report(session, cast.approver, application.id, runtime().policy, clock())
    (clearance,) = report["clearances"]
    assert report["screening_matches"][0]["cleared"]
    assert (clearance["key"], clearance["cleared_by"]) == (match["key"], cast.officer.username)
    assert clearance["reason"] == "Different person: born 1990" and clearance["cleared_at"]
    blockers = list_approval_blockers(
        session, cast.officer, application.id, runtime().policy, clock()
    )
    assert "sanctions_match" not in {b.code for b in blockers}
