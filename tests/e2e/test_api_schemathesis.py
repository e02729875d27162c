"""Property-based API tests: schemathesis generates requests from /api/v1/openapi.json.

Run in-process (WSGI), signed in as an applicant and as an officer, with every check schemathesis
has: no server errors, documented status codes, headers, content types and response schemas,
invalid data refused and valid data accepted, 405 with ``Allow`` for undeclared methods, and
authentication actually enforced.
"""

from __future__ import annotations

import itertools
import re

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS as REGISTERED_CHECKS
from schemathesis.checks import load_all_checks

from permits.api.base import IDEMPOTENCY_KEY_PATTERN
from tests.api_client import ApiClient
from tests.factories import application_form, application_in

load_all_checks()
CHECKS = [check for check in REGISTERED_CHECKS.get_all() if not isinstance(check, type)]
# Operations whose rules JSON Schema cannot state: one field depending on another or on the
# action in the path, or a reference to a record (customs point, replaced document, permit to
# re-export) or a file's content. Their descriptions state the rules, and a schema-valid request
# that breaks one is answered 422 naming the field, so only there 422 counts as an answer to
# valid data. Everywhere else valid data must be accepted.
CROSS_FIELD_RULES = (
    "POST /api/v1/applications",
    "PATCH /api/v1/applications/{application_id}",
    "POST /api/v1/applications/{application_id}/actions/{action}",
    "POST /api/v1/applications/{application_id}/documents",
    "POST /api/v1/applications/{application_id}/documents/{document_id}/verification",
    "POST /api/v1/applications/{application_id}/clearances",
    "POST /api/v1/permits/{number}/shipments",
    "POST /api/v1/verify",
    "GET /api/v1/audit/events",
)
ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]
CONFIG = {
    # The coverage phase sends every value of every enum as a positive case: some 250 country
    # codes for each country field would make this run minutes longer without finding more.
    # It keeps its negative cases (invalid values, missing headers, undeclared methods); valid
    # data, enum values included, is drawn by the examples and fuzzing phases.
    "phases": {"coverage": {"generation": {"mode": "negative"}}},
    "operations": [
        {"include-name": name,
         "checks": {"positive_data_acceptance": {"expected-statuses": [*ACCEPTED, "422"]}}}
        for name in CROSS_FIELD_RULES
    ],
}  # fmt: skip
SETTINGS = settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)


@pytest.fixture
def api_schema(app, session, people):
    """The app's own OpenAPI document, with a few applications in it to find."""
    for state in ("draft", "submitted", "under_review", "awaiting_decision"):
        application_in(session, people, state)
    # Generated sign-ins fail by the dozen; the limit itself is tested in test_api_auth.
    app.config["LOGIN_MAX_FAILURES_PER_MINUTE"] = 1_000_000
    return schemathesis.openapi.from_wsgi(
        "/api/v1/openapi.json", app, config=schemathesis.Config.from_dict(CONFIG)
    )


schema = schemathesis.pytest.from_fixture("api_schema")


def signed_in_as(app, username: str):
    """Headers for a case: one shared token, but a fresh one for signing out (which revokes it)."""
    shared = {"Authorization": f"Bearer {ApiClient(app, username).token}"}

    def headers(case) -> dict[str, str]:
        if (case.method, case.path) == ("DELETE", "/api/v1/auth/token"):
            return {"Authorization": f"Bearer {ApiClient(app, username).token}"}
        return shared

    return headers


def leaves_the_token_out(case) -> bool:
    """Whether schemathesis dropped or spoiled the ``Authorization`` header on purpose (it then
    expects 401, so the case goes as generated)."""
    data = case.meta.phase.data if case.meta else None
    names = {getattr(data, "parameter", None)}
    names.update(m.parameter for m in getattr(data, "mutations", ()))
    return "Authorization" in names


KEYS = itertools.count()


def fresh_idempotency_key(case) -> None:
    """Give a valid Idempotency-Key a value never sent before: generated keys repeat ("0"), and
    the same key with another body is rightly refused (422, as the IETF draft asks). Replays are
    tested in test_api_idempotency; an invalid key is left as generated."""
    headers = case.headers or {}
    key = headers.get("Idempotency-Key")
    if key is not None and re.fullmatch(IDEMPOTENCY_KEY_PATTERN, key):
        headers["Idempotency-Key"] = f"schemathesis-{next(KEYS)}"


def call(case, auth: dict[str, str]) -> None:
    """Send the case signed in: the token is in the case (so negative checks see a valid header)
    and passed explicitly (so the auth check knows it is real and probes without it)."""
    fresh_idempotency_key(case)
    if leaves_the_token_out(case):
        case.call_and_validate(checks=CHECKS)
        return
    case.headers = {**(case.headers or {}), **auth}
    case.call_and_validate(headers=auth, checks=CHECKS)


@pytest.fixture
def applicant(app, people):
    """Signs requests as the head of the firm."""
    return signed_in_as(app, people.head.username)


@pytest.fixture
def officer(app, people):
    """Signs requests as a Ministry officer."""
    return signed_in_as(app, people.officer.username)


@pytest.mark.slow
@schema.parametrize()
@SETTINGS
def test_the_api_keeps_its_contract_for_an_applicant(case, applicant):
    call(case, applicant(case))


@pytest.mark.slow
@schema.parametrize()
@SETTINGS
def test_the_api_keeps_its_contract_for_an_officer(case, officer):
    call(case, officer(case))


def real_cases(schema, ids: dict[str, int]):
    """Requests on records that exist, which random generation seldom hits."""
    application = {"application_id": ids["application"]}
    return [
        schema["/api/v1/applications"]["GET"].Case(query={"page": 1}),
        schema["/api/v1/applications/{application_id}"]["GET"].Case(path_parameters=application),
        schema["/api/v1/applications/{application_id}/history"]["GET"].Case(
            path_parameters=application
        ),
        schema["/api/v1/applications/{application_id}"]["PATCH"].Case(
            path_parameters={"application_id": ids["draft"]},
            body={"contract_reference": "C-77", "transit_countries": ["RU"]},
        ),
        schema["/api/v1/applications"]["POST"].Case(body=application_form()),
        schema["/api/v1/applications/{application_id}/actions/{action}"]["POST"].Case(
            path_parameters={"application_id": ids["submitted"], "action": "accept"}, body={}
        ),
    ]


@pytest.mark.parametrize("member", ["head", "officer", "auditor"])
def test_real_records_keep_the_published_contract(app, session, people, member):
    draft = application_in(session, people, "draft")
    submitted = application_in(session, people, "submitted")
    approved = application_in(session, people, "approved")
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    ids = {"application": approved.id, "draft": draft.id, "submitted": submitted.id}
    auth = {"Authorization": f"Bearer {ApiClient(app, getattr(people, member).username).token}"}
    statuses = []
    for case in real_cases(schema, ids):
        case.headers = {**(case.headers or {}), **auth}
        statuses.append(case.call_and_validate(headers=auth, checks=CHECKS).status_code)
    expected = {
        "head": [200, 200, 200, 200, 201, 403],
        "officer": [200, 200, 200, 403, 403, 200],
        "auditor": [200, 200, 200, 403, 403, 403],
    }
    assert statuses == expected[member]
