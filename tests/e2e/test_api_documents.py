"""Documents over the API: upload, refusals as problems, safe downloads, verification."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import func, select

from documents.samples import sample_pdf
from permits.http.request import runtime_of
from permits.models import Document
from tests.api_client import ApiClient
from tests.documents_samples import javascript_pdf
from tests.factories import application_in
from tests.hostile_files import HOSTILE
from tests.integration.helpers import counts

FEE = {"kind": "fee_receipt", "number": "R-1", "issuer": "Treasury", "issuing_country": "KZ",
       "issued_on": "2026-01-05", "valid_until": "2027-01-05", "authenticated": "true"}  # fmt: skip


def test_an_upload_is_stored_by_hash_and_listed(session, people, as_user):
    draft = application_in(session, people, "draft")
    clerk, pdf = as_user("clerk"), sample_pdf("receipt")
    response = clerk.upload(
        f"/applications/{draft.id}/documents", pdf, FEE, filename="<b>r</b>.pdf"
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert (body["kind"], body["sha256"], body["size"]) == (
        "fee_receipt", hashlib.sha256(pdf).hexdigest(), len(pdf))  # fmt: skip
    assert (body["media_type"], body["scan_status"]) == ("application/pdf", "unscanned")
    assert body["verification"] == {"status": "pending", "reason": None, "verified_at": None}
    assert body["filename"] == "<b>r</b>.pdf"  # kept as given, shown escaped by the web pages
    listed = clerk.get(f"/applications/{draft.id}/documents").get_json()
    assert [d["id"] for d in listed] == [body["id"]]


def test_a_download_is_an_attachment_that_cannot_render_as_a_page(session, people, as_user):
    submitted = application_in(session, people, "submitted")
    officer = as_user("officer")
    document = officer.get(f"/applications/{submitted.id}/documents").get_json()[0]
    response = officer.get(f"/applications/{submitted.id}/documents/{document['id']}/file")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert hashlib.sha256(response.get_data()).hexdigest() == document["sha256"]


def test_refusals_are_problems_naming_the_reason_and_store_nothing(
    app, app_with, session, people, as_user, db
):
    draft = application_in(session, people, "draft")
    clerk = as_user("clerk")
    path = f"/applications/{draft.id}/documents"
    # The same clerk on an app whose documents may be 100 bytes (signing in is audited: first).
    small = ApiClient(app_with(DOCUMENT_MAX_BYTES=100), people.clerk.username)
    before = counts(db)
    hostile = clerk.upload(path, javascript_pdf(), FEE)
    assert hostile.status_code == 422
    assert "JavaScript" in hostile.get_json()["errors"]["file"][0]
    unknown = clerk.upload(path, sample_pdf("x"), {**FEE, "kind": "horoscope"})
    assert "kind" in unknown.get_json()["errors"]
    missing = clerk.call("POST", path, {"kind": "fee_receipt"})
    assert missing.status_code == 415
    big = small.upload(path, sample_pdf("big"), FEE)
    assert (big.status_code, big.mimetype) == (413, "application/problem+json")
    assert counts(db) == before


def test_an_upload_during_review_is_a_409_and_to_another_firm_a_404(session, people, as_user):
    under_review = application_in(session, people, "under_review")
    path = f"/applications/{under_review.id}/documents"
    assert as_user("clerk").upload(path, sample_pdf("late"), FEE).status_code == 409
    assert as_user("outsider").upload(path, sample_pdf("late"), FEE).status_code == 404


def test_an_officer_accepts_and_rejects_over_the_api(session, people, as_user):
    under_review = application_in(session, people, "under_review")
    officer = as_user("officer")
    documents = officer.get(f"/applications/{under_review.id}/documents").get_json()
    base = f"/applications/{under_review.id}/documents"
    accepted = officer.post(f"{base}/{documents[0]['id']}/verification", {"decision": "accepted"})
    assert accepted.get_json()["verification"]["status"] == "accepted"
    no_reason = officer.post(f"{base}/{documents[1]['id']}/verification", {"decision": "rejected"})
    assert "reason" in no_reason.get_json()["errors"]
    rejected = officer.post(f"{base}/{documents[1]['id']}/verification",
                            {"decision": "rejected", "reason": "Illegible seal"})  # fmt: skip
    assert rejected.get_json()["verification"]["reason"] == "Illegible seal"
    checklist = as_user("clerk").get(f"/applications/{under_review.id}/checklist").get_json()
    rejected_item = next(i for i in checklist if documents[1]["id"] in i["documents"])
    assert rejected_item["satisfied"] is False
    assert rejected_item["blockers"][0]["code"] == "document_rejected"


def written(app, db) -> tuple[dict[str, int], int, int]:
    """Rows, document rows and files in the store or quarantine: what an upload could write."""
    intake = runtime_of(app).intake
    files = sum(1 for store in (intake.store, intake.quarantine) if store.root.exists()
                for path in store.root.rglob("*") if path.is_file())  # fmt: skip
    with db.scoped() as s:
        return counts(db), s.scalar(select(func.count()).select_from(Document)), files


@pytest.mark.parametrize("name", [
    "pdf_with_a_javascript_link_annotation", "pdf_with_an_embedded_evil_exe",
    "pdf_encrypted_with_an_empty_user_password", "pdf_with_a_uri_to_a_network_share",
    "pdf_with_an_xfa_form_carrying_script", "png_with_html_after_iend", "jpeg_with_data_after_eoi",
    "png_of_9000_by_9000_pixels", "html_renamed_pdf",
])  # fmt: skip
def test_a_hostile_upload_is_a_422_naming_what_was_found_and_writes_nothing(
    app, session, people, as_user, db, name
):
    draft = application_in(session, people, "draft")
    clerk = as_user("clerk")  # signing in is audited: before counting
    before = written(app, db)
    response = clerk.upload(f"/applications/{draft.id}/documents", HOSTILE[name].make(), FEE)
    assert (response.status_code, response.mimetype) == (422, "application/problem+json")
    assert HOSTILE[name].names in response.get_json()["errors"]["file"][0]
    assert written(app, db) == before
