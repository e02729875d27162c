"""Browser protections (issue 13): every page, API answer, download, the docs page and every 429
carry the headers that keep them from being framed, sniffed, cached or run with inline code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.api_client import ApiClient
from tests.e2e.test_api_permits import token_in
from tests.e2e.test_web_security import sign_in
from tests.factories import PASSWORD, application_in

ROOT = Path(__file__).resolve().parent.parent.parent
PAGE_CSP = (
    "default-src 'self'; frame-ancestors 'none'; form-action 'self'; object-src 'none'; "
    "base-uri 'none'"
)
PROTECTIONS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}
DENIED_FEATURES = ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()")
# Inline code the CSP would refuse: a style element or attribute, a script without src, an
# event-handler attribute, a javascript: URL.
INLINE_CODE = re.compile(
    r"<style|\sstyle\s*=|<script(?![^>]*\ssrc=)|\son[a-z]+\s*=\s*[\"']|javascript:", re.I
)


def assert_protected(response, csp: str = PAGE_CSP) -> None:
    """The headers every response carries, the given CSP and no caching."""
    for name, value in PROTECTIONS.items():
        assert response.headers.get(name) == value, name
    assert response.headers["Content-Security-Policy"] == csp
    assert all(f in response.headers["Permissions-Policy"] for f in DENIED_FEATURES)
    assert "no-store" in response.headers["Cache-Control"]


def signed_in(app, member: str):
    """A browser (test client) signed in to the pages as that member of the cast."""
    client = app.test_client()
    assert sign_in(client, member.username).status_code == 302
    return client


def test_a_signed_in_page_cannot_be_framed_or_cached(app, people):
    page = signed_in(app, people.head).get("/applications")
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert_protected(page)
    assert page.headers["Cache-Control"] == "no-store"


def test_a_public_page_gets_the_same_protections(app):
    for path in ("/login", "/verify", "/verify/KZ-IMP-2026-000001?t=wrong"):
        page = app.test_client().get(path)
        assert page.mimetype == "text/html", path
        assert_protected(page)


@pytest.fixture
def issued(session, people) -> str:
    """The number of a permit issued to the cast's firm."""
    return application_in(session, people, "approved").permit.number


def test_the_public_verification_of_a_real_permit_is_protected_and_not_cached(app, as_user, issued):
    token = token_in(as_user("head").get(f"/permits/{issued}/pdf").get_data())
    page = app.test_client().get(f"/verify/{issued}?t={token}")
    assert page.status_code == 200 and issued in page.get_data(as_text=True)
    assert_protected(page)


def test_hsts_is_sent_only_when_the_public_url_is_https(app_with):
    secure = app_with(PUBLIC_URL="https://permits.example.kz").test_client()
    plain = app_with(PUBLIC_URL="http://127.0.0.1:5000").test_client()
    for path in ("/login", "/api/v1/openapi.json"):
        hsts = secure.get(path).headers["Strict-Transport-Security"]
        assert hsts == "max-age=31536000; includeSubDomains", path
        assert "Strict-Transport-Security" not in plain.get(path).headers, path


def test_the_token_response_is_never_stored_or_sniffed(app, people):
    response = ApiClient(app).post(
        "/auth/token", {"username": people.head.username, "password": PASSWORD}
    )
    assert response.status_code == 201 and "token" in response.get_json()
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_an_authenticated_api_answer_is_never_stored_or_sniffed(as_user):
    response = as_user("head").get("/applications")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_an_api_problem_is_never_stored_or_sniffed(app):
    response = ApiClient(app).get("/applications")
    assert response.status_code == 401 and response.mimetype == "application/problem+json"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_api_downloads_of_permits_and_documents_stay_sandboxed_and_unstored(
    session, people, as_user, issued
):
    head, officer = as_user("head"), as_user("officer")
    submitted = application_in(session, people, "submitted")
    document = officer.get(f"/applications/{submitted.id}/documents").get_json()[0]
    for response in (
        head.get(f"/permits/{issued}/pdf"),
        officer.get(f"/applications/{submitted.id}/documents/{document['id']}/file"),
    ):
        assert response.status_code == 200
        assert response.headers["Content-Disposition"].startswith("attachment")
        # The download's own sandboxing policy is kept, not replaced by the pages' one.
        assert_protected(response, csp="default-src 'none'; sandbox")


def test_web_downloads_of_permits_and_documents_are_protected_and_unstored(
    app, session, people, issued
):
    permit = signed_in(app, people.head).get(f"/permits/{issued}.pdf")
    assert permit.status_code == 200 and permit.mimetype == "application/pdf"
    assert_protected(permit)
    submitted = application_in(session, people, "submitted")
    document = submitted.documents[0]
    officer = signed_in(app, people.officer)
    shown = officer.get(f"/applications/{submitted.id}/documents/{document.id}")
    assert shown.status_code == 200
    # The page that shows a stored file keeps its own stricter policy.
    assert_protected(shown, csp=shown.headers["Content-Security-Policy"])
    assert shown.headers["Content-Security-Policy"].startswith("default-src 'none'")
    exported = signed_in(app, people.auditor).get("/audit/export.jsonl")
    assert exported.status_code == 200
    assert_protected(exported)


def test_the_api_docs_page_loads_swagger_ui_from_this_site_only(app):
    client = app.test_client()
    page = client.get("/api/v1/docs")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert_protected(page, csp=f"{PAGE_CSP}; img-src 'self' data:")
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/") and not s.startswith("//") for s in sources)
    assert not INLINE_CODE.search(html)
    for source in sources:
        asset = client.get(source)
        assert asset.status_code == 200, source
        assert asset.headers["X-Content-Type-Options"] == "nosniff"
    # Static files carry nothing personal: a browser may keep them and revalidate.
    assert "no-store" not in client.get(sources[0]).headers["Cache-Control"]


def test_a_refused_sign_in_on_the_api_says_when_to_try_again(app_with, people):
    client = ApiClient(app_with(LOGIN_MAX_FAILURES_PER_MINUTE=1))
    bad = {"username": people.officer.username, "password": "not the password"}
    assert client.post("/auth/token", bad).status_code == 401
    refused = client.post("/auth/token", bad)
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "60"
    assert refused.headers["Cache-Control"] == "no-store"
    assert refused.headers["X-Content-Type-Options"] == "nosniff"


def test_a_refused_sign_in_page_says_when_to_try_again(app_with, people):
    client = app_with(LOGIN_MAX_FAILURES_PER_MINUTE=1).test_client()
    assert sign_in(client, people.officer.username, "not the password").status_code == 422
    refused = sign_in(client, people.officer.username, "not the password")
    assert refused.status_code == 429 and refused.mimetype == "text/html"
    assert refused.headers["Retry-After"] == "60"
    assert_protected(refused)


def test_any_other_429_gets_a_retry_after_too(app):
    from werkzeug.exceptions import TooManyRequests

    def crowded() -> None:
        raise TooManyRequests()

    app.add_url_rule("/crowded", "crowded", crowded)
    app.add_url_rule("/api/v1/crowded", "api_crowded", crowded)
    for path in ("/crowded", "/api/v1/crowded"):
        response = app.test_client().get(path)
        assert response.status_code == 429, path
        assert response.headers["Retry-After"] == "60", path


def test_no_template_or_page_drawing_module_carries_inline_style_or_script():
    sources = [*sorted((ROOT / "templates").rglob("*.html")), *sorted(
        (ROOT / "permits" / "web").glob("*.py")
    )]  # fmt: skip
    assert len(sources) > 20
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sources
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if INLINE_CODE.search(line)
    ]
    assert found == []
