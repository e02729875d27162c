"""The customs page at the border: whose permit it is, the goods with what is left, the
validity, the shipments already recorded; a refused shipment comes back on the page."""

from __future__ import annotations

from babel.dates import format_date

from permits.services.shipments import record_shipment
from tests.e2e.test_web_forms_come_back import summary_links
from tests.e2e.test_web_security import csrf_of, sign_in
from tests.factories import application_in, clock


def approved_permit(session, people):
    """An approved import of two firearms, one shipped already."""
    permit = application_in(session, people, "approved").permit
    line = permit.lines[0]
    first = line.goods_line.serial_numbers[0]
    record_shipment(session, people.customs, permit.number, permit.customs_point, clock().today(),
                    [{"goods_line_id": line.goods_line_id, "quantity": 1,
                      "serial_numbers": [first]}], clock=clock())  # fmt: skip
    session.commit()
    return permit, line.goods_line


def test_the_customs_page_shows_the_holder_goods_validity_and_shipments_so_far(
    app, session, people
):
    permit, goods = approved_permit(session, people)
    client = app.test_client()
    sign_in(client, people.customs.username)
    page = client.get(f"/customs/permits/{permit.number}").get_data(as_text=True)
    firm = people.head.firm
    assert firm.name in page and firm.bin in page
    assert goods.model in page and goods.calibre in page
    validity = [format_date(d, locale="en") for d in (permit.valid_from, permit.valid_until)]
    assert "from {} until {}".format(*validity) in page
    shipped, left = goods.serial_numbers
    assert f"<td>{shipped}</td>" in page  # the shipment recorded, with its serial
    assert f"<td>{left}</td>" in page  # the serial still to go
    assert people.customs.username in page and permit.customs_point in page
    assert "No shipment is recorded" not in page


def test_a_wrong_serial_at_customs_comes_back_beside_its_line_with_the_input_kept(
    app, session, people
):
    permit, goods = approved_permit(session, people)
    client = app.test_client()
    sign_in(client, people.customs.username)
    page = client.get(f"/customs/permits/{permit.number}").get_data(as_text=True)
    sent = client.post(
        f"/customs/permits/{permit.number}/shipments",
        data={
            "csrf_token": csrf_of(page),
            "shipped_on": clock().today().isoformat(),
            f"quantity-{goods.id}": "1",
            f"serials-{goods.id}": "NOT-ON-IT",
        },
    )
    answer = sent.get_data(as_text=True)
    assert sent.status_code == 422
    assert summary_links(answer) == [f"s-{goods.id}"]
    assert f'id="s-{goods.id}-error">Not on the permit: NOT-ON-IT.' in answer
    assert f">Beretta {goods.model}, serial numbers: Not on the permit" in answer  # the summary
    assert ">NOT-ON-IT</textarea>" in answer and 'value="1"' in answer
    assert f"Permit {permit.number}" in answer and "Back to the start page" not in answer


def test_a_quantity_over_what_is_left_and_a_date_outside_the_validity_both_come_back(
    app, session, people
):
    permit, goods = approved_permit(session, people)
    client = app.test_client()
    sign_in(client, people.customs.username)
    page = client.get(f"/customs/permits/{permit.number}").get_data(as_text=True)
    sent = client.post(
        f"/customs/permits/{permit.number}/shipments",
        data={
            "csrf_token": csrf_of(page),
            "shipped_on": "2001-01-01",
            f"quantity-{goods.id}": "5",
            f"serials-{goods.id}": goods.serial_numbers[1],
        },
    )
    answer = sent.get_data(as_text=True)
    assert sent.status_code == 422
    assert set(summary_links(answer)) >= {"shipped_on", f"q-{goods.id}"}
    assert 'value="2001-01-01"' in answer and 'value="5"' in answer
    assert 'id="shipped_on-error"' in answer and f'id="q-{goods.id}-error"' in answer


def test_a_quantity_that_is_no_number_comes_back_without_reaching_the_service(app, session, people):
    permit, goods = approved_permit(session, people)
    client = app.test_client()
    sign_in(client, people.customs.username)
    page = client.get(f"/customs/permits/{permit.number}").get_data(as_text=True)
    sent = client.post(
        f"/customs/permits/{permit.number}/shipments",
        data={"csrf_token": csrf_of(page), "shipped_on": "", f"quantity-{goods.id}": "two"},
    )
    answer = sent.get_data(as_text=True)
    assert sent.status_code == 422
    assert summary_links(answer) == ["shipped_on", f"q-{goods.id}"]
    assert 'value="two"' in answer
