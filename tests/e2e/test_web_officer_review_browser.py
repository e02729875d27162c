"""The officer's review page and the approver's decision page in a real browser, with their new
parts (verdicts on all pending documents, a clearance form, the approval's open blockers, the
recommendation and the clearances at the top): axe-core and the CSP find nothing wrong, also on
the page that came back, and a blocked button looks blocked."""

from __future__ import annotations

import pytest

from permits.services.compliance_review import clear_blocker
from tests.e2e.test_web_officer_review import ALIAS, ALIAS_KEY, export_to
from tests.e2e.test_web_story import Visit
from tests.factories import application_in, runtime

playwright = pytest.importorskip("playwright.sync_api")


def test_the_officers_review_and_the_approvers_brief_pass_axe_and_the_csp(
    browser, live_server, session, people
):
    reviewed = application_in(session, people, "under_review", "export", **export_to("UZ", ALIAS))
    decided = application_in(session, people, "awaiting_decision", "export",
                             **export_to("UZ", ALIAS))  # fmt: skip
    clear_blocker(session, people.officer, decided.id, code="sanctions_match", key=ALIAS_KEY,
                  reason="Different person: born 1990", policy=runtime().policy,
                  clock=runtime().clock)  # fmt: skip

    officer = Visit(browser, live_server, "en", "officer")
    officer.sign_in(people.officer.username)
    page = officer.page
    page.goto(f"/applications/{reviewed.id}")
    assert page.locator("#act-recommend-approval-blockers").count() == 1
    blocked = page.locator("#act-recommend button[type=submit]")
    assert blocked.evaluate("b => getComputedStyle(b).cursor") == "not-allowed"
    officer.check("officer-review-all-documents")
    form = page.locator("#verify-documents")
    form.locator("input[value=rejected]").first.check()
    form.locator("button[type=submit]").click()
    assert page.locator(".error-summary").count() == 1
    assert form.locator("input[value=rejected]").first.is_checked()
    officer.check("officer-review-returned")

    approver = Visit(browser, live_server, "en", "approver")
    approver.sign_in(people.approver.username)
    approver.page.goto(f"/applications/{decided.id}")
    brief = approver.page.locator("section.brief")
    assert "Different person: born 1990" in brief.inner_text()
    approver.check("approver-brief")
