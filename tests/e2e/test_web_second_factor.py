"""The second factor required of the staff roles ``PERMITS_SECOND_FACTOR_ROLES`` lists, through
Flask's test client: enrolment first (every page leads there), the QR code, the recovery codes
shown once and each usable once, the API's token, and an admin's reset; and the enrolment
in a real browser (axe-core and the Content-Security-Policy checked)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pyotp
import pytest
from flask import Flask
from freezegun import freeze_time

from permits.assembly.app import create_app
from permits.http.request import runtime_of
from permits.models.base import utcnow
from permits.web import GUARDED
from permits.web.totp import BEFORE_ENROLMENT
from tests.api_client import ApiClient
from tests.conftest import app_settings
from tests.e2e.test_web_security import csrf_of, sign_in
from tests.e2e.test_web_story import Visit
from tests.factories import PASSWORD

RULE_ON = "officer,approver,admin"


@pytest.fixture
def app(database_url: str, tmp_path: Path, keys_path: Path) -> Iterator[Flask]:
    """The test app with the rule on, as an installation has it by default."""
    app = create_app({**app_settings(database_url, tmp_path, keys_path),
                      "SECOND_FACTOR_ROLES": RULE_ON})  # fmt: skip
    yield app
    runtime_of(app).database.dispose()


def enrol(client) -> tuple[pyotp.TOTP, str]:
    """Enrol the signed-in user's authenticator; the TOTP and the page of recovery codes."""
    page = client.get("/totp").get_data(as_text=True)
    totp = pyotp.TOTP(re.search(r"<code>([A-Z2-7]{32})</code>", page).group(1))
    shown = client.post("/totp", data={"csrf_token": csrf_of(page), "code": totp.now()})
    assert shown.status_code == 200, shown.get_data(as_text=True)
    return totp, shown.get_data(as_text=True)


def recovery_codes(page: str) -> list[str]:
    return re.findall(r"<li><code>([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})</code></li>", page)


def sample(rule, argument: str) -> object:
    """A value the rule's converter takes: the first of an ``any(...)``, a permit number, or 1."""
    choices = getattr(rule._converters[argument], "items", None)
    if choices:
        return sorted(choices)[0]
    return "KZ-IMP-2026-000001" if argument == "number" else 1


def guarded_pages(app) -> list[str]:
    """A URL for every GET route of every guarded blueprint."""
    names = {module.blueprint.name for module in GUARDED}
    adapter = app.url_map.bind("localhost")
    rules = [rule for rule in app.url_map.iter_rules()
             if rule.endpoint.split(".")[0] in names and "GET" in rule.methods
             and rule.endpoint not in BEFORE_ENROLMENT]  # fmt: skip
    return [adapter.build(r.endpoint, {a: sample(r, a) for a in r.arguments}) for r in rules]


def test_an_unenrolled_officer_is_sent_to_enrolment_from_sign_in_and_every_page(app, people):
    client = app.test_client()
    signed = sign_in(client, people.officer.username)
    assert signed.status_code == 302 and signed.headers["Location"] == "/totp"
    pages = guarded_pages(app)
    assert len(pages) > 10 and "/queue" in pages and "/applications" in pages
    for url in pages:
        answer = client.get(url)
        assert (answer.status_code, answer.headers.get("Location")) == (302, "/totp"), url
    page = client.get("/totp").get_data(as_text=True)
    assert "Your role needs a second factor" in page
    assert client.get("/verify").status_code == 200  # the public pages stay open
    assert client.get("/static/permits.css").status_code == 200
    assert client.get("/language/ru").headers["Location"] != "/totp"
    assert client.post("/logout", data={"csrf_token": csrf_of(page)}).status_code == 302


def test_an_applicant_and_an_unlisted_role_are_not_sent_to_enrolment(app, people):
    for who in (people.head, people.customs, people.auditor):
        client = app.test_client()
        assert sign_in(client, who.username).headers["Location"] != "/totp"
        assert client.get("/").status_code in (200, 302)
        assert client.get("/").headers.get("Location") != "/totp"


def test_the_enrolment_page_shows_the_key_as_a_qr_code_drawn_as_svg(app, people):
    client = app.test_client()
    sign_in(client, people.approver.username)
    page = client.get("/totp").get_data(as_text=True)
    assert re.search(r'<img class="qr" src="/totp/qr.svg" alt="[^"]+">', page)
    image = client.get("/totp/qr.svg")
    assert image.status_code == 200 and image.mimetype == "image/svg+xml"
    assert b"<svg" in image.data and b"<script" not in image.data
    assert image.headers["Cache-Control"] == "no-store"
    assert "data:" not in page and "<script" not in page


def test_a_confirmed_enrolment_shows_ten_recovery_codes_once(app, people):
    client = app.test_client()
    sign_in(client, people.officer.username)
    _, shown = enrol(client)
    codes = recovery_codes(shown)
    assert len(codes) == len(set(codes)) == 10
    later = client.get("/totp").get_data(as_text=True)
    assert not any(code in later for code in codes)
    assert "10 of 10 recovery codes remain" in later
    assert client.get("/queue").status_code == 200  # enrolled: the pages open


def test_a_recovery_code_signs_in_once_and_says_how_many_remain(app, people):
    with freeze_time(utcnow()) as clock:
        first = app.test_client()
        sign_in(first, people.officer.username)
        _, shown = enrol(first)
        code = recovery_codes(shown)[0]
        clock.tick(31)
        fresh = app.test_client()
        token = csrf_of(fresh.get("/login").get_data(as_text=True))
        login = {"csrf_token": token, "username": people.officer.username,
                 "password": PASSWORD, "code": code}  # fmt: skip
        signed = fresh.post("/login", data=login)
        assert signed.status_code == 302 and signed.headers["Location"] == "/"
        assert "9 remain" in fresh.get("/", follow_redirects=True).get_data(as_text=True)
        again = app.test_client()
        login["csrf_token"] = csrf_of(again.get("/login").get_data(as_text=True))
        assert again.post("/login", data=login).status_code == 422


def test_the_api_refuses_a_token_to_an_unenrolled_officer_saying_where_to_enrol(app, people):
    refused = ApiClient(app).post(
        "/auth/token", {"username": people.officer.username, "password": PASSWORD}
    )
    assert refused.status_code == 403 and refused.mimetype == "application/problem+json"
    problem = refused.get_json()
    assert problem["code"] == "second_factor_enrolment_required" and "/totp" in problem["detail"]
    applicant = ApiClient(app).post(
        "/auth/token", {"username": people.head.username, "password": PASSWORD}
    )
    assert applicant.status_code == 201


def test_the_api_gives_an_enrolled_officer_a_token_for_a_fresh_code(app, people):
    with freeze_time(utcnow()) as clock:
        client = app.test_client()
        sign_in(client, people.officer.username)
        totp, shown = enrol(client)
        clock.tick(31)
        api = ApiClient(app)
        credentials = {"username": people.officer.username, "password": PASSWORD}
        without = api.post("/auth/token", credentials)
        assert without.status_code == 422 and "code" in without.get_json()["errors"]
        clock.tick(31)
        assert api.post("/auth/token", {**credentials, "code": totp.now()}).status_code == 201
        recovery = {**credentials, "code": recovery_codes(shown)[0]}
        assert api.post("/auth/token", recovery).status_code == 201


def test_after_an_admins_reset_the_user_enrols_again_and_no_admin_resets_their_own(app, people):
    officer = app.test_client()
    sign_in(officer, people.officer.username)
    enrol(officer)
    admin_page = app.test_client()
    sign_in(admin_page, people.admin.username)
    _, shown = enrol(admin_page)
    credentials = {"username": people.admin.username, "password": PASSWORD,
                   "code": recovery_codes(shown)[0]}  # fmt: skip
    token = ApiClient(app).post("/auth/token", credentials).get_json()["token"]
    bearer = {"Authorization": f"Bearer {token}"}
    api = app.test_client()
    reset = api.delete(f"/api/v1/users/{people.officer.id}/second-factor", headers=bearer)
    assert reset.status_code == 204
    assert officer.get("/queue").headers["Location"].startswith("/login")  # signed out
    assert sign_in(officer, people.officer.username).headers["Location"] == "/totp"
    own = api.delete(f"/api/v1/users/{people.admin.id}/second-factor", headers=bearer)
    assert own.status_code == 403 and "own" in own.get_json()["detail"]


def test_in_a_browser_an_officer_enrols_with_the_qr_code_and_keeps_the_recovery_codes(
    browser, live_server, people
):
    officer = Visit(browser, live_server, "en", "officer-enrolment")
    officer.sign_in(people.officer.username)
    page = officer.page
    assert page.url.endswith("/totp")
    officer.check("enrolment")
    assert page.locator("img.qr").evaluate("image => image.complete && image.naturalWidth > 0")
    secret = page.locator("code").first.inner_text()
    page.fill("#code", pyotp.TOTP(secret).now())
    page.click("form:has(#code) button[type=submit]")
    assert page.locator(".recovery-codes li").count() == 10
    officer.check("recovery-codes")
    page.click("text=I have kept them: continue")
    assert not page.url.endswith("/totp")
