"""The same input rule on the web pages: a 400 error page naming the field, never a 500."""

from __future__ import annotations

import io
import re

from documents.samples import sample_pdf
from tests.factories import PASSWORD, application_in
from tests.integration.helpers import rows


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def signed_in(app, username: str):
    """A browser signed in as ``username``."""
    client = app.test_client()
    token = csrf_of(client.get("/login").get_data(as_text=True))
    answer = client.post("/login", data={"csrf_token": token, "username": username,
                                         "password": PASSWORD})  # fmt: skip
    assert answer.status_code == 302
    return client


def error_page(response, field: str) -> str:
    """The HTML error page of a 400 that names ``field``."""
    assert response.status_code == 400, response.get_data(as_text=True)[:500]
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert field in html
    return html


def test_a_nul_byte_in_the_sign_in_form_is_refused_with_the_error_page(app, people, db):
    client = app.test_client()
    token = csrf_of(client.get("/login").get_data(as_text=True))
    before = rows(db)
    response = client.post("/login", data={"csrf_token": token, "password": PASSWORD,
                                           "username": f"{people.head.username}\x00"})  # fmt: skip
    error_page(response, "form.username")
    assert rows(db) == before


def test_a_control_character_in_a_query_parameter_of_a_page_is_refused(app, people):
    error_page(app.test_client().get("/login?next=/%00"), "query.next")
    error_page(app.test_client().get(f"/verify/KZ{'0' * 16}?t=%1b"), "query.t")


def test_a_json_body_nested_a_thousand_deep_sent_to_a_page_is_refused(app, db):
    before = rows(db)
    deep = "[" * 1000 + "]" * 1000
    response = app.test_client().post("/login", data=deep, content_type="application/json")
    error_page(response, "body")
    assert rows(db) == before


def test_a_nul_byte_in_an_uploaded_file_name_on_a_page_is_refused(app, session, people, db):
    draft = application_in(session, people, "draft")
    client = signed_in(app, people.clerk.username)
    token = csrf_of(client.get(f"/applications/{draft.id}").get_data(as_text=True))
    before = rows(db)
    response = client.post(
        f"/applications/{draft.id}/documents",
        data={"csrf_token": token, "kind": "fee_receipt", "number": "R-1", "issuer": "Treasury",
              "issuing_country": "KZ", "issued_on": "2026-01-05",
              "file": (io.BytesIO(sample_pdf("x")), "receipt\x00.pdf")},
        content_type="multipart/form-data",
    )  # fmt: skip
    error_page(response, "file.filename")
    assert rows(db) == before


def test_a_surrogate_percent_encoded_in_a_form_is_only_an_unknown_username(app):
    # UTF-8 has no surrogates: the form parser never hands the page one, whatever the bytes.
    client = app.test_client()
    token = csrf_of(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login", data=f"csrf_token={token}&username=%ED%A0%80&password=x",
        content_type="application/x-www-form-urlencoded",
    )  # fmt: skip
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Wrong username or password." in page


def test_a_nul_byte_in_a_path_parameter_is_refused_with_the_error_page(app, people):
    # The public verification page takes any 18 characters as the permit number.
    error_page(app.test_client().get("/verify/KZ-IMP-2026-00001%00"), "path.number")
