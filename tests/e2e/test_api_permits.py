"""Permits over the API: download, lifecycle, expiry, and verification by anyone."""

from __future__ import annotations

import hashlib
import io
import re
from datetime import timedelta

import pikepdf
import pytest
from freezegun import freeze_time
from pyhanko.pdf_utils.generic import NameObject, TextStringObject
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from documents.permit_pdf import render_permit
from documents.pki import create_keys
from documents.samples import sample_pdf
from documents.signing import PermitSigner
from permits.models.base import utcnow
from tests.api_client import ApiClient
from tests.factories import application_in
from tests.integration.helpers import events
from tests.unit.test_permit_signing import PERMIT


@pytest.fixture
def issued(session, people):
    application = application_in(session, people, "approved")
    return application.permit.number


def verify(app, data: bytes):
    return ApiClient(app).upload("/verify", data, {}, filename="permit.pdf")


def pdf_of(as_user, number):
    response = as_user("head").get(f"/permits/{number}/pdf")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f"attachment; filename={number}.pdf"
    return response.get_data()


def test_the_issued_pdf_verifies_as_authentic_and_active(app, as_user, issued):
    permit = as_user("head").get(f"/permits/{issued}").get_json()
    data = pdf_of(as_user, issued)
    assert hashlib.sha256(data).hexdigest() == permit["pdf_sha256"]
    assert permit["goods"][0]["quantity_shipped"] == 0
    body = verify(app, data).get_json()
    assert body == {
        "verdict": "authentic",
        "status": "active",
        "permit_number": issued,
        "reasons": [],
    }


def test_a_revoked_permit_is_authentic_but_revoked(app, db, as_user, issued):
    approver = as_user("approver")
    assert approver.post(f"/permits/{issued}/actions/revoke", {}).status_code == 422  # no reason
    revoked = approver.post(f"/permits/{issued}/actions/revoke", {"reason": "Diversion suspected"})
    assert revoked.get_json()["status"] == "revoked"
    assert verify(app, pdf_of(as_user, issued)).get_json()["status"] == "revoked"
    assert "permit.revoke" in [e.action for e in events(db)]
    again = approver.post(f"/permits/{issued}/actions/reinstate", {"reason": "x"})
    assert again.status_code == 409


def test_suspend_and_reinstate_only_by_an_approver(as_user, issued):
    assert (
        as_user("officer").post(f"/permits/{issued}/actions/suspend", {"reason": "r"}).status_code
        == 403
    )
    approver = as_user("approver")
    assert (
        approver.post(f"/permits/{issued}/actions/suspend", {"reason": "audit"}).get_json()[
            "status"
        ]
        == "suspended"
    )
    assert (
        approver.post(f"/permits/{issued}/actions/reinstate", {"reason": "cleared"}).get_json()[
            "status"
        ]
        == "active"
    )
    assert approver.post(f"/permits/{issued}/actions/expire", {}).status_code == 403


def test_a_permit_past_its_last_day_reads_as_expired(as_user, issued, db):
    valid_until = as_user("head").get(f"/permits/{issued}").get_json()["valid_until"]
    from datetime import date

    with freeze_time(date.fromisoformat(valid_until) + timedelta(days=1)):
        assert as_user("customs").get(f"/permits/{issued}").get_json()["status"] == "expired"
    expiry = [e for e in events(db) if e.action == "permit.expire"]
    assert len(expiry) == 1
    assert expiry[0].actor_role == "system"


def test_a_flipped_byte_is_tampered(app, as_user, issued):
    data = bytearray(pdf_of(as_user, issued))
    data[data.index(b"stream", 1000) + 40] ^= 0x01
    body = verify(app, bytes(data)).get_json()
    assert (body["verdict"], body["permit_number"]) == ("tampered", issued)


def test_an_appended_revision_changing_a_quantity_is_tampered(app, as_user, issued):
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_of(as_user, issued)))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page[NameObject("/Quantity")] = TextStringObject("4000 pcs")
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    body = verify(app, out.getvalue()).get_json()
    assert body["verdict"] == "tampered"
    assert any("after signing" in r or "differs" in r for r in body["reasons"])


def test_a_permit_signed_by_another_key_is_tampered(app, tmp_path, issued):
    forged_data = render_permit(PERMIT.__class__(**{**PERMIT.__dict__, "number": issued}))
    forged = PermitSigner(create_keys(tmp_path, b"impostor key")).sign(forged_data, "X", utcnow())
    body = verify(app, forged).get_json()
    assert (body["verdict"], body["permit_number"]) == ("tampered", issued)


def test_other_pdfs_are_unknown_and_non_pdfs_are_refused(app):
    assert verify(app, sample_pdf("brochure")).get_json()["verdict"] == "unknown"
    assert verify(app, b"GIF89a").status_code == 422
    assert verify(app, b"").status_code == 422


def token_in(pdf: bytes) -> str:
    """The verification token printed on the permit (under its QR code)."""
    text = b"".join(page.Contents.read_bytes() for page in pikepdf.open(io.BytesIO(pdf)).pages)
    return re.search(rb"\?t=([A-Za-z0-9_\-]+)", text).group(1).decode()


def test_the_qr_page_shows_the_permit_only_with_its_token(app, as_user, issued):
    client = app.test_client()
    page = client.get(f"/verify/{issued}?t={token_in(pdf_of(as_user, issued))}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Authentic and valid" in html
    assert issued in html
    assert "Beretta 686 Silver Pigeon I" in html
    wrong = client.get(f"/verify/{issued}?t=guess")
    missing = client.get("/verify/KZ-IMP-2026-999999?t=guess")
    assert wrong.status_code == missing.status_code == 404
    assert wrong.get_data(as_text=True) == missing.get_data(as_text=True)


def test_a_huge_verification_upload_is_refused_with_413(app_with):
    response = verify(app_with(DOCUMENT_MAX_BYTES=1000), sample_pdf("big") + b"%" * 2000)
    assert (response.status_code, response.mimetype) == (413, "application/problem+json")


@pytest.mark.parametrize("action", ["reinstate", "suspend", "revoke"])
def test_a_customs_officer_learns_nothing_of_a_permits_state_from_an_action_it_may_not_take(
    as_user, issued, action
):
    customs = as_user("customs")
    answer = customs.post(f"/permits/{issued}/actions/{action}", {"reason": "probe"})
    assert (answer.status_code, answer.get_json()["code"]) == (403, "forbidden")
    stale = customs.post(
        f"/permits/{issued}/actions/{action}", {"reason": "probe"}, **{"If-Match": '"99"'}
    )
    assert stale.status_code == 403


def test_an_applicant_approving_gets_403_whatever_the_applications_state_or_version(
    session, people, as_user
):
    for state in ("draft", "submitted", "approved"):
        application = application_in(session, people, state)
        head = as_user("head")
        for headers in ({}, {"If-Match": '"99"'}):
            answer = head.post(f"/applications/{application.id}/actions/approve", {}, **headers)
            assert answer.status_code == 403, (state, headers, answer.get_json())
