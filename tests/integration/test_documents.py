"""Documents through the services: intake refusals, versions, verification rules, guards."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import func, select

from documents.samples import sample_pdf
from permits.domain import errors
from permits.http.request import runtime_of
from permits.models import Document, Firm
from permits.services.applications import perform_action
from permits.services.checklist import application_checklist
from permits.services.document_verification import verify_document
from permits.services.documents import (
    Upload,
    document_file,
    list_documents,
    upload_document,
)
from tests.documents_samples import HOSTILE, hostile
from tests.factories import Cast, application_in, clock, runtime
from tests.integration.helpers import counts, events, reload

FEE = {"kind": "fee_receipt", "number": "R-1", "issuer": "Treasury", "issuing_country": "KZ",
       "issued_on": "2026-01-05"}  # fmt: skip


@pytest.fixture
def cast(session):
    return Cast()


@pytest.fixture
def intake(app):
    return runtime_of(app).intake


def stored_files(intake) -> int:
    return (
        sum(1 for p in intake.store.root.rglob("*") if p.is_file())
        if intake.store.root.exists()
        else 0
    )


def upload(session, actor, application_id, intake, data=None, **meta):
    data = sample_pdf("fee") if data is None else data
    return upload_document(session, actor, application_id, Upload("fee.pdf", data),
                           {**FEE, **meta}, intake)  # fmt: skip


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_or_broken_file_is_refused_and_nothing_is_stored(session, db, cast, intake, name):
    draft = application_in(session, cast, "draft")
    before, files = counts(db), stored_files(intake)
    with pytest.raises(errors.InvalidInput) as refused:
        upload(session, cast.clerk, draft.id, intake, data=hostile(name))
    assert HOSTILE[name][1].lower() in refused.value.errors["file"][0].lower()
    assert (counts(db), stored_files(intake)) == (before, files)


def test_a_file_over_the_limit_is_refused_with_413(session, db, cast, intake):
    draft = application_in(session, cast, "draft")
    small = dataclasses.replace(intake, max_bytes=500)
    with pytest.raises(errors.PayloadTooLarge):
        upload(session, cast.clerk, draft.id, small)
    assert stored_files(intake) == 0


@pytest.mark.parametrize(("meta", "field"), [
    ({"kind": "love_letter"}, "kind"),
    ({"issued_on": "2026-05-01", "valid_until": "2026-04-30"}, "valid_until"),
    ({"kind": "transit_non_objection"}, "covers_country"),
    ({"kind": "origin_consent", "destination_country": "UZ"}, "quantities"),
    ({"issuing_country": "ZZ"}, "issuing_country"),
    ({"quantities": "not json"}, "quantities"),
    ({"colour": "red"}, "colour"),
])  # fmt: skip
def test_bad_metadata_is_refused_naming_the_field(session, db, cast, intake, meta, field):
    draft = application_in(session, cast, "draft")
    before = counts(db)
    with pytest.raises(errors.InvalidInput) as refused:
        upload(session, cast.clerk, draft.id, intake, **meta)
    assert field in refused.value.errors
    assert counts(db) == before


def test_only_the_firms_applicants_upload_and_only_before_review(session, cast, intake):
    draft = application_in(session, cast, "draft")
    outsider = Cast().head
    with pytest.raises(errors.NotFound):
        upload(session, outsider, draft.id, intake)
    with pytest.raises(errors.PermissionDenied):
        upload(session, cast.officer, draft.id, intake)
    under_review = application_in(session, cast, "under_review")
    with pytest.raises(errors.InvalidState):
        upload(session, cast.clerk, under_review.id, intake)
    asked = application_in(session, cast, "info_requested")
    assert upload(session, cast.clerk, asked.id, intake).scan_status == "unscanned"


def test_a_replacement_is_a_new_version_and_the_old_one_stays_for_auditors(session, cast, intake):
    draft = application_in(session, cast, "draft")
    first = upload(session, cast.clerk, draft.id, intake, data=sample_pdf("v1"))
    second = upload(session, cast.clerk, draft.id, intake, data=sample_pdf("v2"), replaces=first.id)
    assert second.replaces_id == first.id
    assert [d.id for d in list_documents(session, cast.clerk, draft.id)] == [second.id]
    assert [d.id for d in list_documents(session, cast.auditor, draft.id)] == [first.id, second.id]
    old, data = document_file(session, cast.auditor, draft.id, first.id, intake.store)
    assert (old.superseded, data) == (True, sample_pdf("v1"))
    with pytest.raises(errors.NotFound):
        document_file(session, cast.clerk, draft.id, first.id, intake.store)
    with pytest.raises(errors.InvalidInput):
        upload(session, cast.clerk, draft.id, intake, replaces=first.id)


def test_submission_names_each_missing_document(session, cast, intake):
    draft = application_in(session, cast, "draft")
    upload(session, cast.clerk, draft.id, intake)
    with pytest.raises(errors.ActionBlocked) as blocked:
        perform_action(session, cast.head, draft.id, "submit", runtime=runtime())
    missing = {b.item for b in blocked.value.blockers if b.code == "document_missing"}
    assert missing == {
        "trade_licence", "supply_contract", "certification", "state_register",
        "industry_licence", "end_user_certificate", "acquisition_licence",
    }  # fmt: skip


def documents_of(session, officer, application, kind):
    return [d for d in list_documents(session, officer, application.id) if d.kind == kind]


def test_recommendation_waits_until_every_document_is_accepted(session, db, cast):
    application = application_in(session, cast, "under_review")
    with pytest.raises(errors.ActionBlocked) as blocked:
        perform_action(session, cast.officer, application.id, "recommend",
                       recommendation="approve", reason="ok", runtime=runtime())  # fmt: skip
    assert {b.code for b in blocked.value.blockers} == {"document_not_accepted"}


def test_a_rejection_needs_a_reason_and_reopens_the_item(session, cast, intake):
    application = application_in(session, cast, "under_review")
    fee = documents_of(session, cast.officer, application, "fee_receipt")[0]
    with pytest.raises(errors.InvalidInput):
        verify_document(
            session, cast.officer, application.id, fee.id, "rejected", " ", clock=clock()
        )
    verify_document(
        session, cast.officer, application.id, fee.id, "rejected", "Wrong amount", clock=clock()
    )
    item = next(e for e in application_checklist(session, cast.clerk, application.id, clock())
                if e.status.key == "fee_receipt")  # fmt: skip
    assert not item.status.present
    assert item.blockers[0].code == "document_rejected"
    assert "Wrong amount" in item.blockers[0].message


def test_an_expired_document_cannot_be_accepted(session, cast, intake):
    application = application_in(session, cast, "under_review")
    licence = documents_of(session, cast.officer, application, "trade_licence")[0]
    with (
        freeze_time(licence.valid_until + timedelta(days=1)),
        pytest.raises(errors.ActionBlocked) as blocked,
    ):
        verify_document(
            session, cast.officer, application.id, licence.id, "accepted", None, clock=clock()
        )
    assert "expired" in blocked.value.blockers[0].message


EXPORT = {"counterpart_country": "UZ", "customs_point": "ZHIBEK-ZHOLY", "transit_countries": ["KG"],
          "end_user": {"name": "Club", "country": "UZ", "address": None},
          "consignee": {"name": "Club", "country": "UZ", "address": None}}  # fmt: skip


@pytest.mark.parametrize(("kind", "change", "problem"), [
    ("foreign_end_user_certificate", {"authenticated": False}, "authenticated original"),
    ("foreign_end_user_certificate", {"details": {"undertaking_no_reexport": False}},
     "undertaking"),
    ("transit_non_objection", {"details": {"covers_country": "CN"}}, "not a transit country"),
])  # fmt: skip
def test_an_officer_cannot_accept_a_document_that_breaks_its_rule(
    session, db, cast, kind, change, problem
):
    application = application_in(session, cast, "under_review", "export", **EXPORT)
    document = documents_of(session, cast.officer, application, kind)[0]
    with db.scoped() as s, s.begin():
        row = s.get(Document, document.id)
        for name, value in change.items():
            setattr(row, name, {**row.details, **value} if name == "details" else value)
    with pytest.raises(errors.ActionBlocked) as blocked:
        verify_document(
            session, cast.officer, application.id, document.id, "accepted", None, clock=clock()
        )
    assert problem in blocked.value.message


def test_an_origin_consent_must_name_the_destination_and_cover_the_quantities(session, db, cast):
    reexport = {**EXPORT, "transit_countries": []}
    application = application_in(session, cast, "under_review", "re_export", **reexport)
    consent = documents_of(session, cast.officer, application, "origin_consent")[0]
    with db.scoped() as s, s.begin():
        s.get(Document, consent.id).details = {"destination_country": "AF", "quantities": {"x": 1}}
    with pytest.raises(errors.ActionBlocked) as blocked:
        verify_document(
            session, cast.officer, application.id, consent.id, "accepted", None, clock=clock()
        )
    assert "another destination" in blocked.value.message
    assert "does not cover" in blocked.value.message


def test_a_document_that_expires_before_the_decision_blocks_approval(session, cast):
    application = application_in(session, cast, "awaiting_decision")
    licence = documents_of(session, cast.officer, application, "trade_licence")[0]
    with (
        freeze_time(licence.valid_until + timedelta(days=1)),
        pytest.raises(errors.ActionBlocked) as blocked,
    ):
        perform_action(session, cast.approver, application.id, "approve", runtime=runtime())
    assert ("document_not_accepted", "trade_licence") in {
        (b.code, b.item) for b in blocked.value.blockers
    }


def test_an_expired_firm_licence_blocks_approval(session, db, cast):
    application = application_in(session, cast, "awaiting_decision")
    with db.scoped() as s, s.begin():
        s.get(Firm, cast.head.firm_id).licence_valid_until = clock().today() - timedelta(days=1)
    with pytest.raises(errors.ActionBlocked) as blocked:
        perform_action(session, cast.approver, application.id, "approve", runtime=runtime())
    assert "licence_expired" in {b.code for b in blocked.value.blockers}


def test_a_foreign_end_user_certificate_serves_one_permit_only(session, db, cast):
    first = application_in(session, cast, "approved", "export", **EXPORT)
    second = application_in(session, cast, "awaiting_decision", "export", **EXPORT)
    used = documents_of(session, cast.officer, first, "foreign_end_user_certificate")[0]
    with db.scoped() as s, s.begin():
        reused = next(d for d in s.get(type(reload(db, second.id)), second.id).documents
                      if d.kind == "foreign_end_user_certificate")  # fmt: skip
        reused.number, reused.issuer = used.number, used.issuer
    with pytest.raises(errors.ActionBlocked) as blocked:
        perform_action(session, cast.approver, second.id, "approve", runtime=runtime())
    assert "end_user_certificate_reused" in {b.code for b in blocked.value.blockers}


def test_uploads_and_verifications_are_audited(session, db, cast):
    application = application_in(session, cast, "awaiting_decision")
    actions = [e.action for e in events(db, application.id)]
    assert actions.count("document.upload") == actions.count("document.accepted") == 8
    with db.scoped() as s:
        assert s.scalar(select(func.count()).select_from(Document)) == 8
