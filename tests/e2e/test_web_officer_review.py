"""The officer's and the approver's work on the application page: the recommendation at the top,
clearances that say who cleared what, when and why, the approval's open blockers on the
recommendation form, every pending document decided in one step, and a withdrawal confirmed."""

from __future__ import annotations

import re

import pytest

from permits.services.documents import list_documents
from tests.e2e.test_web_forms_come_back import summary_links
from tests.e2e.test_web_security import csrf_of, sign_in
from tests.factories import application_in, goods_line, reload_application
from tests.integration.helpers import rows

ALIAS = {"name": "Viktor Krasnoff", "country": "UZ", "address": None}
ALIAS_KEY = "end_user.name:Viktor Krasnoff:XXi.001"


def export_to(country: str, end_user: dict | None = None) -> dict:
    """An export form's changes: every party in ``country``, the end user as given."""
    party = {"name": "Club", "country": country, "address": None}
    return {"counterpart_country": country, "customs_point": "ZHIBEK-ZHOLY",
            "transit_countries": [], "end_user": end_user or party, "consignee": party}  # fmt: skip


def signed_in(app, user):
    client = app.test_client()
    sign_in(client, user.username)
    return client


def page_of(client, application_id: int) -> str:
    return client.get(f"/applications/{application_id}").get_data(as_text=True)


def block(page: str, element_id: str) -> str:
    """The element with that id, up to the end of its tag's first closing."""
    found = re.search(rf'<(\w+)[^>]*id="{element_id}".*?</\1>', page, re.S)
    assert found is not None, f"no #{element_id} on the page"
    return found.group(0)


def clear_form_id(app, code: str, key: str) -> str:
    with app.app_context():
        return app.jinja_env.globals["clear_form_id"](code, key)


def test_the_approver_reads_the_recommendation_and_its_reason_at_the_top(app, session, people):
    application = application_in(session, people, "awaiting_decision")
    page = page_of(signed_in(app, people.approver), application.id)
    brief = block(page, "recommendation-reason")
    assert "complete" in brief
    assert page.index('id="brief-title"') < page.index('id="documents"')
    assert f"recommended by {people.officer.username}" in page
    assert "recommendation-reason" not in page_of(signed_in(app, people.head), application.id)


def finding(session, people, code: str):
    """An application under review with one clearable finding of the kind: the application,
    the finding's clearance key and what its clearance needs besides a reason."""
    if code == "embargo_non_government":
        application = application_in(session, people, "under_review", "export", **export_to("IQ"))
        return application, "IRAQ:IQ", {"end_user_is_government": "yes"}
    if code == "sanctions_match":
        changes = export_to("UZ", ALIAS)
        return application_in(session, people, "under_review", "export", **changes), ALIAS_KEY, {}
    refused = application_in(session, people, "refused", goods=[goods_line(quantity=1)])
    again = application_in(session, people, "under_review", goods=[goods_line(quantity=1)])
    return again, f"application:{refused.id}", {}


def compliance_section(page: str) -> str:
    return page.split('id="compliance"')[1].split('id="actions"')[0]


@pytest.mark.parametrize("code", ["embargo_non_government", "sanctions_match", "similar_refusal"])
def test_a_cleared_finding_says_who_cleared_it_when_and_why_and_offers_no_form(
    app, session, people, code
):
    application, key, extra = finding(session, people, code)
    officer = signed_in(app, people.officer)
    cid = clear_form_id(app, code, key)
    page = page_of(officer, application.id)
    assert f'id="{cid}"' in page
    sent = officer.post(
        f"/applications/{application.id}/clearances",
        data={"csrf_token": csrf_of(page), "code": code, "key": key,
              "reason": "Checked with the embassy", **extra},
    )  # fmt: skip
    assert sent.status_code == 302
    for reader in (officer, signed_in(app, people.approver)):
        page = page_of(reader, application.id)
        assert f'id="{cid}"' not in page
        section = compliance_section(page)
        assert f"Cleared by {people.officer.username} on" in section
        assert "Checked with the embassy" in section


def test_a_clearance_without_the_assessment_comes_back_beside_its_form_with_the_reason_kept(
    app, db, session, people
):
    application = application_in(session, people, "under_review", "export", **export_to("IQ"))
    officer = signed_in(app, people.officer)
    page = page_of(officer, application.id)
    cid = clear_form_id(app, "embargo_non_government", "IRAQ:IQ")
    before = rows(db)
    sent = officer.post(
        f"/applications/{application.id}/clearances",
        data={"csrf_token": csrf_of(page), "code": "embargo_non_government", "key": "IRAQ:IQ",
              "reason": "The Ministry of Interior of Iraq"},
    )  # fmt: skip
    answer = sent.get_data(as_text=True)
    assert sent.status_code == 422 and "<title>Error: " in answer
    assert summary_links(answer) == [f"{cid}-government"]
    assert f'id="{cid}-government-error"' in answer
    assert 'value="The Ministry of Interior of Iraq"' in answer
    assert rows(db) == before


def test_a_clearance_without_a_reason_comes_back_with_the_message_beside_the_reason(
    app, session, people
):
    application = application_in(
        session, people, "under_review", "export", **export_to("UZ", ALIAS)
    )
    officer = signed_in(app, people.officer)
    cid = clear_form_id(app, "sanctions_match", ALIAS_KEY)
    sent = officer.post(
        f"/applications/{application.id}/clearances",
        data={"csrf_token": csrf_of(page_of(officer, application.id)), "code": "sanctions_match",
              "key": ALIAS_KEY, "reason": "   "},
    )  # fmt: skip
    answer = sent.get_data(as_text=True)
    assert sent.status_code == 422
    assert summary_links(answer) == [f"{cid}-reason"]
    assert f'id="{cid}-reason-error"' in answer


def test_the_recommendation_form_lists_the_approvals_open_blockers_with_where_to_clear_them(
    app, session, people
):
    application = application_in(
        session, people, "under_review", "export", **export_to("UZ", ALIAS)
    )
    officer = signed_in(app, people.officer)
    warning = block(page_of(officer, application.id), "act-recommend-approval-blockers")
    assert "XXi.001" in warning and 'href="#compliance-screening"' in warning
    # What already blocks the recommendation itself (documents not accepted) is not repeated.
    assert "no accepted document" not in warning
    page = page_of(officer, application.id)
    officer.post(
        f"/applications/{application.id}/clearances",
        data={"csrf_token": csrf_of(page), "code": "sanctions_match", "key": ALIAS_KEY,
              "reason": "Different person: born 1990"},
    )  # fmt: skip
    assert "act-recommend-approval-blockers" not in page_of(officer, application.id)


def test_recommending_approval_with_a_blocker_open_is_allowed_after_the_warning(
    app, session, people
):
    application = application_in(
        session, people, "under_review", "export", **export_to("UZ", ALIAS)
    )
    officer = signed_in(app, people.officer)
    accept_all(officer, application.id)
    page = page_of(officer, application.id)
    assert "XXi.001" in block(page, "act-recommend-approval-blockers")
    sent = officer.post(
        f"/applications/{application.id}/actions/recommend",
        data={"csrf_token": csrf_of(page), "recommendation": "approve", "reason": "Fine"},
    )
    assert sent.status_code == 302
    assert reload_application(session, application.id).status == "awaiting_decision"


def pending_ids(session, people, application_id: int) -> list[int]:
    return [d.id for d in list_documents(session, people.officer, application_id)
            if not d.superseded and d.verification == "pending"]  # fmt: skip


def accept_all(client, application_id: int):
    page = page_of(client, application_id)
    form = block(page, "verify-documents")
    data = dict.fromkeys(re.findall(r'name="(decision-\d+)"', form), "accepted")
    return client.post(
        f"/applications/{application_id}/documents/verification",
        data={"csrf_token": csrf_of(page), **data},
    )


def test_one_submission_accepts_every_pending_document_but_the_one_rejected_with_its_reason(
    app, session, people
):
    application = application_in(session, people, "under_review")
    officer = signed_in(app, people.officer)
    first, *rest = pending_ids(session, people, application.id)
    page = page_of(officer, application.id)
    data = {f"decision-{i}": "accepted" for i in rest}
    data.update({f"decision-{first}": "rejected", f"reason-{first}": "Unreadable scan"})
    sent = officer.post(
        f"/applications/{application.id}/documents/verification",
        data={"csrf_token": csrf_of(page), **data},
    )
    assert sent.status_code == 302
    session.commit()  # a fresh read, after the request's own transaction
    decided = {d.id: (d.verification, d.verification_reason)
               for d in list_documents(session, people.officer, application.id)}  # fmt: skip
    assert decided[first] == ("rejected", "Unreadable scan")
    assert all(decided[i] == ("accepted", None) for i in rest)
    assert 'id="verify-documents"' not in page_of(officer, application.id)


def test_a_rejection_without_a_reason_comes_back_beside_its_document_with_nothing_written(
    app, db, session, people
):
    application = application_in(session, people, "under_review")
    officer = signed_in(app, people.officer)
    first, second, *rest = pending_ids(session, people, application.id)
    page = page_of(officer, application.id)
    data = {f"decision-{i}": "accepted" for i in rest}
    data.update({f"decision-{first}": "rejected", f"reason-{first}": "Unreadable scan",
                 f"decision-{second}": "rejected", f"reason-{second}": ""})  # fmt: skip
    before = rows(db)
    sent = officer.post(
        f"/applications/{application.id}/documents/verification",
        data={"csrf_token": csrf_of(page), **data},
    )
    answer = sent.get_data(as_text=True)
    assert sent.status_code == 422
    assert summary_links(answer) == [f"verify-{second}-reason"]
    assert f'id="verify-{second}-reason-error"' in answer
    assert 'value="Unreadable scan"' in answer
    assert re.search(rf'name="decision-{first}" value="rejected" checked', answer)
    assert rows(db) == before


def test_a_single_rejection_without_a_reason_stays_on_the_page_beside_its_document(
    app, db, session, people
):
    application = application_in(session, people, "under_review")
    officer = signed_in(app, people.officer)
    document = pending_ids(session, people, application.id)[0]
    before = rows(db)
    sent = officer.post(
        f"/applications/{application.id}/documents/{document}/verification",
        data={"csrf_token": csrf_of(page_of(officer, application.id)), "decision": "rejected",
              "reason": ""},
    )  # fmt: skip
    answer = sent.get_data(as_text=True)
    assert sent.status_code == 422 and f"Application {application.id}" in answer
    assert summary_links(answer) == [f"verify-{document}-reason"]
    assert re.search(rf'name="decision-{document}" value="rejected" checked', answer)
    assert rows(db) == before


def test_withdrawing_asks_for_a_confirmation_the_server_checks(app, session, people):
    application = application_in(session, people, "submitted")
    head = signed_in(app, people.head)
    page = page_of(head, application.id)
    card = block(page, "act-withdraw")
    assert 'name="confirm"' in card and 'class="danger"' in card
    sent = head.post(
        f"/applications/{application.id}/actions/withdraw", data={"csrf_token": csrf_of(page)}
    )
    assert sent.status_code == 422
    assert summary_links(sent.get_data(as_text=True)) == ["act-withdraw-confirm"]
    assert reload_application(session, application.id).status == "submitted"
    sent = head.post(
        f"/applications/{application.id}/actions/withdraw",
        data={"csrf_token": csrf_of(page), "confirm": "yes"},
    )
    assert sent.status_code == 302
    assert reload_application(session, application.id).status == "withdrawn"


def test_the_main_actions_ask_no_confirmation(app, session, people):
    application = application_in(session, people, "awaiting_decision")
    page = page_of(signed_in(app, people.approver), application.id)
    assert 'name="confirm"' not in page and 'class="danger"' not in page
