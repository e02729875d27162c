"""In a real browser: an approver opens a permit from its application, suspends it with a reason,
and reads the suspension in the timeline (axe-core and the Content-Security-Policy checked on
the permit page before and after)."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

from tests.e2e import test_web_story as story
from tests.factories import application_in


def test_an_approver_suspends_a_permit_from_its_page_and_reads_it_in_the_timeline(
    browser, live_server, session, people
):
    # Approved on a thread of its own: the signer runs an event loop, Playwright's is running.
    with ThreadPoolExecutor(1) as pool:
        application = pool.submit(application_in, session, people, "approved").result()
    number = application.permit.number
    approver = story.Visit(browser, live_server, "en", "approver-permit")
    approver.sign_in(people.approver.username)
    page = approver.page
    page.goto(f"/applications/{application.id}")
    page.click(f"a[href='/permits/{number}']")
    assert re.search(rf"/permits/{number}$", page.url)
    assert "active" in page.locator("h1 .status").inner_text()
    approver.check("permit")

    # Revoking stands apart and looks unlike the others.
    assert "danger" in page.locator("#permit-revoke button").get_attribute("class")
    page.fill("#permit-suspend-reason", "Inspection of the warehouse")
    page.click("#permit-suspend button[type=submit]")
    story.expect_ok(page)
    assert "suspended" in page.locator("h1 .status").inner_text()
    timeline = page.locator("#timeline + table").inner_text()
    assert "Permit suspended" in timeline and "Inspection of the warehouse" in timeline
    assert page.locator("#permit-reinstate").count() == 1
    approver.check("permit-suspended")
