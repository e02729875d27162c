"""Over real HTTP (waitress on loopback), with only the documented endpoints."""

from __future__ import annotations

import threading

import pytest

from documents.samples import sample_pdf
from permits.domain.actors import SystemActor
from permits.services.firms import create_user
from tests.factories import application_form, application_in
from tests.http_client import http, http_upload
from tests.integration.helpers import events

PASSWORD = "a long admin password"


def sign_in(base: str, username: str, password: str) -> dict[str, str]:
    response = http(
        "POST", f"{base}/api/v1/auth/token", {"username": username, "password": password}
    )
    assert response.status == 201, response.body
    return {"Authorization": f"Bearer {response.body['token']}"}


def metadata_for(item: dict, form: dict) -> dict[str, str]:
    """Particulars a real document of that checklist item would carry."""
    kind, country = item["kinds"][0], item["country"]
    fields = {"kind": kind, "number": f"{kind[:10].upper()}-77", "issuer": "Competent authority",
              "issuing_country": country or "KZ", "issued_on": "2026-10-01",
              "valid_until": "2029-12-31", "authenticated": "true"}  # fmt: skip
    if kind == "transit_non_objection":
        fields["covers_country"] = country
    if kind == "foreign_end_user_certificate":
        fields |= {
            "undertaking_no_reexport": "true",
            "issuing_country": form["counterpart_country"],
        }
    return fields


def attach_checklist(api: str, url: str, form: dict, who: dict) -> None:
    """Read the checklist over HTTP and upload one document for every missing item."""
    for item in http("GET", f"{url}/checklist", **who).body:
        if not item["satisfied"]:
            pdf = sample_pdf(item["item"])
            uploaded = http_upload(f"{url}/documents", metadata_for(item, form), pdf,
                                   f"{item['item']}.pdf", **who)  # fmt: skip
            assert uploaded.status == 201, uploaded.body
    assert all(item["satisfied"] for item in http("GET", f"{url}/checklist", **who).body)


FORMS = {
    "import": application_form("import"),
    "export": application_form(
        "export", counterpart_country="UZ", customs_point="ZHIBEK-ZHOLY", transit_countries=["KG"],
        end_user={"name": "Tashkent Shooting Club", "country": "UZ", "address": None},
        consignee={"name": "Tashkent Shooting Club", "country": "UZ", "address": None}),
}  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("permit_type", ["import", "export"])
def test_a_full_application_from_create_to_approve_with_four_people(live_server, session,
                                                                     permit_type):  # fmt: skip
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
    form = FORMS[permit_type]
    created = http("POST", f"{api}/applications", form, **head)
    assert created.status == 201
    location = created.headers["Location"]
    app_url = f"{base}{location}" if location.startswith("/") else location
    attach_checklist(api, app_url, form, head)

    def act(who, action, **body):
        etag = http("GET", app_url, **who).headers["ETag"]
        response = http("POST", f"{app_url}/actions/{action}", body, **who, **{"If-Match": etag})
        assert response.status == 200, response.body
        return response

    act(head, "submit")
    act(officer, "accept")
    for document in http("GET", f"{app_url}/documents", **officer).body:
        verified = http("POST", f"{app_url}/documents/{document['id']}/verification",
                        {"decision": "accepted"}, **officer)  # fmt: skip
        assert verified.status == 200, verified.body
    assert all(item["accepted"] for item in http("GET", f"{app_url}/checklist", **officer).body)
    assert act(officer, "recommend", recommendation="approve",
               reason="All documents verified").body["status"] == "awaiting_decision"  # fmt: skip
    decided = act(approver, "approve")
    assert decided.body["status"] == "approved"
    assert decided.body["permit"]["number"].startswith(
        {"import": "KZ-IMP-", "export": "KZ-EXP-"}[permit_type]
    )
    assert decided.body["permit"]["status"] == "active"
    assert decided.body["available_actions"] == []

    history = [h["action"] for h in http("GET", f"{app_url}/history", **head).body
               if h["action"].startswith("application.")]  # fmt: skip
    assert history == ["application.create", "application.submit", "application.accept",
                       "application.recommend", "application.approve"]  # fmt: skip
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
