"""Times on the pages are the Ministry's wall-clock time, with its offset shown, in the reader's
language: an event at 19:52 UTC on 29 November reads 00:52 on 30 November (UTC+5)."""

from __future__ import annotations

import re

import pytest
from freezegun import freeze_time

from tests.e2e.test_web_security import sign_in
from tests.factories import application_in

SIGNED_AT_UTC = "2026-11-29 19:52:28"


def history_times(page: str, heading: str) -> list[str]:
    table = page.split(heading, 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr><td>(?:\d+</td><td>)?([^<]*)</td>", table)


@pytest.mark.parametrize(
    ("language", "shown"),
    [("ru", "30.11.2026, 00:52 (UTC+5)"), ("en", "11/30/26, 12:52\u202fAM (UTC+5)")],
)
def test_the_history_on_the_application_page_shows_the_ministrys_time_and_zone(
    app, session, people, language, shown
):
    with freeze_time(SIGNED_AT_UTC):
        draft = application_in(session, people, "draft")
    client = app.test_client()
    client.set_cookie("lang", language)
    sign_in(client, people.clerk.username)
    page = client.get(f"/applications/{draft.id}").get_data(as_text=True)
    assert history_times(page, 'id="history"') == [shown]  # not 19:52 (7:52 PM), UTC's


def test_the_audit_timeline_shows_the_ministrys_time_and_zone(app, session, people):
    with freeze_time(SIGNED_AT_UTC):
        draft = application_in(session, people, "draft")
    client = app.test_client()
    client.set_cookie("lang", "ru")
    sign_in(client, people.auditor.username)
    page = client.get(f"/audit/timeline?application={draft.id}").get_data(as_text=True)
    assert history_times(page, "<tbody>") == ["30.11.2026, 00:52 (UTC+5)"]
