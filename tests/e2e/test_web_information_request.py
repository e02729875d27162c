"""An officer's information request stands at the top of the application, with the form that
answers it right there."""

from __future__ import annotations

import re

from permits.services.applications import perform_action
from tests.e2e.test_web_forms_come_back import summary_links
from tests.e2e.test_web_security import csrf_of, sign_in
from tests.factories import application_in, reload_application, runtime

QUESTION = "Send the supplier's export licence and say which port the goods leave from."


def asked(session, people):
    """An application under review on which the officer asked the question above."""
    application = application_in(session, people, "under_review")
    perform_action(session, people.officer, application.id, "request_info",
                   runtime=runtime(), reason=QUESTION)  # fmt: skip
    return reload_application(session, application.id)


def box(page: str) -> str:
    found = re.search(r'<section class="info-request".*?</section>', page, re.S)
    assert found is not None, "no information request box"
    return found.group(0)


def test_the_request_is_shown_above_everything_else_with_its_answer_form(app, session, people):
    application = asked(session, people)
    client = app.test_client()
    sign_in(client, people.clerk.username)
    page = client.get(f"/applications/{application.id}").get_data(as_text=True)
    shown = box(page)
    assert "Send the supplier&#39;s export licence" in shown
    assert f'action="/applications/{application.id}/actions/respond"' in shown
    assert page.index('class="info-request"') < page.index('id="checklist"')
    assert page.count("/actions/respond") == 1  # not a second time among the actions


def test_an_answer_moves_the_application_back_under_review(app, session, people):
    application = asked(session, people)
    client = app.test_client()
    sign_in(client, people.clerk.username)
    page = client.get(f"/applications/{application.id}").get_data(as_text=True)
    sent = client.post(
        f"/applications/{application.id}/actions/respond",
        data={"csrf_token": csrf_of(page), "reason": "Attached; the goods leave from Almaty."},
    )
    assert sent.status_code == 302
    assert reload_application(session, application.id).status == "under_review"


def test_a_blank_answer_comes_back_in_the_box(app, session, people):
    application = asked(session, people)
    client = app.test_client()
    sign_in(client, people.clerk.username)
    page = client.get(f"/applications/{application.id}").get_data(as_text=True)
    sent = client.post(
        f"/applications/{application.id}/actions/respond",
        data={"csrf_token": csrf_of(page), "reason": "   "},
    )
    answer = sent.get_data(as_text=True)
    assert sent.status_code == 422
    assert summary_links(answer) == ["act-respond-reason"]
    assert 'id="act-respond-reason-error"' in box(answer)


def test_the_officer_sees_the_request_without_an_answer_form(app, session, people):
    application = asked(session, people)
    client = app.test_client()
    sign_in(client, people.officer.username)
    shown = box(client.get(f"/applications/{application.id}").get_data(as_text=True))
    assert "Send the supplier&#39;s export licence" in shown and "<form" not in shown
