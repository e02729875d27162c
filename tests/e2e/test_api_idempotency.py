"""Idempotency-Key: a retried POST changes nothing and gets the first answer again."""

from __future__ import annotations

from tests.factories import application_form, application_in
from tests.integration.helpers import counts, events


def test_a_repeated_create_with_the_same_key_replays_the_first_response(as_user, db):
    clerk, form = as_user("clerk"), application_form()
    first = clerk.post("/applications", form, **{"Idempotency-Key": "create-1"})
    before = counts(db)
    again = clerk.post("/applications", form, **{"Idempotency-Key": "create-1"})
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.get_json() == first.get_json()
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Location"] == first.headers["Location"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert counts(db) == before


def test_the_same_key_with_another_body_is_422(as_user, db):
    clerk = as_user("clerk")
    clerk.post("/applications", application_form(), **{"Idempotency-Key": "k"})
    before = counts(db)  # the sign-in is behind us
    other = clerk.post("/applications", application_form("export"), **{"Idempotency-Key": "k"})
    assert other.status_code == 422
    assert "Idempotency-Key" in other.get_json()["errors"]
    assert counts(db) == before


def test_a_repeated_action_is_taken_once(session, people, as_user, db):
    submitted = application_in(session, people, "submitted")
    officer = as_user("officer")
    key = {"Idempotency-Key": "accept-it"}
    path = f"/applications/{submitted.id}/actions/accept"
    responses = [officer.post(path, {}, **key) for _ in range(3)]
    assert [r.status_code for r in responses] == [200, 200, 200]
    accepts = [e for e in events(db, submitted.id) if e.action == "application.accept"]
    assert len(accepts) == 1


def test_a_failed_request_is_not_remembered_so_a_corrected_retry_runs(session, people, as_user, db):
    submitted = application_in(session, people, "submitted")
    officer = as_user("officer")
    path = f"/applications/{submitted.id}/actions/return"
    key = {"Idempotency-Key": "return-1"}
    assert officer.post(path, {}, **key).status_code == 422  # no reason given: nothing written
    fixed = officer.post(path, {"reason": "fee receipt missing"}, **key)
    assert fixed.status_code == 200
    replayed = officer.post(path, {"reason": "fee receipt missing"}, **key)
    assert replayed.headers["Idempotent-Replayed"] == "true"
    returns = [e for e in events(db, submitted.id) if e.action == "application.return"]
    assert len(returns) == 1


def test_keys_belong_to_their_user(as_user, db):
    form = application_form()
    as_user("clerk").post("/applications", form, **{"Idempotency-Key": "shared"})
    other = as_user("head").post("/applications", form, **{"Idempotency-Key": "shared"})
    assert other.status_code == 201
    assert "Idempotent-Replayed" not in other.headers


def test_an_overlong_key_is_400(as_user):
    response = as_user("clerk").post("/applications", application_form(),
                                     **{"Idempotency-Key": "k" * 256})  # fmt: skip
    assert response.status_code == 400
