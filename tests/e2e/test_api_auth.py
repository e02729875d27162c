"""Bearer tokens: issued for a password, stored hashed, expiring, revocable, rate limited."""

from __future__ import annotations

import logging

from freezegun import freeze_time
from sqlalchemy import select

from permits.domain.passwords import hash_password
from permits.models import ApiToken, AuditEvent, User
from tests.api_client import ApiClient
from tests.factories import PASSWORD


def audit_actions(db) -> list[str]:
    with db.scoped() as s:
        return list(s.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))


def test_a_token_is_issued_for_the_right_password_and_stored_only_as_a_hash(app, db, people):
    client = ApiClient(app)
    response = client.post(
        "/auth/token", {"username": people.officer.username, "password": PASSWORD}
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["token_type"] == "Bearer"
    assert body["user"] == {"id": people.officer.id, "username": people.officer.username,
                            "role": "officer", "firm_id": None}  # fmt: skip
    with db.scoped() as s:
        stored = s.scalars(select(ApiToken.token_hash)).all()
    assert body["token"] not in stored
    assert len(stored) == 1
    assert "auth.login" in audit_actions(db)


def test_a_wrong_password_is_refused_with_401_and_audited(app, db, people):
    response = ApiClient(app).post("/auth/token", {"username": people.officer.username,
                                                   "password": "wrong password!"})  # fmt: skip
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.get_json()["code"] == "unauthorized"
    assert audit_actions(db)[-1] == "auth.login_failed"


def test_an_unknown_user_gets_the_same_answer_as_a_wrong_password(app, people):
    unknown = ApiClient(app).post("/auth/token", {"username": "nobody", "password": "x" * 12})
    wrong = ApiClient(app).post("/auth/token", {"username": people.officer.username,
                                                "password": "x" * 12})  # fmt: skip
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.get_json()["detail"] == wrong.get_json()["detail"]


def test_eleven_failures_in_a_minute_on_one_account_get_429(app, people):
    client = ApiClient(app)
    bad = {"username": people.officer.username, "password": "not the password"}
    statuses = [client.post("/auth/token", bad).status_code for _ in range(11)]
    assert statuses == [401] * 10 + [429]
    right = client.post("/auth/token", {"username": people.officer.username, "password": PASSWORD})
    assert right.status_code == 429
    assert right.headers["Retry-After"] == "60"


def client_at(app, address: str) -> ApiClient:
    """An anonymous API client whose requests come from ``address``."""
    client = ApiClient(app)
    client.client.environ_base["REMOTE_ADDR"] = address
    return client


def test_one_users_typos_do_not_lock_out_an_office_behind_one_address(app, people):
    office = client_at(app, "192.0.2.10")
    bad = {"username": people.clerk.username, "password": "not the password"}
    assert [office.post("/auth/token", bad).status_code for _ in range(11)][-1] == 429
    colleague = {"username": people.officer.username, "password": PASSWORD}
    assert office.post("/auth/token", colleague).status_code == 201
    for i in range(12):
        office.post("/auth/token", {"username": f"typo{i}", "password": "x"})
    assert office.post("/auth/token", colleague).status_code == 201


def test_the_per_address_ceiling_stops_guessing_across_many_accounts(app_with, people):
    sprayer = client_at(app_with(LOGIN_MAX_FAILURES_PER_ADDRESS=25), "198.51.100.9")
    statuses = [
        sprayer.post("/auth/token", {"username": f"guess{i}", "password": "x"}).status_code
        for i in range(26)
    ]
    assert statuses == [401] * 25 + [429]
    assert (
        "this address"
        in sprayer.post("/auth/token", {"username": "z", "password": "x"}).get_json()["detail"]
    )


def test_one_account_guessed_from_many_addresses_is_limited_across_them(app, people):
    bad = {"username": people.officer.username, "password": "not the password"}
    for n in range(3):
        place = client_at(app, f"203.0.113.{n}")
        assert [place.post("/auth/token", bad).status_code for _ in range(10)] == [401] * 10
    elsewhere = client_at(app, "203.0.113.99").post("/auth/token", bad)
    assert elsewhere.status_code == 429
    assert elsewhere.headers["Retry-After"] == "60"
    assert "this account" in elsewhere.get_json()["detail"]


def test_the_limit_lifts_after_a_minute(app, people):
    client = ApiClient(app)
    bad = {"username": people.officer.username, "password": "not the password"}
    with freeze_time("2026-11-29 10:00:00"):
        for _ in range(10):
            client.post("/auth/token", bad)
        assert client.post("/auth/token", bad).status_code == 429
    with freeze_time("2026-11-29 10:01:05"):
        good = {"username": people.officer.username, "password": PASSWORD}
        assert client.post("/auth/token", good).status_code == 201


def test_calls_without_a_token_or_with_a_bad_one_get_401(app, people):
    assert ApiClient(app).get("/applications").status_code == 401
    forged = ApiClient(app).get("/applications", Authorization="Bearer forged-token")
    assert forged.status_code == 401
    assert forged.mimetype == "application/problem+json"


def test_a_revoked_token_stops_working(app, people, as_user):
    officer = as_user("officer")
    assert officer.get("/applications").status_code == 200
    assert officer.delete("/auth/token").status_code == 204
    assert officer.get("/applications").status_code == 401


def test_an_expired_token_stops_working(app, people):
    with freeze_time("2026-11-29 08:00:00"):
        officer = ApiClient(app, people.officer.username)
    with freeze_time("2026-11-29 15:59:00"):
        assert officer.get("/reference/countries").status_code == 200
    with freeze_time("2026-11-29 16:00:01"):
        assert officer.get("/reference/countries").status_code == 401


def test_a_password_reset_revokes_every_token_of_that_user(app, people, as_user):
    officer = as_user("officer")
    reset = as_user("admin").post(f"/users/{people.officer.id}/password",
                                  {"password": "a brand new password"})  # fmt: skip
    assert reset.status_code == 204
    assert officer.get("/applications").status_code == 401


def test_a_deactivated_user_cannot_use_their_token(app, db, people, as_user):
    officer = as_user("officer")
    with db.scoped() as s, s.begin():
        s.get(User, people.officer.id).active = False
    assert officer.get("/applications").status_code == 401


def test_an_old_hash_is_upgraded_on_login(app, db, people):
    from argon2 import PasswordHasher

    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)
    with db.scoped() as s, s.begin():
        s.get(User, people.officer.id).password_hash = weak
    ApiClient(app, people.officer.username)
    with db.scoped() as s:
        upgraded = s.get(User, people.officer.id).password_hash
    assert upgraded != weak
    assert upgraded.split("$")[3] == hash_password("x").split("$")[3]


def test_no_password_token_or_hash_appears_in_logs_or_responses(app, people, caplog, as_user):
    caplog.set_level(logging.DEBUG)  # every logger, the request log included
    admin = as_user("admin")
    created = admin.post("/users", {"username": "newbie", "role": "auditor",
                                    "password": "a secret password 1"})  # fmt: skip
    assert created.status_code == 201
    assert "password" not in created.get_json()
    users = admin.get("/users").get_data(as_text=True)
    assert "argon2" not in users
    assert "a secret password 1" not in caplog.text
    assert admin.token not in caplog.text
    assert PASSWORD not in caplog.text
    assert '"event": "request"' in caplog.text


def test_denied_access_is_audited(app, db, people, as_user):
    assert as_user("clerk").get("/users").status_code == 403
    with db.scoped() as s:
        event = s.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
    assert (event.action, event.actor_id) == ("auth.denied", people.clerk.id)
    assert event.payload == {"method": "GET", "path": "/api/v1/users"}


def test_behind_a_proxy_failures_count_against_the_forwarded_address(database_url, tmp_path, db):
    from permits.assembly.app import create_app

    proxied = create_app({"DATABASE_URL": database_url, "INSTANCE_PATH": str(tmp_path / "p"),
                          "PROXY_COUNT": 1, "LOGIN_MAX_FAILURES_PER_ADDRESS": 10,
                          "ALLOW_UNSCANNED": "1"})  # fmt: skip
    client = ApiClient(proxied)
    for i in range(10):
        client.post("/auth/token", {"username": f"u{i}", "password": "x"},
                    **{"X-Forwarded-For": "203.0.113.7"})  # fmt: skip
    other = client.post("/auth/token", {"username": "u", "password": "x"},
                        **{"X-Forwarded-For": "198.51.100.1"})  # fmt: skip
    same = client.post("/auth/token", {"username": "u", "password": "x"},
                       **{"X-Forwarded-For": "203.0.113.7"})  # fmt: skip
    assert (other.status_code, same.status_code) == (401, 429)


def test_the_root_certificate_is_public_once_the_keys_exist(app, app_with, tmp_path):
    response = ApiClient(app).get("/keys/root.pem")
    assert response.status_code == 200
    assert response.get_data().startswith(b"-----BEGIN CERTIFICATE-----")
    keyless = app_with(KEYS_PATH=str(tmp_path / "none-yet"))
    assert ApiClient(keyless).get("/keys/root.pem").status_code == 404
