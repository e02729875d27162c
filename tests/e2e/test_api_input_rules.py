"""The edge's input rule over the API (issue 13): JSON nested too deep, lone surrogates, NUL
bytes and other control characters are refused naming the field, never a 500, writing nothing."""

from __future__ import annotations

import json

import pytest

from documents.samples import sample_pdf
from tests.api_client import ApiClient
from tests.e2e.api_operations import json_operations
from tests.factories import PASSWORD, application_form, application_in, goods_line
from tests.integration.helpers import rows

PROBLEM = "application/problem+json"
DEEP = "[" * 1000 + "]" * 1000
SURROGATE = '"\\ud800"'  # a JSON escape: the only way a lone surrogate reaches the server
FEE = {"kind": "fee_receipt", "number": "R-1", "issuer": "Treasury", "issuing_country": "KZ",
       "issued_on": "2026-01-05"}  # fmt: skip


def refused(response, status: int, field: str) -> dict:
    """The problem of a refusal that names ``field``."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    body = response.get_json()
    assert body["status"] == status
    assert field in body["errors"], body
    return body


def raw(client, method: str, path: str, text: str, **headers: str):
    """Send ``text`` as a JSON body exactly as written (escapes and all)."""
    return client.client.open(
        f"/api/v1{path}", method=method, data=text.encode("utf-8", "surrogatepass"),
        headers={**client.headers, **headers, "Content-Type": "application/json"},
    )  # fmt: skip


def test_a_json_body_nested_a_thousand_deep_is_refused_before_sign_in(as_user, db):
    anonymous = as_user(None)
    before = rows(db)
    body = refused(raw(anonymous, "POST", "/auth/token", DEEP), 400, "body")
    assert body["code"] == "malformed_request"
    assert body["errors"]["body"] == ["Nested deeper than 32 levels."]
    assert rows(db) == before


def test_every_json_endpoint_refuses_a_body_nested_a_thousand_deep(app, session, people, as_user,
                                                                   db):  # fmt: skip
    draft = application_in(session, people, "draft")
    values = {"application_id": draft.id, "number": "KZ" + "0" * 16, "document_id": 1,
              "user_id": people.clerk.id, "action": "accept", "code": "KZ"}  # fmt: skip
    endpoints = json_operations(app)
    assert len(endpoints) >= 12
    officer = as_user("officer")
    before = rows(db)
    for endpoint in endpoints:
        refused(raw(officer, endpoint.method, endpoint.url(values), DEEP), 400, "body")
    assert rows(db) == before


def test_a_lone_surrogate_in_the_username_is_refused_naming_the_field(as_user, db):
    anonymous = as_user(None)
    before = rows(db)
    text = f'{{"username": {SURROGATE}, "password": "{PASSWORD}"}}'
    body = refused(raw(anonymous, "POST", "/auth/token", text), 422, "body.username")
    assert body["code"] == "validation_error"
    assert "surrogate" in body["errors"]["body.username"][0]
    assert rows(db) == before


def test_a_nul_byte_in_the_username_is_refused_naming_the_field(as_user, people, db):
    anonymous = as_user(None)
    before = rows(db)
    response = anonymous.post("/auth/token", {"username": f"{people.head.username}\x00",
                                              "password": PASSWORD})  # fmt: skip
    assert "NUL" in refused(response, 422, "body.username")["errors"]["body.username"][0]
    assert rows(db) == before


@pytest.mark.parametrize(("change", "field"), [
    ({"contract_reference": "C-\x00"}, "body.contract_reference"),
    ({"customs_point": "ALA\x00"}, "body.customs_point"),
    ({"responsible_person": {"full_name": "A\x00"}}, "body.responsible_person.full_name"),
    ({"goods": [goods_line(), goods_line(model="686\x00")]}, "body.goods[1].model"),
    ({"contract_reference": "C-\x1b[31m"}, "body.contract_reference"),
    ({"end_user": {"\x00name": "x"}}, "body.end_user.\\u0000name"),
])  # fmt: skip
def test_a_nul_or_control_character_in_an_application_is_refused_naming_the_field(
    as_user, db, change, field
):
    clerk = as_user("clerk")
    before = rows(db)
    refused(clerk.post("/applications", application_form(**change)), 422, field)
    assert rows(db) == before


PATHS = {
    "contract_reference": "body.contract_reference",
    "customs_point": "body.customs_point",
    "full_name": "body.responsible_person.full_name",
    "model": "body.goods[0].model",
}


def raw_application(field: str) -> str:
    """An application form's JSON with the field's value replaced by a lone surrogate escape."""
    form = application_form()
    marker = "REPLACED-BY-A-SURROGATE"
    where = {"full_name": form["responsible_person"], "model": form["goods"][0]}.get(field, form)
    where[field] = marker
    return json.dumps(form).replace(f'"{marker}"', SURROGATE)


@pytest.mark.parametrize("field", ["contract_reference", "customs_point", "full_name", "model"])
def test_a_lone_surrogate_in_an_application_is_refused_naming_the_field(as_user, db, field):
    clerk = as_user("clerk")
    text = raw_application(field)
    before = rows(db)
    body = refused(raw(clerk, "POST", "/applications", text), 422, PATHS[field])
    assert "surrogate" in body["errors"][PATHS[field]][0]
    assert rows(db) == before


def test_a_nul_byte_in_a_users_full_name_is_refused_naming_the_field(as_user, db):
    admin = as_user("admin")
    before = rows(db)
    user = {"username": "newcomer", "role": "officer", "full_name": "New\x00comer",
            "password": "a long enough password"}  # fmt: skip
    refused(admin.post("/users", user), 422, "body.full_name")
    assert rows(db) == before


def test_a_nul_byte_in_an_uploads_file_name_or_issuer_is_refused_naming_the_field(
    session, people, as_user, db
):
    draft = application_in(session, people, "draft")
    clerk = as_user("clerk")
    path = f"/applications/{draft.id}/documents"
    before = rows(db)
    named = clerk.upload(path, sample_pdf("r"), FEE, filename="receipt\x00.pdf")
    refused(named, 422, "file.filename")
    refused(clerk.upload(path, sample_pdf("r"), {**FEE, "issuer": "Trea\x00sury"}), 422,
            "form.issuer")  # fmt: skip
    assert rows(db) == before


def test_quantities_nested_a_thousand_deep_or_with_a_surrogate_are_refused_naming_the_field(
    session, people, as_user, db
):
    draft = application_in(session, people, "draft")
    clerk = as_user("clerk")
    path = f"/applications/{draft.id}/documents"
    consent = {**FEE, "kind": "origin_consent", "destination_country": "KZ"}
    before = rows(db)
    deep = clerk.upload(path, sample_pdf("c"), {**consent, "quantities": DEEP})
    assert refused(deep, 400, "form.quantities")["errors"]["form.quantities"] == [
        "Nested deeper than 32 levels."
    ]
    surrogate = clerk.upload(path, sample_pdf("c"), {**consent, "quantities": '{"\\udfff": 1}'})
    refused(surrogate, 422, "form.quantities.\\udfff")
    assert rows(db) == before


def test_quantities_that_are_not_json_are_still_named_by_the_schema(session, people, as_user):
    draft = application_in(session, people, "draft")
    consent = {**FEE, "kind": "origin_consent", "destination_country": "KZ",
               "quantities": "four pigeons"}  # fmt: skip
    response = as_user("clerk").upload(f"/applications/{draft.id}/documents", sample_pdf("c"),
                                       consent)  # fmt: skip
    refused(response, 422, "quantities")


def test_a_nul_byte_in_a_query_parameter_or_a_header_is_refused_naming_it(as_user, db):
    officer, auditor = as_user("officer"), as_user("auditor")
    before = rows(db)
    refused(officer.get("/applications?status=draft%00"), 422, "query.status")
    refused(auditor.get("/audit/events?actor=%00"), 422, "query.actor")
    refused(officer.get("/applications?%00=1"), 422, "query.\\u0000")
    response = officer.post("/applications", application_form(), **{"Idempotency-Key": "k\x00"})
    refused(response, 422, "header.Idempotency-Key")
    assert rows(db) == before


def test_a_nul_byte_in_a_permit_number_matches_no_route_and_is_no_server_error(as_user):
    # The API's permit-number converter only matches KZ-XXX-NNNN-NNNNNN (the published pattern).
    officer = as_user("officer")
    number = "KZ" + "0" * 15 + "%00"
    assert officer.get(f"/permits/{number}").status_code == 404
    assert officer.post(f"/permits/{number}/shipments", {}).status_code == 404


def test_a_number_too_long_for_python_is_a_malformed_body_not_a_server_error(as_user, db):
    clerk = as_user("clerk")
    before = rows(db)
    text = '{"permit_type": "import", "goods": [{"quantity": ' + "9" * 5000 + "}]}"
    assert refused(raw(clerk, "POST", "/applications", text), 400, "body")["code"] == (
        "malformed_request"
    )
    assert rows(db) == before


def test_tabs_and_newlines_pass_the_rule(session, people, as_user):
    submitted = application_in(session, people, "submitted")
    officer = as_user("officer")
    response = officer.act(submitted.id, "return", reason="Missing:\n\t- the fee receipt\r\n")
    assert response.status_code == 200, response.get_json()


def test_a_lower_json_max_depth_refuses_an_ordinary_application(app_with, people):
    strict = ApiClient(app_with(JSON_MAX_DEPTH=2), people.clerk.username)
    response = strict.post("/applications", application_form())
    refused(response, 400, "body")
    assert response.get_json()["errors"]["body"] == ["Nested deeper than 2 levels."]


@pytest.mark.parametrize("disposition", ['form-data; name="a', "form-data",
                                         'form-data; filename="x\x00.pdf"'])  # fmt: skip
def test_a_multipart_part_whose_name_cannot_be_read_is_no_server_error(
    session, people, as_user, disposition
):
    draft = application_in(session, people, "draft")
    clerk = as_user("clerk")
    boundary = "b0undary"
    body = f"--{boundary}\r\nContent-Disposition: {disposition}\r\n\r\n{{}}\r\n--{boundary}--\r\n"
    response = clerk.client.post(
        f"/api/v1/applications/{draft.id}/documents", data=body.encode(),
        headers={**clerk.headers, "Content-Type": f"multipart/form-data; boundary={boundary}"},
    )  # fmt: skip
    assert response.status_code in (400, 422), response.get_data(as_text=True)
