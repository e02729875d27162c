"""No dead ends: a form the services refuse comes back on its own page, with what was typed
kept, an error summary at the top linking to each field, and the message beside the field."""

from __future__ import annotations

import re

from tests.e2e.test_web_security import csrf_of, sign_in
from tests.factories import application_in


def summary_links(page: str) -> list[str]:
    """The anchors the error summary links to."""
    block = re.search(r'<div class="error-summary".*?</div>', page, re.S)
    assert block is not None, "no error summary on the page"
    return re.findall(r'href="#([^"]+)"', block.group(0))


def test_an_action_refused_for_want_of_a_reason_comes_back_on_the_application_page(
    app, session, people
):
    application = application_in(session, people, "under_review")
    client = app.test_client()
    sign_in(client, people.officer.username)
    page = client.get(f"/applications/{application.id}").get_data(as_text=True)
    sent = client.post(
        f"/applications/{application.id}/actions/return",
        data={"csrf_token": csrf_of(page), "reason": "   ", "recommendation": ""},
    )
    answer = sent.get_data(as_text=True)
    assert sent.status_code == 422
    assert f"Application {application.id}" in answer and "Back to the start page" not in answer
    assert summary_links(answer) == ["act-return-reason"]
    assert 'id="act-return-reason-error"' in answer
    assert "<title>Error: " in answer


def test_a_refusal_without_grounds_keeps_the_reason_typed_and_the_grounds_ticked(
    app, session, people
):
    application = application_in(session, people, "awaiting_decision")
    client = app.test_client()
    sign_in(client, people.approver.username)
    page = client.get(f"/applications/{application.id}").get_data(as_text=True)
    sent = client.post(
        f"/applications/{application.id}/actions/refuse",
        data={"csrf_token": csrf_of(page), "reason": "The end user is not credible"},
    )
    answer = sent.get_data(as_text=True)
    assert sent.status_code == 422
    assert summary_links(answer) == ["act-refuse-grounds"]
    assert ">The end user is not credible</textarea>" in answer
