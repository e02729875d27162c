"""Customs draw a permit down to exhausted; every over-shipment or wrong serial is refused."""

from __future__ import annotations

import pytest

from tests.factories import application_in, clock, goods_line
from tests.integration.helpers import counts


@pytest.fixture
def permit(session, people):
    application = application_in(session, people, "approved", goods=[goods_line(quantity=3)])
    goods = application.goods[0]
    return (
        application.permit.number,
        goods.id,
        list(goods.serial_numbers),
        application.customs_point,
    )


def ship(client, number, point, goods_id, serials, quantity=None, shipped_on=None):
    return client.post(f"/permits/{number}/shipments", {
        "customs_point": point, "shipped_on": (shipped_on or clock().today()).isoformat(),
        "lines": [{"goods_line_id": goods_id, "quantity": quantity or len(serials),
                   "serial_numbers": serials}],
    })  # fmt: skip


def test_shipments_draw_the_permit_down_to_exhausted(app, as_user, permit):
    number, goods_id, serials, point = permit
    customs = as_user("customs")
    first = ship(customs, number, point, goods_id, serials[:2])
    assert (first.status_code, first.get_json()["permit_status"]) == (201, "active")
    shown = customs.get(f"/permits/{number}").get_json()["goods"][0]
    assert (shown["quantity"], shown["quantity_shipped"]) == (3, 2)
    last = ship(customs, number, point, goods_id, serials[2:])
    assert last.get_json()["permit_status"] == "exhausted"
    pdf = as_user("head").get(f"/permits/{number}/pdf").get_data()
    verdict = as_user("head").upload("/verify", pdf, {}).get_json()
    assert (verdict["verdict"], verdict["status"]) == ("authentic", "exhausted")
    assert ship(customs, number, point, goods_id, serials[:1]).status_code == 409


@pytest.mark.parametrize(("change", "field"), [
    ({"quantity": 4}, "lines[0].quantity"),
    ({"serials": ["NOT-ON-PERMIT"]}, "lines[0].serial_numbers"),
    ({"serials": ["A", "B"], "quantity": 1}, "lines[0].serial_numbers"),
    ({"point": "KHORGOS"}, "customs_point"),
    ({"goods_id": 999999}, "lines[0].goods_line_id"),
])  # fmt: skip
def test_a_bad_shipment_is_refused_naming_the_line_and_writes_nothing(
    as_user, db, permit, change, field
):
    number, goods_id, serials, point = permit
    customs = as_user("customs")
    before = counts(db)
    response = ship(customs, number, change.get("point", point), change.get("goods_id", goods_id),
                    change.get("serials", serials[:1]), change.get("quantity"))  # fmt: skip
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["errors"]
    assert counts(db) == before


def test_a_serial_cannot_be_shipped_twice(as_user, permit):
    number, goods_id, serials, point = permit
    customs = as_user("customs")
    assert ship(customs, number, point, goods_id, serials[:1]).status_code == 201
    again = ship(customs, number, point, goods_id, serials[:1])
    assert "Already shipped" in again.get_json()["errors"]["lines[0].serial_numbers"][0]


def test_a_revoked_permit_accepts_no_shipment(as_user, permit):
    number, goods_id, serials, point = permit
    as_user("approver").post(f"/permits/{number}/actions/revoke", {"reason": "diversion"})
    response = ship(as_user("customs"), number, point, goods_id, serials[:1])
    assert response.status_code == 409
    assert "revoked" in response.get_json()["detail"]


def test_an_expired_permit_accepts_no_shipment(app, people, as_user, permit):
    from datetime import date, timedelta

    from freezegun import freeze_time

    from tests.api_client import ApiClient

    number, goods_id, serials, point = permit
    shown = as_user("customs").get(f"/permits/{number}").get_json()
    with freeze_time(date.fromisoformat(shown["valid_until"]) + timedelta(days=1)):
        customs = ApiClient(app, people.customs.username)  # yesterday's token has expired too
        response = ship(customs, number, point, goods_id, serials[:1])
    assert response.status_code == 409
    assert "expired" in response.get_json()["detail"]


@pytest.mark.parametrize(
    "when", ["2020-01-01", "2099-12-31", "the day before", "the day after", "tomorrow"]
)
def test_a_shipment_dated_outside_the_permits_validity_or_in_the_future_is_refused(
    as_user, db, permit, when
):
    from datetime import date, timedelta

    number, goods_id, serials, point = permit
    customs = as_user("customs")
    shown = customs.get(f"/permits/{number}").get_json()
    valid_from, valid_until = (date.fromisoformat(shown[k]) for k in ("valid_from", "valid_until"))
    day = {
        "the day before": valid_from - timedelta(days=1),
        "the day after": valid_until + timedelta(days=1),
        "tomorrow": clock().today() + timedelta(days=1),
    }.get(when) or date.fromisoformat(when)
    before = counts(db)
    response = ship(customs, number, point, goods_id, serials[:1], shipped_on=day)
    assert response.status_code == 422, response.get_json()
    assert list(response.get_json()["errors"]) == ["shipped_on"]
    assert counts(db) == before


def test_a_shipment_on_the_first_day_of_validity_is_recorded(as_user, permit):
    from datetime import date

    number, goods_id, serials, point = permit
    customs = as_user("customs")
    valid_from = date.fromisoformat(customs.get(f"/permits/{number}").get_json()["valid_from"])
    assert valid_from == clock().today()
    response = ship(customs, number, point, goods_id, serials[:1], shipped_on=valid_from)
    assert response.status_code == 201, response.get_json()
