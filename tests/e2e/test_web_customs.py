"""The customs form proposes the Ministry's date (Astana), never the UTC one, around midnight."""

from __future__ import annotations

import re

import pytest
from freezegun import freeze_time

from tests.e2e.test_web_security import sign_in
from tests.factories import application_in


@pytest.mark.parametrize(
    ("utc_instant", "astana_date"),
    [("2026-11-29 18:30:00", "2026-11-29"), ("2026-11-29 19:30:00", "2026-11-30")],
    ids=["23:30 in Astana", "00:30 in Astana"],
)
def test_the_shipment_form_proposes_the_permits_first_day_in_astana_around_midnight(
    app, session, people, utc_instant, astana_date
):
    with freeze_time(utc_instant):
        permit = application_in(session, people, "approved").permit
        assert permit.valid_from.isoformat() == astana_date
        client = app.test_client()
        sign_in(client, people.customs.username)
        page = client.get(f"/customs/permits/{permit.number}").get_data(as_text=True)
    proposed = re.search(r'name="shipped_on"[^>]*value="([^"]+)"', page)
    assert proposed is not None, page
    assert proposed.group(1) == astana_date
