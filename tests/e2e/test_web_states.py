"""States and buttons look right: red only for real problems, calm to-dos for "not yet",
disabled buttons that look disabled, status chips coloured by family."""

from __future__ import annotations

import re

from permits.services.document_verification import verify_document
from tests.e2e.test_web_security import sign_in
from tests.factories import application_in, clock


def page_of(app, member, path: str) -> str:
    client = app.test_client()
    sign_in(client, member.username)
    return client.get(path).get_data(as_text=True)


def items(html: str, css_class: str) -> list[str]:
    return re.findall(rf'<li class="{css_class}">([^<]+)</li>', html)


def test_a_drafts_missing_documents_are_to_dos_not_errors(app, session, people):
    draft = application_in(session, people, "draft")
    html = page_of(app, people.head, f"/applications/{draft.id}")
    assert any("is missing" in text for text in items(html, "todo"))
    assert items(html, "error") == []
    # Submitting waits for them: its button is disabled, and says so to assistive technology.
    submit = re.search(r"<form[^>]*actions/submit.*?</form>", html, re.S).group(0)
    assert 'disabled aria-disabled="true"' in submit


def test_a_rejected_document_is_a_real_problem_in_red(app, session, people):
    review = application_in(session, people, "under_review")
    contract = next(d for d in review.documents if d.kind == "supply_contract")
    verify_document(
        session, people.officer, review.id, contract.id, "rejected", "No seal", clock=clock()
    )
    html = page_of(app, people.head, f"/applications/{review.id}")
    assert any("was rejected: No seal" in text for text in items(html, "error"))


def test_status_chips_wear_the_colour_of_their_family(app, session, people):
    draft = application_in(session, people, "draft")
    approved = application_in(session, people, "approved")
    withdrawn = application_in(session, people, "withdrawn")
    html = page_of(app, people.head, "/applications")
    chips = dict(re.findall(r'href="/applications/(\d+)".*?class="status status-(\w+)"', html,
                            re.S))  # fmt: skip
    assert chips[str(draft.id)] == "open"
    assert chips[str(approved.id)] == "good"
    assert chips[str(withdrawn.id)] == "stopped"
    assert 'class="status status-good">active<' in html  # the permit of the approved one


def test_the_stylesheet_greys_disabled_buttons_with_a_not_allowed_pointer(app):
    css = app.test_client().get("/static/permits.css").get_data(as_text=True)
    rule = re.search(r"button:disabled[^{]*\{([^}]*)\}", css).group(1)
    assert "cursor: not-allowed" in rule and "background" in rule
    for family in ("open", "good", "stopped"):
        assert f".status-{family} {{" in css
