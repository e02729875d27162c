"""Attaching the checklist's documents on the application page: one form for every open item
(blank ones skipped, each document in its own transaction), and no dead end: a refused document
comes back beside its fields with what was typed, the others stay attached."""

from __future__ import annotations

import dataclasses
import io
import re
from datetime import timedelta

from documents.samples import sample_pdf
from documents.scanning import ScanResult
from permits.domain.clock import Clock
from permits.http.request import RUNTIME
from permits.models import Document
from tests.e2e.test_web_forms_come_back import summary_links
from tests.e2e.test_web_security import csrf_of, sign_in
from tests.factories import application_in
from tests.hostile_files import open_action_javascript_pdf

ISSUED = (Clock().today() - timedelta(days=10)).isoformat()


class FlaggingScanner:
    """A scanner that finds the EICAR test signature in every file."""

    def scan(self, data: bytes) -> ScanResult:
        return ScanResult("infected", "Eicar-Test-Signature")


def block(name: str, number: str, data: bytes | None, **more: str) -> dict:
    """One item's block of the form, under its names."""
    fields = {f"{name}-number": number, f"{name}-issuer": "Competent authority",
              f"{name}-issuing_country": "KZ", f"{name}-issued_on": ISSUED, **more}  # fmt: skip
    if data is not None:
        fields[f"{name}-file"] = (io.BytesIO(data), f"{name}.pdf")
    return fields


def open_page(app, session, people):
    draft = application_in(session, people, "draft")
    client = app.test_client()
    sign_in(client, people.clerk.username)
    return draft, client, client.get(f"/applications/{draft.id}").get_data(as_text=True)


def attached(session, application_id: int) -> list[str]:
    session.rollback()  # a fresh snapshot: the page wrote in its own transactions
    found = session.query(Document).filter_by(application_id=application_id).all()
    return sorted(d.kind for d in found)


def test_the_application_page_has_one_form_with_a_block_for_every_missing_item(
    app, session, people
):
    _, _client, page = open_page(app, session, people)
    assert page.count('enctype="multipart/form-data"') == 1
    assert 'id="attach-trade_licence"' in page and 'id="attach-fee_receipt-file"' in page
    assert 'name="certification-kind"' in page  # an item with alternatives offers the choice


def test_one_submission_attaches_several_documents_and_brings_back_the_one_that_failed(
    app, session, people
):
    draft, client, page = open_page(app, session, people)
    sent = client.post(
        f"/applications/{draft.id}/documents/checklist",
        data={
            "csrf_token": csrf_of(page),
            **block("trade_licence", "TL-1", sample_pdf("licence")),
            **block("fee_receipt", "FR-1", sample_pdf("receipt")),
            **block("supply_contract", "SC-1", b"plain text, not a PDF"),
            **block("industry_licence", "", None),  # typed in part, no file: comes back too
            "acquisition_licence-number": "",  # left blank: skipped
        },
        content_type="multipart/form-data",
    )
    answer = sent.get_data(as_text=True)
    assert sent.status_code == 422
    assert "Attached: trade_licence.pdf, fee_receipt.pdf." in answer
    assert attached(session, draft.id) == ["fee_receipt", "trade_licence"]
    assert summary_links(answer) == [
        "attach-supply_contract-file",
        "attach-industry_licence-file",
        "attach-industry_licence-number",
    ]
    assert set(summary_links(answer)) <= set(re.findall(r'\sid="([^"]+)"', answer))
    assert 'value="SC-1"' in answer  # what was typed is kept
    assert 'value="TL-1"' not in answer  # but not for a document attached
    assert 'id="attach-supply_contract-file" type="file"' in answer
    assert 'aria-invalid="true" aria-describedby="attach-supply_contract-file-error"' in answer
    assert "Enter the document&#39;s number." in answer
    # The summary names the item of each message (every block has the same fields).
    assert ">Supply contract with specifications, file: Only PDF" in answer
    assert "Back to the start page" not in answer  # not the error page


def test_a_date_in_the_wrong_order_comes_back_beside_the_date_and_asks_for_the_file_again(
    app, session, people
):
    draft, client, page = open_page(app, session, people)
    earlier = (Clock().today() - timedelta(days=20)).isoformat()
    receipt = block("fee_receipt", "FR-1", sample_pdf("r"), **{"fee_receipt-valid_until": earlier})
    sent = client.post(
        f"/applications/{draft.id}/documents/checklist",
        data={"csrf_token": csrf_of(page), **receipt},
        content_type="multipart/form-data",
    )
    answer = sent.get_data(as_text=True)
    assert sent.status_code == 422
    assert summary_links(answer) == ["attach-fee_receipt-valid_until", "attach-fee_receipt-file"]
    assert "Choose the file again" in answer and f'value="{earlier}"' in answer
    assert ">Must not be before the date of issue.</p>" in answer
    assert attached(session, draft.id) == []


def test_a_blank_submission_attaches_nothing_and_says_so(app, session, people):
    draft, client, page = open_page(app, session, people)
    sent = client.post(
        f"/applications/{draft.id}/documents/checklist",
        data={"csrf_token": csrf_of(page), "fee_receipt-issuing_country": "KZ"},
        content_type="multipart/form-data",
    )
    assert sent.status_code == 422
    assert summary_links(sent.get_data(as_text=True)) == ["attach"]
    assert attached(session, draft.id) == []


def test_a_hostile_file_to_the_single_item_form_stays_on_the_page_with_the_message(
    app, session, people
):
    draft, client, page = open_page(app, session, people)
    sent = client.post(
        f"/applications/{draft.id}/documents",
        data={"csrf_token": csrf_of(page), "kind": "fee_receipt", "number": "R-1",
              "issuer": "Treasury", "issuing_country": "KZ", "issued_on": ISSUED,
              "file": (io.BytesIO(open_action_javascript_pdf()), "receipt.pdf")},
        content_type="multipart/form-data",
    )  # fmt: skip
    answer = sent.get_data(as_text=True)
    assert sent.status_code == 422
    assert summary_links(answer) == ["attach-fee_receipt-file"]
    assert 'id="attach-fee_receipt-file-error"' in answer and 'value="R-1"' in answer
    assert attached(session, draft.id) == []


def test_malware_is_refused_beside_the_file_and_the_page_stays(app, session, people):
    draft, client, page = open_page(app, session, people)
    runtime = app.extensions[RUNTIME]
    intake = dataclasses.replace(runtime.intake, scanner=FlaggingScanner())
    app.extensions[RUNTIME] = dataclasses.replace(runtime, intake=intake)
    sent = client.post(
        f"/applications/{draft.id}/documents/checklist",
        data={"csrf_token": csrf_of(page), **block("fee_receipt", "FR-1", sample_pdf("r"))},
        content_type="multipart/form-data",
    )
    answer = sent.get_data(as_text=True)
    app.extensions[RUNTIME] = runtime
    assert sent.status_code == 422
    assert summary_links(answer) == ["attach-fee_receipt-file"]
    assert "Eicar-Test-Signature" in answer and 'value="FR-1"' in answer
    assert attached(session, draft.id) == []


def test_the_single_item_form_still_attaches_one_document(app, session, people):
    draft, client, page = open_page(app, session, people)
    sent = client.post(
        f"/applications/{draft.id}/documents",
        data={"csrf_token": csrf_of(page), "kind": "fee_receipt", "number": "R-1",
              "issuer": "Treasury", "issuing_country": "KZ", "issued_on": ISSUED,
              "file": (io.BytesIO(sample_pdf("x")), "receipt.pdf")},
        content_type="multipart/form-data",
    )  # fmt: skip
    assert sent.status_code == 302
    assert attached(session, draft.id) == ["fee_receipt"]


def test_an_origin_consent_carries_its_destination_and_the_quantities_it_covers(
    app, session, people
):
    draft = application_in(session, people, "draft", "re_export")
    client = app.test_client()
    sign_in(client, people.clerk.username)
    page = client.get(f"/applications/{draft.id}").get_data(as_text=True)
    model = draft.goods[0].model
    assert 'name="origin_consent-model-0" value="' + model + '"' in page
    named = {
        "origin_consent-destination_country": draft.counterpart_country,
        "origin_consent-model-0": model,
        "origin_consent-quantity-0": "2",
    }
    consent = block("origin_consent", "OC-1", sample_pdf("consent"), **named)
    sent = client.post(
        f"/applications/{draft.id}/documents/checklist",
        data={"csrf_token": csrf_of(page), **consent},
        content_type="multipart/form-data",
    )
    assert sent.status_code == 302, summary_links(sent.get_data(as_text=True))
    session.rollback()
    document = session.query(Document).filter_by(application_id=draft.id).one()
    assert document.details["quantities"] == {model: 2}
    assert document.details["destination_country"] == draft.counterpart_country
