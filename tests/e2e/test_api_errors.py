"""Every error a client can cause is problem+json with the right status; nothing is written."""

from __future__ import annotations

import pytest

from tests.factories import application_form, application_in, goods_line
from tests.integration.helpers import counts

PROBLEM = "application/problem+json"


def problem_of(response, status):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    body = response.get_json()
    assert body["status"] == status
    assert {"type", "title", "detail", "code"} <= set(body)
    return body


def raw_post(client, path, data, content_type):
    return client.client.post(f"/api/v1{path}", data=data,
                              headers={**client.headers, "Content-Type": content_type})  # fmt: skip


def test_malformed_json_is_400(as_user, db):
    clerk = as_user("clerk")
    before = counts(db)
    body = problem_of(raw_post(clerk, "/applications", "{not json", "application/json"), 400)
    assert body["code"] == "malformed_request"
    assert counts(db) == before


def test_a_body_that_is_not_json_is_415(as_user, db):
    clerk = as_user("clerk")
    before = counts(db)
    response = raw_post(clerk, "/applications", "permit_type=import", "text/plain")
    assert problem_of(response, 415)["code"] == "unsupported_media_type"
    assert counts(db) == before


def test_a_body_over_the_limit_is_413(app, as_user, db):
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    clerk = as_user("clerk")
    before = counts(db)
    huge = application_form(contract_reference="x" * 20_000)
    assert problem_of(clerk.post("/applications", huge), 413)["code"]
    assert counts(db) == before


@pytest.mark.parametrize(("payload", "field"), [
    ({"permit_type": "import", "goods": [goods_line(quantity=-1)]}, "goods[0].quantity"),
    ({"permit_type": "import", "goods": [goods_line(quantity="two")]}, "goods[0].quantity"),
    ({"permit_type": "smuggling"}, "permit_type"),
    ({"permit_type": "import", "counterpart_country": "XX"}, "counterpart_country"),
    ({"permit_type": "import", "counterpart_country": "KZ"}, "counterpart_country"),
    ({"permit_type": "import", "customs_point": "NOWHERE"}, "customs_point"),
    ({"permit_type": "import", "contract_reference": "c" * 101}, "contract_reference"),
    ({"permit_type": "import", "nickname": "x"}, "nickname"),
    ({}, "permit_type"),
    ([1, 2], "_schema"),
])  # fmt: skip
def test_invalid_input_is_422_naming_the_field_and_writes_nothing(as_user, db, payload, field):
    clerk = as_user("clerk")
    before = counts(db)
    body = problem_of(clerk.post("/applications", payload), 422)
    assert body["code"] == "validation_error"
    assert field in body["errors"]
    assert counts(db) == before


def test_a_blocked_action_is_422_with_its_blockers(session, people, as_user):
    draft = application_in(session, people, "draft", customs_point=None)
    body = problem_of(as_user("head").act(draft.id, "submit"), 422)
    assert body["code"] == "action_blocked"
    assert {"code": "field_missing", "item": "customs_point",
            "message": "The customs point is missing"} in body["blockers"]  # fmt: skip


def test_a_stale_if_match_is_409_and_changes_nothing(session, people, as_user, db):
    submitted = application_in(session, people, "submitted")
    officer = as_user("officer")
    before = counts(db)
    body = problem_of(officer.act(submitted.id, "accept", version=1), 409)
    assert body["code"] == "version_conflict"
    assert counts(db) == before


def test_an_unparseable_if_match_is_400(session, people, as_user):
    submitted = application_in(session, people, "submitted")
    response = as_user("officer").post(f"/applications/{submitted.id}/actions/accept", None,
                                       **{"If-Match": "yesterday"})  # fmt: skip
    assert problem_of(response, 400)["code"] == "bad_request"


def test_an_action_in_the_wrong_state_is_409(session, people, as_user):
    approved = application_in(session, people, "approved")
    assert problem_of(as_user("head").act(approved.id, "withdraw"), 409)["code"] == "invalid_state"


def test_a_role_that_may_not_act_gets_403(session, people, as_user):
    submitted = application_in(session, people, "submitted")
    body = problem_of(as_user("head").act(submitted.id, "accept"), 403)
    assert body["blockers"][0]["code"] == "role_not_allowed"


def test_another_firms_application_is_404_as_if_it_did_not_exist(session, people, as_user):
    draft = application_in(session, people, "draft")
    outsider = as_user("outsider")
    missing = problem_of(outsider.get("/applications/999999"), 404)
    hidden = problem_of(outsider.get(f"/applications/{draft.id}"), 404)
    assert missing["code"] == hidden["code"] == "not_found"
    assert problem_of(outsider.patch(f"/applications/{draft.id}", {"contract_reference": "X"}), 404)
    assert problem_of(outsider.act(draft.id, "withdraw"), 404)


def test_an_unknown_route_or_method_is_a_problem_too(as_user):
    assert problem_of(as_user("clerk").get("/nothing-here"), 404)["code"] == "not_found"
    assert problem_of(as_user("clerk").delete("/applications"), 405)


def test_patching_a_submitted_application_is_409(session, people, as_user):
    submitted = application_in(session, people, "submitted")
    response = as_user("clerk").patch(f"/applications/{submitted.id}", {"contract_reference": "X"})
    assert problem_of(response, 409)["code"] == "invalid_state"


def test_the_permit_type_of_an_application_cannot_be_patched(session, people, as_user):
    draft = application_in(session, people, "draft")
    response = as_user("clerk").patch(f"/applications/{draft.id}", {"permit_type": "export"})
    assert "permit_type" in problem_of(response, 422)["errors"]
