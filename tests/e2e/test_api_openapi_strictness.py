"""The published OpenAPI document is as strict as the server: what it calls valid, the server
takes; what the server refuses, it calls invalid (issue 13)."""

from __future__ import annotations

import itertools
import re
import string

import pytest

from permits.domain.identifiers import is_country_code, is_currency_code
from tests.factories import application_in

PROBLEM = "application/problem+json"
TWO_LETTERS = ["".join(p) for p in itertools.product(string.ascii_uppercase, repeat=2)]
THREE_LETTERS = ["".join(p) for p in itertools.product(string.ascii_uppercase, repeat=3)]


@pytest.fixture
def spec(app):
    """The OpenAPI document as clients download it."""
    return app.test_client().get("/api/v1/openapi.json").get_json()


def country_enums(spec) -> dict[str, list[str]]:
    """Every published country field (request bodies) with its enum."""
    schemas = spec["components"]["schemas"]
    party, goods = schemas["Party"]["properties"], schemas["Goods"]["properties"]
    form, upload = schemas["ApplicationCreate"]["properties"], schemas["DocumentUpload"]
    found = {
        "Party.country": party["country"].get("enum"),
        "Goods.country_of_manufacture": goods["country_of_manufacture"].get("enum"),
        "ApplicationCreate.counterpart_country": form["counterpart_country"].get("enum"),
        "ApplicationCreate.transit_countries[]": form["transit_countries"]["items"].get("enum"),
    }
    for name in ("issuing_country", "covers_country", "destination_country"):
        found[f"DocumentUpload.{name}"] = upload["properties"][name].get("enum")
    return found


def test_the_published_schema_lists_only_country_codes_the_server_accepts(spec):
    accepted = {code for code in TWO_LETTERS if is_country_code(code)}
    assert "AA" not in accepted and "DE" in accepted
    for field, enum in country_enums(spec).items():
        assert enum is not None, field
        assert set(enum) == accepted, field


def test_the_published_schema_lists_only_currency_codes_the_server_accepts(spec):
    accepted = {code for code in THREE_LETTERS if is_currency_code(code)}
    assert set(spec["components"]["schemas"]["Goods"]["properties"]["currency"]["enum"]) == accepted


def test_a_country_code_the_server_does_not_know_is_refused_with_422_naming_it(as_user):
    party = {"name": "Broker LLP", "country": "AA"}
    response = as_user("head").post("/applications", {"permit_type": "import", "broker": party})
    assert response.status_code == 422
    assert "broker.country" in response.get_json()["errors"]


def test_an_unknown_nested_field_is_refused_with_422_naming_it(as_user):
    party = {"name": "Broker LLP", "country": "DE", "nickname": "B"}
    response = as_user("head").post("/applications", {"permit_type": "import", "broker": party})
    assert response.status_code == 422
    assert response.mimetype == PROBLEM
    assert response.get_json()["errors"]["broker.nickname"] == ["Unknown field."]


def test_a_nullable_nested_object_is_published_as_that_object_or_null_only(spec):
    schemas = spec["components"]["schemas"]
    broker = schemas["ApplicationCreate"]["properties"]["broker"]
    assert broker["allOf"] == [{"$ref": "#/components/schemas/Party"}]
    assert broker["nullable"] is True and "anyOf" not in broker
    for name in ("Party", "Person", "Goods", "ApplicationCreate", "ActionBody", "ShipmentLineIn"):
        assert schemas[name]["additionalProperties"] is False, name


def idempotency_pattern(spec) -> str:
    """The published pattern of the Idempotency-Key header."""
    operation = spec["paths"]["/api/v1/applications"]["post"]
    (header,) = [p for p in operation["parameters"] if p["name"] == "Idempotency-Key"]
    return header["schema"]["pattern"]


# A control character is refused by the edge's one input rule (422 naming the header); what
# passes it but is not printable ASCII, by the idempotency check (400).
BAD_KEYS = [("\x7f", 400), ("k\x01ey", 422), ("clé", 400), ("x" * 256, 400), ("tab\tkey", 400)]
GOOD_KEYS = ["a", "order 17/2026: first try", "~" * 255]


@pytest.mark.parametrize(("key", "status"), BAD_KEYS)
def test_an_idempotency_key_that_is_not_printable_ascii_is_refused(as_user, spec, key, status):
    assert not re.search(idempotency_pattern(spec), key)
    response = as_user("head").post("/applications", {"permit_type": "import"},
                                    **{"Idempotency-Key": key})  # fmt: skip
    assert response.status_code == status
    assert response.mimetype == PROBLEM
    if status == 422:
        assert "header.Idempotency-Key" in response.get_json()["errors"]


@pytest.mark.parametrize("key", GOOD_KEYS)
def test_an_idempotency_key_the_schema_allows_is_accepted(as_user, spec, key):
    assert re.search(idempotency_pattern(spec), key)
    response = as_user("head").post("/applications", {"permit_type": "import"},
                                    **{"Idempotency-Key": key})  # fmt: skip
    assert response.status_code == 201


def test_an_if_match_too_long_to_be_a_version_is_refused_with_400(as_user, session, people):
    application = application_in(session, people, "draft")
    headers = {"If-Match": "9" * 5000}
    response = as_user("head").patch(
        f"/applications/{application.id}", {"contract_reference": "C-1"}, **headers
    )
    assert response.status_code == 400


def test_path_identifiers_are_published_with_their_patterns(spec):
    permit = spec["paths"]["/api/v1/permits/{number}"]["parameters"][0]["schema"]
    assert permit["pattern"] == r"^KZ-(IMP|EXP|TRN|REX)-\d{4}-\d{6}$"
    action = spec["paths"]["/api/v1/applications/{application_id}/actions/{action}"]
    (name,) = [p for p in action["parameters"] if p["name"] == "action"]
    assert {"submit", "accept", "approve", "refuse", "withdraw"} <= set(name["schema"]["enum"])


def test_every_operation_that_reads_input_documents_400(spec):
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            takes_input = "{" in path or operation.get("parameters") or "requestBody" in operation
            if method != "parameters" and takes_input:
                assert "400" in operation["responses"], f"{method.upper()} {path}"


def test_cross_field_rules_are_described_on_their_operations(spec):
    action = spec["paths"]["/api/v1/applications/{application_id}/actions/{action}"]["post"]
    assert "``grounds`` only on\n``refuse``" in action["description"]
    events = spec["paths"]["/api/v1/audit/events"]["get"]
    assert "``to`` must not be before ``from``" in events["description"]


@pytest.mark.parametrize("method", ["TRACE", "PUT"])
@pytest.mark.parametrize(
    ("path", "allowed"),
    [("/api/v1/applications", "GET, HEAD, OPTIONS, POST"), ("/login", "GET, HEAD, OPTIONS, POST")],
)
def test_a_method_a_route_does_not_take_is_405_with_an_allow_header(app, method, path, allowed):
    response = app.test_client().open(path, method=method)
    assert response.status_code == 405
    assert response.headers["Allow"] == allowed


def test_free_text_is_published_refusing_the_control_characters_the_edge_refuses(spec):
    from permits.http.input_rules import text_problem

    username = spec["components"]["schemas"]["TokenRequest"]["properties"]["username"]
    published = re.compile(username["pattern"])
    for text in ("Ержан Қасымов", "line\nbreak\tand tab", "bell\x07", "nul\x00", "esc\x1b"):
        assert bool(published.search(text)) == (text_problem(text) is None), repr(text)
