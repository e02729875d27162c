"""The admin API of customs points and country flags: ETags, If-Match and the refusals."""

from __future__ import annotations

import pytest

POINTS = "/admin/customs-points"
KHORGOS = {"name": "Khorgos (road)", "kind": "border", "border_country": "CN", "active": True}
FLAGS = {"requires_end_user_certificate": True, "embargo_notes": "UN arms embargo"}


@pytest.fixture
def admin(as_user):
    return as_user("admin")


def test_a_customs_point_is_read_with_its_version_as_etag(admin):
    response = admin.get(f"{POINTS}/KHORGOS")
    assert response.status_code == 200
    assert response.headers["ETag"] == '"1"'
    assert response.get_json()["kind"] == "border"


def test_an_admin_adds_a_customs_point_and_finds_it_where_location_says(admin):
    body = {"code": "KZ-NEW", "name": "New post", "kind": "inland"}
    response = admin.post(POINTS, body, **{"Idempotency-Key": "new-post"})
    assert response.status_code == 201, response.get_json()
    assert response.headers["Location"].endswith(f"/api/v1{POINTS}/KZ-NEW")
    assert response.headers["ETag"] == '"1"'
    assert "KZ-NEW" in [p["code"] for p in admin.get(POINTS).get_json()]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"code": "KHORGOS", "name": "Again", "kind": "inland"}, "code"),
        ({"code": "KZ-Y", "name": "Y", "kind": "border", "border_country": "XX"}, "border_country"),
        ({"code": "KZ-Y", "name": "   ", "kind": "inland"}, "name"),
    ],
)
def test_a_refused_customs_point_is_422_naming_the_field(admin, body, field):
    response = admin.post(POINTS, body)
    assert response.status_code == 422
    assert field in response.get_json()["errors"]


def test_a_change_with_the_current_etag_succeeds_and_gets_the_next_one(admin):
    response = admin.call(
        "PUT", f"{POINTS}/KHORGOS", {**KHORGOS, "active": False}, **{"If-Match": '"1"'}
    )
    assert response.status_code == 200, response.get_json()
    assert response.headers["ETag"] == '"2"'
    assert response.get_json()["active"] is False
    assert admin.get(f"{POINTS}/KHORGOS").status_code == 200  # deactivated, never deleted


def test_a_change_with_a_stale_etag_is_409_naming_the_current_version(admin):
    admin.call("PUT", f"{POINTS}/DOSTYK", {**KHORGOS, "name": "Dostyk"}, **{"If-Match": '"1"'})
    response = admin.call("PUT", f"{POINTS}/DOSTYK", KHORGOS, **{"If-Match": '"1"'})
    assert response.status_code == 409
    assert response.get_json()["code"] == "version_conflict"
    assert "at version 2" in response.get_json()["detail"]
    assert admin.get(f"{POINTS}/DOSTYK").get_json()["name"] == "Dostyk"


@pytest.mark.parametrize(
    ("path", "body"), [(f"{POINTS}/KORDAY", KHORGOS), ("/admin/countries/AF", FLAGS)]
)
def test_a_change_without_if_match_is_428(admin, path, body):
    response = admin.call("PUT", path, body)
    assert response.status_code == 428
    assert response.get_json()["code"] == "precondition_required"


def test_a_country_is_changed_under_its_etag_and_found_by_search(admin):
    assert admin.get("/admin/countries/AF").headers["ETag"] == '"1"'
    response = admin.call("PUT", "/admin/countries/AF", FLAGS, **{"If-Match": '"1"'})
    assert response.status_code == 200
    assert response.headers["ETag"] == '"2"'
    (found,) = admin.get("/admin/countries?q=afghan").get_json()
    assert (found["code"], found["embargo_notes"]) == ("AF", "UN arms embargo")
    stale = admin.call("PUT", "/admin/countries/AF", FLAGS, **{"If-Match": '"1"'})
    assert stale.status_code == 409


def test_an_unknown_country_is_404(admin):
    assert admin.call("PUT", "/admin/countries/XX", FLAGS, **{"If-Match": "*"}).status_code == 404


@pytest.mark.parametrize("who", ["officer", "approver", "customs", "auditor", "head"])
def test_every_other_role_is_refused_before_the_version_is_asked(as_user, who):
    client = as_user(who)
    assert client.call("PUT", f"{POINTS}/KHORGOS", KHORGOS).status_code == 403
    assert client.call("PUT", "/admin/countries/AF", FLAGS).status_code == 403
    assert client.get("/admin/countries").status_code == 403


def test_the_codes_in_paths_are_published_with_their_patterns(as_user):
    spec = as_user(None).get("/openapi.json").get_json()
    point = spec["paths"]["/api/v1/admin/customs-points/{code}"]["parameters"][0]["schema"]
    country = spec["paths"]["/api/v1/admin/countries/{code}"]["parameters"][0]["schema"]
    assert (point["pattern"], country["pattern"]) == (r"^[A-Z0-9][A-Z0-9-]{0,15}$", r"^[A-Z]{2}$")


def test_a_code_that_cannot_be_one_is_404_at_routing(admin):
    assert admin.get(f"{POINTS}/bad%19code").status_code == 404
    assert admin.get("/admin/countries/kz").status_code == 404
