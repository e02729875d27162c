"""The request log names the user of every request that has one: API callers and web pages."""

from __future__ import annotations

import json
import logging

import pytest

from tests.e2e.test_web_security import sign_in


@pytest.fixture
def logged(caplog):
    """The request log's lines, as dicts, by path."""
    caplog.set_level(logging.INFO, logger="permits.requests")

    def lines(path: str) -> list[dict]:
        found = [json.loads(r.getMessage()) for r in caplog.records if r.name == "permits.requests"]
        return [line for line in found if line["path"] == path]

    return lines


def test_a_page_request_is_logged_with_the_signed_in_users_id(app, people, logged):
    client = app.test_client()
    sign_in(client, people.officer.username)
    assert client.get("/queue").status_code == 200
    assert [line["user_id"] for line in logged("/queue")] == [people.officer.id]


def test_a_form_post_is_logged_with_the_users_id_too(app, people, logged):
    client = app.test_client()
    sign_in(client, people.head.username)
    page = client.get("/applications").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    client.post("/logout", data={"csrf_token": token})
    assert [line["user_id"] for line in logged("/logout")] == [people.head.id]


def test_a_visitors_page_request_is_logged_without_a_user(app, people, logged):
    app.test_client().get("/login")
    assert [line["user_id"] for line in logged("/login")] == [None]


def test_an_api_request_is_still_logged_with_the_token_users_id(as_user, people, logged):
    assert as_user("officer").get("/applications").status_code == 200
    assert [line["user_id"] for line in logged("/api/v1/applications")] == [people.officer.id]
