"""In a real browser: an officer finds an application in the queue by a serial number, takes it
into review from its row in one page load, and reads its history in words (axe-core and the
Content-Security-Policy checked on each page)."""

from __future__ import annotations

import re

from tests.e2e import test_web_story as story
from tests.factories import application_in, goods_line


def test_an_officer_finds_takes_and_reads_an_application_from_the_queue(
    browser, live_server, session, people
):
    line = goods_line(serial_numbers=["QX-5501", "QX-5502"], quantity=2)
    wanted = application_in(session, people, "submitted", goods=[line])
    other = application_in(session, people, "submitted")
    officer = story.Visit(browser, live_server, "en", "officer-queue")
    officer.sign_in(people.officer.username)
    page = officer.page
    page.goto("/queue")
    officer.check("queue")
    assert page.locator(f"form[action$='/applications/{other.id}/take']").count() == 1

    page.fill("#f-q", "qx-5502")
    page.click("form[role=search] button[type=submit]")
    rows = page.locator("tbody tr")
    assert rows.count() == 1 and f"Application {wanted.id}" in rows.first.inner_text()
    assert page.input_value("#f-q") == "qx-5502"
    officer.check("queue-search")

    loads = officer.loads
    rows.first.locator("button", has_text="Take into review").click()
    story.expect_ok(page)
    assert officer.loads == loads + 1  # taken and landed on the application: one page load
    assert re.search(rf"/applications/{wanted.id}$", page.url)
    assert "under review" in page.locator("h1").inner_text()
    history = page.locator("#history + table").inner_text()
    assert "Assigned to an officer" in history
    assert "Accepted as complete; the review started" in history
    assert "application.accept" not in history
    officer.check("taken-application")

    # Recommending waits for the documents to be verified: the button looks disabled.
    blocked = page.locator("form[action$='/actions/recommend'] button[type=submit]")
    assert blocked.is_disabled()
    assert blocked.evaluate("e => getComputedStyle(e).cursor") == "not-allowed"
    chip = page.locator("h1 .status")
    assert "status-open" in chip.get_attribute("class")
