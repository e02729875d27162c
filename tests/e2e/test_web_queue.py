"""The officer's queue: finding an application (page and API) and taking one into review
straight from its row."""

from __future__ import annotations

import re

from permits.services.assignment import take_application
from tests.e2e.test_web_security import csrf_of, sign_in
from tests.factories import application_in, reload_application, runtime
from tests.integration.helpers import events


def signed_in(app, member) -> object:
    client = app.test_client()
    sign_in(client, member.username)
    return client


def listed(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'href="/applications/(\d+)"', html)]


def test_the_queue_search_finds_a_decided_application_by_its_permit_number(app, session, people):
    approved = application_in(session, people, "approved")
    waiting = application_in(session, people, "submitted")
    officer = signed_in(app, people.officer)
    whole = officer.get("/queue").get_data(as_text=True)
    assert listed(whole) == [waiting.id]  # the queue itself holds what waits
    page = officer.get(f"/queue?q={approved.permit.number}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert listed(html) == [approved.id]
    assert f'value="{approved.permit.number}"' in html  # the search stays in its box
    assert 'href="/queue"' in html  # and the way back to the whole queue


def test_the_queue_search_finds_by_serial_and_says_when_nothing_matches(app, session, people):
    submitted = application_in(session, people, "submitted")
    serial = submitted.goods[0].serial_numbers[0]
    officer = signed_in(app, people.officer)
    assert listed(officer.get(f"/queue?q={serial}").get_data(as_text=True)) == [submitted.id]
    nothing = officer.get("/queue?q=NO-SUCH-SERIAL").get_data(as_text=True)
    assert listed(nothing) == [] and "Nothing found." in nothing


def test_the_api_list_takes_q_and_refuses_an_empty_one(as_user, session, people):
    submitted = application_in(session, people, "submitted")
    application_in(session, people, "submitted")
    response = as_user("officer").get(f"/applications?q={people.head.firm.bin}&page_size=10")
    assert response.status_code == 200
    assert response.get_json()["total"] == 2
    one = as_user("officer").get(f"/applications?q=%23{submitted.id}").get_json()
    assert [a["id"] for a in one["items"]] == [submitted.id]
    assert as_user("officer").get("/applications?q=").status_code == 422
    assert as_user("officer").get("/applications?q=" + "x" * 101).status_code == 422


def test_the_published_list_operation_documents_q(app):
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    parameters = spec["paths"]["/api/v1/applications"]["get"]["parameters"]
    q = next(p for p in parameters if p["name"] == "q")
    assert q["in"] == "query" and q["schema"]["maxLength"] == 100


def test_an_officer_takes_a_submitted_application_from_its_queue_row(app, db, session, people):
    submitted = application_in(session, people, "submitted")
    officer = signed_in(app, people.officer)
    queue = officer.get("/queue").get_data(as_text=True)
    assert f'action="/applications/{submitted.id}/take"' in queue
    response = officer.post(f"/applications/{submitted.id}/take",
                            data={"csrf_token": csrf_of(queue)})  # fmt: skip
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/applications/{submitted.id}")
    page = officer.get(response.headers["Location"]).get_data(as_text=True)
    assert "into review" in page  # the flash says what happened
    trail = [(e.action, e.to_state) for e in events(db, submitted.id)][-2:]
    assert trail == [("application.assign", "submitted"), ("application.accept", "under_review")]
    stored = reload_application(session, submitted.id)
    assert (stored.status, stored.assigned_to_id) == ("under_review", people.officer.id)


def test_what_is_already_taken_shows_no_take_button_and_taking_it_again_changes_nothing(
    app, db, session, people
):
    taken = application_in(session, people, "submitted")
    take_application(session, people.officer2, taken.id, runtime())
    officer = signed_in(app, people.officer)
    queue = officer.get("/queue").get_data(as_text=True)
    assert f"/applications/{taken.id}/take" not in queue
    before = len(events(db))
    response = officer.post(f"/applications/{taken.id}/take", data={"csrf_token": csrf_of(queue)})
    assert response.status_code == 302
    assert "no longer waits" in officer.get(response.headers["Location"]).get_data(as_text=True)
    assert len(events(db)) == before


def test_approvers_see_the_queue_without_take_buttons(app, session, people):
    submitted = application_in(session, people, "submitted")
    approver = signed_in(app, people.approver)
    html = approver.get("/queue").get_data(as_text=True)
    assert listed(html) == [submitted.id] and "/take" not in html
