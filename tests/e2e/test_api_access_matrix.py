"""Every API route, for every role, on the caller's own firm's record and on another's.

The matrix must name every route the app registers: a new route fails ``test_the_matrix_covers_
every_route`` until its access rules are written down here.
"""

from __future__ import annotations

from typing import Any

import pytest

from documents.samples import sample_pdf
from permits.api.base import ID, action_route
from permits.api.permits import NUMBER
from permits.models import Application
from tests.factories import PASSWORD, application_form, application_in, clock

FEE_RECEIPT = {"kind": "fee_receipt", "number": "R-1", "issuer": "Treasury",
               "issuing_country": "KZ", "issued_on": "2026-01-05"}  # fmt: skip
LISTED_ALIAS = "Viktor Krasnoff"  # an alias on the sample UN list (XXi.001)
WHO = ("anonymous", "head", "outsider", "officer", "approver", "customs", "auditor", "admin")


def row(anonymous: int, head: int, outsider: int, officer: int, approver: int, customs: int,
        auditor: int, admin: int) -> dict[str, int]:  # fmt: skip
    """Expected statuses in the order of WHO (head: the owning firm; outsider: another firm)."""
    return dict(zip(WHO, (anonymous, head, outsider, officer, approver, customs, auditor, admin),
                    strict=True))  # fmt: skip


APP = "/api/v1/applications/<" + ID + ":application_id>"
PERMIT = "/api/v1/permits/" + NUMBER
APP_ACTION = action_route("application.")
PERMIT_ACTION = action_route("permit")
ALL_OK = row(401, 200, 200, 200, 200, 200, 200, 200)
ADMIN_ONLY = row(401, 403, 403, 403, 403, 403, 403, 200)
CUSTOMS_POINT = "/api/v1/admin/customs-points/<customs_point_code:code>"
COUNTRY = "/api/v1/admin/countries/<country_code:code>"

# (method, rule): (expected statuses, state of the application, request body)
MATRIX: dict[tuple[str, str], tuple[dict[str, int], str | None, Any]] = {
    ("GET", "/api/v1/healthz"): (row(200, 200, 200, 200, 200, 200, 200, 200), None, None),
    ("POST", "/api/v1/auth/token"): (row(401, 201, 201, 201, 201, 201, 201, 201), None, "login"),
    ("DELETE", "/api/v1/auth/token"): (row(401, 204, 204, 204, 204, 204, 204, 204), None, None),
    ("GET", "/api/v1/applications"): (row(401, 200, 200, 200, 200, 403, 200, 403), None, None),
    ("POST", "/api/v1/applications"): (
        row(401, 201, 201, 403, 403, 403, 403, 403), None, application_form()),
    ("GET", APP): (
        row(401, 200, 404, 200, 200, 403, 200, 403), "submitted", None),
    ("PATCH", APP): (
        row(401, 200, 404, 403, 403, 403, 403, 403), "draft", {"contract_reference": "C-9"}),
    ("POST", APP + "/actions/" + APP_ACTION): (
        row(401, 403, 404, 200, 403, 403, 403, 403), "submitted", {}),
    ("GET", APP + "/checklist"): (row(401, 200, 404, 200, 200, 403, 200, 403), "submitted", None),
    ("GET", APP + "/documents"): (row(401, 200, 404, 200, 200, 403, 200, 403), "submitted", None),
    ("POST", APP + "/documents"): (row(401, 201, 404, 403, 403, 403, 403, 403), "draft", "upload"),
    ("GET", APP + "/documents/<" + ID + ":document_id>/file"): (
        row(401, 200, 404, 200, 200, 403, 200, 403), "submitted", None),
    ("POST", APP + "/documents/<" + ID + ":document_id>/verification"): (
        row(401, 403, 403, 200, 403, 403, 403, 403), "under_review", {"decision": "accepted"}),
    ("GET", APP + "/history"): (
        row(401, 200, 404, 200, 200, 403, 200, 403), "submitted", None),
    ("GET", "/api/v1/permits"): (row(401, 200, 200, 200, 200, 200, 200, 403), None, None),
    ("GET", PERMIT): (row(401, 200, 404, 200, 200, 200, 200, 403), "approved", None),
    ("GET", PERMIT + "/pdf"): (row(401, 200, 404, 200, 200, 200, 200, 403), "approved", None),
    ("POST", PERMIT + "/actions/" + PERMIT_ACTION): (
        row(401, 403, 404, 403, 200, 403, 403, 403), "approved", {"reason": "inspection"}),
    ("POST", PERMIT + "/shipments"): (
        row(401, 403, 403, 403, 403, 201, 403, 403), "approved", "ship"),
    ("POST", "/api/v1/verify"): (row(200, 200, 200, 200, 200, 200, 200, 200), None, "verify"),
    ("GET", "/api/v1/keys/root.pem"): (row(200, 200, 200, 200, 200, 200, 200, 200), None, None),
    ("GET", "/api/v1/reference/countries"): (ALL_OK, None, None),
    ("GET", "/api/v1/reference/customs-points"): (ALL_OK, None, None),
    ("GET", "/api/v1/reference/weapon-models"): (ALL_OK, None, None),
    ("GET", "/api/v1/reference/embargoes"): (ALL_OK, None, None),
    ("GET", "/api/v1/audit/verify"): (row(401, 403, 403, 403, 403, 403, 200, 403), None, None),
    ("GET", "/api/v1/audit/events"): (row(401, 200, 200, 200, 200, 403, 200, 403), None, None),
    ("GET", "/api/v1/reports/annual"): (row(401, 403, 403, 200, 200, 403, 200, 403), None, None),
    ("GET", "/api/v1/reference/sanctions"): (ALL_OK, None, None),
    ("GET", APP + "/compliance"): (
        row(401, 403, 403, 200, 200, 403, 200, 403), "submitted", None),
    ("POST", APP + "/clearances"): (
        row(401, 403, 403, 201, 403, 403, 403, 403), "under_review", "clear"),
    ("POST", APP + "/deadline-extension"): (
        row(401, 403, 403, 200, 200, 403, 403, 403), "under_review", {"reason": "annex awaited"}),
    ("GET", "/api/v1/firms"): (row(401, 403, 403, 403, 403, 403, 200, 200), None, None),
    ("POST", "/api/v1/firms"): (row(401, 403, 403, 403, 403, 403, 403, 201), None, {
        "name": "New LLP", "bin": "190340009992", "licence_number": "L-77",
        "licence_valid_until": "2030-01-01"}),
    ("GET", "/api/v1/users"): (row(401, 403, 403, 403, 403, 403, 200, 200), None, None),
    ("POST", "/api/v1/users"): (row(401, 403, 403, 403, 403, 403, 403, 201), None, {
        "username": "new.auditor", "role": "auditor", "password": "long enough password"}),
    ("POST", "/api/v1/users/<" + ID + ":user_id>/password"): (
        row(401, 403, 403, 403, 403, 403, 403, 204), None, {"password": "another long password"}),
    ("DELETE", "/api/v1/users/<" + ID + ":user_id>/second-factor"): (
        row(401, 403, 403, 403, 403, 403, 403, 204), None, None),
    ("GET", "/api/v1/admin/customs-points"): (ADMIN_ONLY, None, None),
    ("POST", "/api/v1/admin/customs-points"): (row(401, 403, 403, 403, 403, 403, 403, 201), None,
                                               {"code": "KZ-M", "name": "M", "kind": "inland"}),
    ("GET", CUSTOMS_POINT): (ADMIN_ONLY, None, None),
    ("PUT", CUSTOMS_POINT): (ADMIN_ONLY, None, {"name": "Khorgos", "kind": "border",
                                                "border_country": "CN", "active": False}),
    ("GET", "/api/v1/admin/countries"): (ADMIN_ONLY, None, None),
    ("GET", COUNTRY): (ADMIN_ONLY, None, None),
    ("PUT", COUNTRY): (ADMIN_ONLY, None, {"requires_end_user_certificate": True,
                                          "embargo_notes": "UN arms embargo"}),
}  # fmt: skip
# Not API resources: the OpenAPI document and its viewer are public.
DOCUMENTATION = {"/api/v1/openapi.json", "/api/v1/docs", "/api/v1/docs/assets/<path:filename>"}


def api_routes(app) -> set[tuple[str, str]]:
    return {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/") and rule.rule not in DOCUMENTATION
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }


def test_the_matrix_covers_every_route(app):
    assert api_routes(app) == set(MATRIX)


def concrete_path(rule: str, application: Any, user_id: int) -> str:
    document_id = application.documents[0].id if application and application.documents else 1
    return (
        rule.replace(f"<{ID}:application_id>", str(application.id if application else None))
        .replace(f"<{ID}:document_id>", str(document_id))
        .replace(
            NUMBER,
            application.permit.number
            if application and application.permit
            else "KZ-IMP-2026-000000",
        )
        .replace(PERMIT_ACTION, "suspend")
        .replace(APP_ACTION, "accept")
        .replace(f"<{ID}:user_id>", str(user_id))
        .replace("/reports/annual", "/reports/annual?year=2026")
        .replace("<customs_point_code:code>", "KHORGOS")
        .replace("<country_code:code>", "CN")
    )


CASES = [
    pytest.param(method, rule, who, id=f"{method} {rule} as {who}")
    for (method, rule) in MATRIX
    for who in WHO
]


@pytest.mark.parametrize(("method", "rule", "who"), CASES)
def test_each_role_gets_what_the_matrix_says(session, db, people, as_user, method, rule, who):
    expected, state, body = MATRIX[(method, rule)][0][who], *MATRIX[(method, rule)][1:]
    application = application_in(session, people, state) if state else None
    if body == "login":
        username = getattr(people, who).username if who != "anonymous" else "nobody"
        body = {"username": username, "password": PASSWORD}
    client = as_user(None if who == "anonymous" else who)
    headers = {"Idempotency-Key": "matrix"} if method == "POST" else {}
    if method == "PUT":  # reference data changes name the version they read ("*": any)
        headers["If-Match"] = "*"
    path = concrete_path(rule, application, people.clerk.id).removeprefix("/api/v1")
    if body == "upload":
        response = client.upload(path, sample_pdf("matrix"), FEE_RECEIPT, **headers)
    elif body == "ship":
        goods = application.goods[0]
        shipment = {"customs_point": application.customs_point,
                    "shipped_on": clock().today().isoformat(),
                    "lines": [{"goods_line_id": goods.id, "quantity": 1,
                               "serial_numbers": goods.serial_numbers[:1]}]}  # fmt: skip
        response = client.call(method, path, shipment, **headers)
    elif body == "clear":
        with db.scoped() as s, s.begin():
            s.get(Application, application.id).consignee_name = LISTED_ALIAS
        clearance = {"code": "sanctions_match", "reason": "a different person (passport seen)",
                     "key": f"consignee.name:{LISTED_ALIAS}:XXi.001"}  # fmt: skip
        response = client.call(method, path, clearance, **headers)
    elif body == "verify":
        response = client.upload(path, sample_pdf("not a permit"), {}, **headers)
    else:
        response = client.call(method, path, body, **headers)
    assert response.status_code == expected, response.get_data(as_text=True)
