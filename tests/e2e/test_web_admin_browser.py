"""In a real browser: an administrator reads the administration page and creates a user, a
refused form coming back with its input kept (axe-core and the Content-Security-Policy
checked on each page)."""

from __future__ import annotations

from tests.e2e import test_web_story as story


def test_an_admin_reads_the_administration_page_and_creates_a_user(
    browser, live_server, session, people
):
    admin = story.Visit(browser, live_server, "en", "admin")
    admin.sign_in(people.admin.username)
    page = admin.page
    assert page.url.endswith("/admin")
    admin.check("admin-home")
    page.click("text=Create a user")
    admin.check("admin-user-form")
    page.fill("#username", "new.officer")
    page.select_option("#role", "officer")
    page.fill("#new_password", "short")
    page.click("form[method=post] button[type=submit] >> text=Create the user")
    assert page.input_value("#username") == "new.officer"
    assert page.locator(".error-summary").count() == 1
    admin.check("admin-user-form-returned")
    page.fill("#new_password", "a-long-enough-password")
    page.click("form[method=post] button[type=submit] >> text=Create the user")
    story.expect_ok(page)
    assert page.locator("h1").inner_text() == "new.officer"
    admin.check("admin-user")
    page.goto(f"/admin/firms/{people.head.firm_id}")
    admin.check("admin-firm")
