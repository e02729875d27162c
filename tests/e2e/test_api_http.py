"""Over real HTTP (waitress on loopback), with only the documented endpoints."""

from __future__ import annotations

import threading

import pytest

from permits.actors import SystemActor
from permits.services.firms import create_user
from tests.factories import application_form, application_in
from tests.http_client import http
from tests.integration.helpers import events

PASSWORD = "a long admin password"


def sign_in(base: str, username: str, password: str) -> dict[str, str]:
    response = http(
        "POST", f"{base}/api/v1/auth/token", {"username": username, "password": password}
    )
    assert response.status == 201, response.body
    return {"Authorization": f"Bearer {response.body['token']}"}


@pytest.mark.slow
def test_a_full_import_from_create_to_approve_with_four_people(live_server, session):
    base, api = live_server, f"{live_server}/api/v1"
    create_user(session, SystemActor("cli:setup"), username="root", role="admin", password=PASSWORD)
    admin = sign_in(base, "root", PASSWORD)
    firm = http(
        "POST",
        f"{api}/firms",
        {
            "name": "Altyn LLP",
            "bin": "190340009992",
            "licence_number": "MIA-TL-9",
            "licence_valid_until": "2030-12-31",
        },
        **admin,
    )
    assert firm.status == 201, firm.body
    for username, role, extra in (
        ("head", "applicant", {"firm_bin": "190340009992", "is_head": True}),
        ("officer", "officer", {}), ("approver", "approver", {}),
    ):  # fmt: skip
        made = http("POST", f"{api}/users", {"username": username, "role": role,
                    "password": f"{username} password 123", **extra}, **admin)  # fmt: skip
        assert made.status == 201, made.body
    head, officer, approver = (sign_in(base, u, f"{u} password 123")
                               for u in ("head", "officer", "approver"))  # fmt: skip

    countries = http("GET", f"{api}/reference/countries", **head).body
    assert {"code": "IT", "name": "Italy", "requires_end_user_certificate": True} in countries
    created = http("POST", f"{api}/applications", application_form("import"), **head)
    assert created.status == 201
    location, version = created.headers["Location"], created.headers["ETag"]
    app_url = f"{base}{location}" if location.startswith("/") else location

    def act(who, action, etag, **body):
        response = http("POST", f"{app_url}/actions/{action}", body, **who, **{"If-Match": etag})
        assert response.status == 200, response.body
        return response

    version = act(head, "submit", version).headers["ETag"]
    version = act(officer, "accept", version).headers["ETag"]
    version = act(officer, "recommend", version, recommendation="approve",
                  reason="All documents verified").headers["ETag"]  # fmt: skip
    decided = act(approver, "approve", version)
    assert decided.body["status"] == "approved"
    assert decided.body["available_actions"] == []

    history = http("GET", f"{app_url}/history", **head).body
    assert [h["action"] for h in history] == [
        "application.create", "application.submit", "application.accept",
        "application.recommend", "application.approve",
    ]  # fmt: skip
    assert history[3]["reason"] is None  # the recommendation stays inside the Ministry
    assert http("GET", app_url, **officer).body["recommendation"] == "approve"
    assert "recommendation" not in http("GET", app_url, **head).body


@pytest.mark.slow
def test_parallel_approvals_with_the_same_if_match_give_one_200_and_the_rest_409(
    live_server, session, db, people
):
    application = application_in(session, people, "awaiting_decision")
    approvers = [people.approver, people.approver2]
    tokens = [sign_in(live_server, a.username, "correct horse battery staple") for a in approvers]
    url = f"{live_server}/api/v1/applications/{application.id}/actions/approve"
    etag = f'"{application.version}"'
    barrier, statuses = threading.Barrier(16), []

    def approve(i: int) -> None:
        barrier.wait()
        statuses.append(http("POST", url, {}, **tokens[i % 2], **{"If-Match": etag}).status)

    threads = [threading.Thread(target=approve, args=(i,)) for i in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(statuses) == [200] + [409] * 15
    approvals = [e for e in events(db, application.id) if e.action == "application.approve"]
    assert len(approvals) == 1
