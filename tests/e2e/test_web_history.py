"""The history on the application page and the audit timeline read in words."""

from __future__ import annotations

from permits.services.shipments import record_shipment
from tests.e2e.test_web_security import sign_in
from tests.factories import application_in, clock


def page_of(app, member, path: str) -> str:
    client = app.test_client()
    sign_in(client, member.username)
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_application_history_reads_in_words_naming_documents_and_the_permit(
    app, session, people
):
    approved = application_in(session, people, "approved")
    contract = next(d for d in approved.documents if d.kind == "supply_contract")
    html = page_of(app, people.officer, f"/applications/{approved.id}")
    history = html[html.index('id="history"') :]
    for words in ("Created as a draft", "Submitted to the Ministry",
                  "Accepted as complete; the review started", "Recommended approval",
                  f"Document accepted: supply contract {contract.number}",
                  f"Approved; permit {approved.permit.number} issued"):  # fmt: skip
        assert words in history, words
    assert "application.create" not in history and "→" not in history


def test_the_applicant_reads_the_same_words_without_the_internal_recommendation(
    app, session, people
):
    approved = application_in(session, people, "approved")
    history = page_of(app, people.head, f"/applications/{approved.id}")
    assert "Submitted to the Ministry" in history
    assert "Decision recommended to the approver" in history  # that it happened, not what
    assert "Recommended approval" not in history


def test_the_permit_timeline_reads_a_shipment_with_its_quantity_and_customs_point(
    app, session, people
):
    approved = application_in(session, people, "approved")
    permit = approved.permit
    line = permit.lines[0]
    record_shipment(session, people.customs, permit.number, permit.customs_point, clock().today(), [
        {"goods_line_id": line.goods_line_id, "quantity": line.quantity,
         "serial_numbers": line.goods_line.serial_numbers},
    ], clock=clock())  # fmt: skip
    html = page_of(app, people.auditor, f"/audit/timeline?permit={permit.number}")
    assert f"Shipment recorded: {line.quantity} pcs at {permit.customs_point}" in html
    assert "Permit used up: everything was shipped" in html


def test_the_application_timeline_reads_in_words_beside_each_event_code(app, session, people):
    submitted = application_in(session, people, "submitted")
    html = page_of(app, people.auditor, f"/audit/timeline?application={submitted.id}")
    assert "Submitted to the Ministry" in html and "Created as a draft" in html
    assert '<code class="muted">application.submit</code>' in html
