"""``/audit``: verification for auditors, and events as each role may read them."""

from __future__ import annotations

import pytest
from freezegun import freeze_time

from tests.factories import application_in


def test_an_auditor_verifies_the_log_over_the_api(session, people, as_user):
    application_in(session, people, "approved")
    body = as_user("auditor").get("/audit/verify").get_json()
    assert body["ok"] is True and body["first_bad_event"] is None
    assert body["events"] > 20 and body["checkpoints"] >= 1
    assert as_user("officer").get("/audit/verify").status_code == 403


def test_events_are_filtered_and_each_role_sees_its_share(session, people, as_user):
    mine = application_in(session, people, "awaiting_decision")
    theirs = application_in(session, people, "under_review")
    auditor = as_user("auditor").get(f"/audit/events?application={mine.id}").get_json()
    actions = [e["action"] for e in auditor["items"]]
    assert actions[0] == "application.create" and "application.recommend" in actions
    assert {e["subject_id"] for e in auditor["items"]} == {str(mine.id)}
    recommend = next(e for e in auditor["items"] if e["action"] == "application.recommend")
    assert recommend["reason"] == "complete" and recommend["actor"] == people.officer.username

    head = as_user("head").get(f"/audit/events?application={mine.id}").get_json()
    hidden = next(e for e in head["items"] if e["action"] == "application.recommend")
    assert hidden["reason"] is None and hidden["actor"] is None and hidden["details"] == {}
    assert as_user("outsider").get(f"/audit/events?application={mine.id}").get_json()["total"] == 0
    everything = as_user("outsider").get("/audit/events").get_json()
    assert everything["total"] == 0

    by_actor = as_user("auditor").get(f"/audit/events?actor={people.officer.username}"
                                      "&action=application.accept").get_json()  # fmt: skip
    assert {e["subject_id"] for e in by_actor["items"]} == {str(mine.id), str(theirs.id)}
    officer = as_user("officer").get("/audit/events?action=user.create").get_json()
    assert officer["total"] == 0  # officers read applications and permits, not user admin


def test_bad_event_filters_are_refused(as_user):
    auditor = as_user("auditor")
    assert auditor.get("/audit/events?from=2026-12-31&to=2026-01-01").status_code == 422
    assert auditor.get("/audit/events?from=yesterday").status_code == 422
    assert auditor.get("/audit/events?colour=red").status_code == 422
    today = auditor.get("/audit/events?from=2000-01-01&to=2000-01-02").get_json()
    assert today["items"] == []


@pytest.mark.parametrize(
    ("days", "listed"),
    [("from=2026-11-30&to=2026-11-30", True), ("from=2026-11-29&to=2026-11-29", False)],
    ids=["its day in Astana", "its day in UTC"],
)
def test_event_periods_are_the_ministrys_days(session, people, as_user, days, listed):
    with freeze_time("2026-11-29 19:30:00"):  # 00:30 on 30 November in Astana
        draft = application_in(session, people, "draft")
    found = as_user("auditor").get(f"/audit/events?application={draft.id}&{days}").get_json()
    assert [e["action"] for e in found["items"]] == (["application.create"] if listed else [])
