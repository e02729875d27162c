"""The admin pages of customs points and country flags: admins only, forms that come back with
what was typed, changes made on an old version refused."""

from __future__ import annotations

import re

import pytest

from permits.models import Country, CustomsPoint
from tests.e2e.test_web_forms_come_back import summary_links
from tests.e2e.test_web_security import csrf_of, sign_in

PAGES = ["/admin/customs-points", "/admin/customs-points/new", "/admin/customs-points/KHORGOS",
         "/admin/countries", "/admin/countries?q=kaz", "/admin/countries/KZ"]  # fmt: skip
POSTS = ["/admin/customs-points/new", "/admin/customs-points/KHORGOS", "/admin/countries/KZ"]
OTHERS = ["head", "outsider", "officer", "approver", "customs", "auditor"]


@pytest.fixture
def admin(app, people):
    client = app.test_client()
    sign_in(client, people.admin.username)
    return client


def stored(db, model, key):
    """The row as the database holds it now (a fresh session: the pages wrote in their own)."""
    with db.scoped() as fresh:
        row = fresh.get(model, key)
        fresh.expunge_all()
        return row


def send(client, url: str, **fields: str):
    """Open the form at ``url`` and post ``fields`` with its CSRF token and version."""
    page = client.get(url).get_data(as_text=True)
    version = re.search(r'name="version"[^>]*value="(\d*)"', page)
    data = {"csrf_token": csrf_of(page), "version": version.group(1) if version else ""}
    return client.post(url, data={**data, **fields})


@pytest.mark.parametrize("who", OTHERS)
def test_every_other_role_gets_403_on_every_page_and_form(app, people, who):
    client = app.test_client()
    sign_in(client, getattr(people, who).username)
    for url in PAGES:
        assert client.get(url).status_code == 403, url
    token = csrf_of(client.get("/verify").get_data(as_text=True))
    for url in POSTS:
        assert client.post(url, data={"csrf_token": token, "name": "x"}).status_code == 403, url


def test_signed_out_visitors_are_sent_to_sign_in(app):
    for url in PAGES:
        assert app.test_client().get(url).status_code == 302, url


def test_an_admin_sees_every_page(admin):
    for url in PAGES:
        assert admin.get(url).status_code == 200, url
    assert "Kazakhstan" in admin.get("/admin/countries?q=kaz").get_data(as_text=True)
    assert "Afghanistan" not in admin.get("/admin/countries?q=kaz").get_data(as_text=True)


def test_an_admin_adds_a_customs_point(admin, db):
    sent = send(admin, "/admin/customs-points/new", code="kz-web", name="Web post",
                kind="border", border_country="kg", active="y")  # fmt: skip
    assert sent.status_code == 302, sent.get_data(as_text=True)
    point = stored(db, CustomsPoint, "KZ-WEB")
    assert (point.name, point.border_country, point.active) == ("Web post", "KG", True)


@pytest.mark.parametrize(
    ("fields", "anchor"),
    [
        ({"code": "KHORGOS", "name": "Twice", "kind": "inland"}, "code"),
        ({"code": "KZ-Q", "name": "Q", "kind": "border", "border_country": "QQ"}, "border_country"),
        ({"code": "KZ-Q", "name": "  ", "kind": "inland"}, "name"),
    ],
)
def test_a_refused_customs_point_comes_back_with_the_input_and_the_field_named(
    admin, fields, anchor
):
    sent = send(admin, "/admin/customs-points/new", **fields)
    answer = sent.get_data(as_text=True)
    assert sent.status_code == 422
    assert summary_links(answer) == [anchor]
    assert f'id="{anchor}-error"' in answer
    assert f'value="{fields["code"]}"' in answer  # what was typed is kept


def test_clearing_active_deactivates_a_point_without_deleting_it(admin, db):
    sent = send(admin, "/admin/customs-points/SYRYM", name="Syrym", kind="border",
                border_country="RU")  # fmt: skip
    assert sent.status_code == 302
    assert stored(db, CustomsPoint, "SYRYM").active is False
    assert "No (deactivated)" in admin.get("/admin/customs-points").get_data(as_text=True)


def test_a_country_is_edited_and_an_edit_on_an_old_version_comes_back(admin, db):
    page = admin.get("/admin/countries/AF").get_data(as_text=True)
    token = csrf_of(page)
    fields = {"csrf_token": token, "version": "1", "embargo_notes": "UN arms embargo"}
    first = admin.post("/admin/countries/AF", data={**fields, "requires_end_user_certificate": "y"})
    assert first.status_code == 302
    country = stored(db, Country, "AF")
    assert (country.requires_end_user_certificate, country.embargo_notes) == (
        True, "UN arms embargo")  # fmt: skip
    stale = admin.post("/admin/countries/AF", data={**fields, "embargo_notes": "later words"})
    answer = stale.get_data(as_text=True)
    assert stale.status_code == 409
    assert "Someone changed this record" in answer
    assert "later words</textarea>" in answer


def test_an_unknown_country_page_is_404(admin):
    assert admin.get("/admin/countries/XX").status_code == 404
