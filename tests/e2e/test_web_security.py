"""The web interface's sessions, CSRF and error pages, through Flask's test client."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from freezegun import freeze_time

from documents.samples import sample_pdf
from permits.models.base import utcnow
from tests.factories import PASSWORD, application_in


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def sign_in(client, username: str, password: str = PASSWORD):
    token = csrf_of(client.get("/login").get_data(as_text=True))
    return client.post(
        "/login", data={"csrf_token": token, "username": username, "password": password}
    )


def session_cookie(client) -> str:
    return client.get_cookie("session").value


def test_sign_in_sets_a_hardened_cookie_and_a_wrong_password_keeps_the_username(app, people):
    client = app.test_client()
    wrong = sign_in(client, people.head.username, "not the password")
    page = wrong.get_data(as_text=True)
    assert wrong.status_code == 422 and "Wrong username or password." in page
    assert f'value="{people.head.username}"' in page
    response = sign_in(client, people.head.username)
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_logout_ends_the_session_so_a_copied_cookie_stops_working(app, people):
    client = app.test_client()
    sign_in(client, people.head.username)
    copied = session_cookie(client)
    assert client.get("/applications").status_code == 200
    page = client.get("/applications").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": csrf_of(page)})
    thief = app.test_client()
    thief.set_cookie("session", copied)
    response = thief.get("/applications")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_password_change_ends_every_other_session(app, people):
    client, other = app.test_client(), app.test_client()
    sign_in(client, people.clerk.username)
    sign_in(other, people.clerk.username)
    copied = session_cookie(client)
    page = client.get("/password").get_data(as_text=True)
    bad = client.post(
        "/password",
        data={"csrf_token": csrf_of(page), "current_password": "wrong", "new_password": "x"},
    )
    assert bad.status_code == 422 and "This is not your current password." in bad.get_data(True)
    changed = client.post(
        "/password",
        data={
            "csrf_token": csrf_of(page),
            "current_password": PASSWORD,
            "new_password": "a brand new long passphrase",
        },
    )
    assert changed.status_code == 302
    assert client.get("/applications").status_code == 200  # this browser got a fresh session
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/applications").status_code == 302
    assert other.get("/applications").status_code == 302


def test_an_idle_session_ends_after_thirty_minutes(app, people):
    client = app.test_client()
    sign_in(client, people.head.username)
    with freeze_time(utcnow() + timedelta(minutes=20)):
        assert client.get("/applications").status_code == 200
    with freeze_time(utcnow() + timedelta(minutes=20 + 31)):
        assert client.get("/applications").status_code == 302


def test_forms_without_or_with_a_stale_csrf_token_are_refused_with_a_page(app, people):
    client = app.test_client()
    missing = client.post("/login", data={"username": people.head.username, "password": PASSWORD})
    assert missing.status_code == 400 and "text/html" in missing.headers["Content-Type"]
    assert "CSRF" in missing.get_data(as_text=True)
    stale = client.post(
        "/login", data={"csrf_token": "forged.token", "username": "x", "password": "y"}
    )
    assert stale.status_code == 400


def test_other_firms_and_other_roles_get_proper_error_pages(app, session, people):
    theirs = application_in(session, people, "submitted")
    outsider = app.test_client()
    sign_in(outsider, people.outsider.username)
    page = outsider.get(f"/applications/{theirs.id}")
    assert page.status_code == 404 and "<h1>" in page.get_data(as_text=True)
    token = csrf_of(outsider.get("/applications").get_data(as_text=True))
    post = outsider.post(f"/applications/{theirs.id}/actions/withdraw", data={"csrf_token": token})
    assert post.status_code == 404
    customs = app.test_client()
    sign_in(customs, people.customs.username)
    assert customs.get("/queue").status_code == 403
    assert "Traceback" not in customs.get("/queue").get_data(as_text=True)


def test_an_uploaded_file_name_is_shown_escaped(app, session, people):
    draft = application_in(session, people, "draft")
    client = app.test_client()
    sign_in(client, people.clerk.username)
    token = csrf_of(client.get(f"/applications/{draft.id}").get_data(as_text=True))
    response = client.post(
        f"/applications/{draft.id}/documents",
        follow_redirects=True,
        data={
            "csrf_token": token,
            "kind": "fee_receipt",
            "number": "R-1",
            "issuer": "Treasury",
            "issuing_country": "KZ",
            "issued_on": "2026-01-05",
            "file": (__import__("io").BytesIO(sample_pdf("x")), "<script>alert(1)</script>.pdf"),
        },
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;.pdf" in html
    assert "<script>alert(1)</script>" not in html


def test_a_bad_form_comes_back_with_the_input_and_an_error_next_to_the_field(app, people):
    client = app.test_client()
    sign_in(client, people.clerk.username)
    token = csrf_of(client.get("/applications/new").get_data(as_text=True))
    response = client.post(
        "/applications/new",
        data={
            "csrf_token": token,
            "permit_type": "import",
            "full_name": "Aigerim Sadykova",
            "id_document_type": "id_card",
            "iin": "123456789012",
            "contract_reference": "BER-2026/114",
            "goods-0-kind": "firearm",
            "goods-0-category": "civilian",
            "goods-0-model": "686",
            "goods-0-quantity": "0",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422, re.findall(r"error[^>]*>([^<]+)", html)
    assert 'value="Aigerim Sadykova"' in html and 'value="BER-2026/114"' in html
    errors = re.findall(r'<p class="error" id="([^"]+)-error">([^<]+)</p>', html)
    assert "iin" in dict(errors), errors


def test_staff_enrol_a_second_factor_and_approvals_need_a_fresh_code(app, session, people):
    import pyotp

    application = application_in(session, people, "awaiting_decision")
    approver = app.test_client()
    with freeze_time(utcnow()) as clock:
        sign_in(approver, people.approver.username)
        page = approver.get("/totp").get_data(as_text=True)
        secret = re.search(r"<code>([A-Z2-7]{32})</code>", page).group(1)
        totp = pyotp.TOTP(secret)
        enrolled = approver.post("/totp", data={"csrf_token": csrf_of(page), "code": totp.now()})
        assert enrolled.status_code == 200 and "recovery codes" in enrolled.get_data(as_text=True)
        clock.tick(31)
        fresh = app.test_client()
        without = sign_in(fresh, people.approver.username)
        assert without.status_code == 422 and "fresh code" in without.get_data(as_text=True)
        token = csrf_of(fresh.get("/login").get_data(as_text=True))
        signed = fresh.post(
            "/login",
            data={
                "csrf_token": token,
                "username": people.approver.username,
                "password": PASSWORD,
                "code": totp.now(),
            },
        )
        assert signed.status_code == 302
        reused = app.test_client()
        token = csrf_of(reused.get("/login").get_data(as_text=True))
        again = reused.post(
            "/login",
            data={
                "csrf_token": token,
                "username": people.approver.username,
                "password": PASSWORD,
                "code": totp.now(),
            },
        )
        assert again.status_code == 422  # a code is accepted once
        page = fresh.get(f"/applications/{application.id}").get_data(as_text=True)
        refused = fresh.post(
            f"/applications/{application.id}/actions/approve", data={"csrf_token": csrf_of(page)}
        )
        assert refused.status_code == 422
        clock.tick(31)
        approved = fresh.post(
            f"/applications/{application.id}/actions/approve",
            data={"csrf_token": csrf_of(page), "code": totp.now()},
        )
        assert approved.status_code == 302


def test_the_language_switch_goes_back_only_within_the_site(app):
    client = app.test_client()
    back = client.get("/language/ru", headers={"Referer": "http://localhost/verify"})
    assert back.status_code == 302 and back.headers["Location"] == "/verify"
    assert "lang=ru" in back.headers["Set-Cookie"]
    assert "Проверить разрешение" in client.get("/verify").get_data(as_text=True)
    away = client.get("/language/en", headers={"Referer": "https://evil.example/phish"})
    assert away.headers["Location"] == "/"
    assert client.get("/language/en?next=//evil.example").headers["Location"] == "/"


@pytest.mark.parametrize(
    "referrer",
    ["http://localhost//evil.example/", "http://localhost/\\evil.example/",
     "http://localhost/%5Cevil.example", "http://localhost/\t/evil.example/"],
)  # fmt: skip
def test_a_referrer_of_this_site_naming_another_site_is_no_way_out(app, referrer):
    response = app.test_client().get("/language/ru", headers={"Referer": referrer})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/") and location[1:2] not in ("/", "\\")
    assert "evil.example" not in location or location.startswith("/%5C")


@pytest.mark.parametrize("target", ["//evil.example", "/\\evil.example", "/\t/evil.example"])
def test_a_next_naming_another_site_is_no_way_out(app, target):
    response = app.test_client().get("/language/en", query_string={"next": target})
    assert response.headers["Location"] == "/"
