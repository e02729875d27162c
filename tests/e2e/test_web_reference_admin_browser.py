"""In a real browser: an admin reads the customs points, is refused a point with a blank name
(the form comes back), and edits a country's flags (axe-core and the Content-Security-Policy
checked on each page)."""

from __future__ import annotations

from tests.e2e import test_web_story as story


def test_an_admin_keeps_customs_points_and_country_flags(browser, live_server, people):
    admin = story.Visit(browser, live_server, "en", "admin-reference")
    admin.sign_in(people.admin.username)
    page = admin.page
    page.goto("/admin/customs-points")
    admin.check("customs-points")
    assert "KHORGOS" in page.locator("tbody").inner_text()

    page.goto("/admin/customs-points/new")
    page.fill("#code", "KZ-BROWSER")
    page.select_option("#kind", "inland")
    page.click("main form button[type=submit]")
    assert page.locator(".error-summary a[href='#name']").count() == 1
    assert page.input_value("#code") == "KZ-BROWSER"
    admin.check("customs-point-refused")

    page.goto("/admin/countries")
    page.fill("#c-q", "afghan")
    page.click("form[role=search] button[type=submit]")
    page.click("tbody a")
    admin.check("country-edit")
    page.check("#requires_end_user_certificate")
    page.fill("#embargo_notes", "UN arms embargo")
    page.click("main form button[type=submit]")
    story.expect_ok(page)
    assert "UN arms embargo" in page.locator("tbody").inner_text()
    admin.check("countries-after-edit")
