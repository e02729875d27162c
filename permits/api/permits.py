"""``/permits`` and ``/verify``: issued permits, their lifecycle, and checking a permit PDF."""

from __future__ import annotations

from typing import Any

from flask import Response, request

from documents.intake import PDF
from permits.api.base import IDEMPOTENCY_KEY, IF_MATCH, action_route
from permits.api.base import errors as documented_errors
from permits.api.documents import DOWNLOAD_HEADERS, MultipartBlueprint
from permits.api.guard import accepts_multipart, current_actor, public
from permits.api.idempotency import idempotent
from permits.api.presenters import parse_if_match
from permits.api.schemas.permits import (
    PermitActionSchema,
    PermitSchema,
    ShipmentInSchema,
    ShipmentSchema,
    VerdictSchema,
    VerifyUploadSchema,
)
from permits.http.request import db_session, runtime
from permits.models import Permit
from permits.services import permits as service
from permits.services import shipments
from permits.services.verification import verify_upload

blp = MultipartBlueprint("permits", __name__, url_prefix="/api/v1", description="Permits")
NUMBER = "<permit_number:number>"
BINARY = {"schema": {"type": "string", "format": "binary"}}


def present(session: Any, permit: Permit) -> dict[str, Any]:
    """A permit with its goods as the schema dumps it."""
    lines = []
    for line in permit.lines:
        goods = line.goods_line
        lines.append({"id": goods.id, "kind": goods.kind, "model": goods.model,
                      "calibre": goods.calibre, "manufacturer": goods.manufacturer,
                      "unit": goods.unit, "quantity": line.quantity,
                      "quantity_shipped": line.quantity_shipped,
                      "serial_numbers": goods.serial_numbers})  # fmt: skip
    data = {name: getattr(permit, name) for name in PermitSchema().fields if name != "goods"}
    return {**data, "goods": lines}


@blp.route("/permits", methods=["GET"])
@blp.response(200, PermitSchema(many=True))
@documented_errors(blp, 401, 403)
def list_permits() -> list[dict[str, Any]]:
    """Permits the caller may see: applicants their firm's; Ministry staff and customs all."""
    session = db_session()
    return [
        present(session, p) for p in service.list_permits(session, current_actor(), runtime().clock)
    ]


@blp.route(f"/permits/{NUMBER}", methods=["GET"])
@blp.response(200, PermitSchema)
@documented_errors(blp, 401, 403, 404)
def get_permit(number: str) -> tuple[dict[str, Any], int, dict[str, str]]:
    """One permit; its expiry is brought up to date on every read."""
    permit = service.get_permit(db_session(), current_actor(), number, runtime().clock)
    return present(db_session(), permit), 200, {"ETag": f'"{permit.version}"'}


@blp.route(f"/permits/{NUMBER}/pdf", methods=["GET"])
@blp.doc(responses={"200": {"description": "The signed permit", "content": {PDF: BINARY}}})
@documented_errors(blp, 401, 403, 404)
def permit_pdf(number: str) -> Response:
    """The signed permit PDF, exactly as issued."""
    permit = service.get_permit(db_session(), current_actor(), number, runtime().clock)
    response = Response(runtime().intake.store.get(permit.pdf_sha256), mimetype=PDF)
    response.headers.update(DOWNLOAD_HEADERS)
    response.headers.set("Content-Disposition", "attachment", filename=f"{permit.number}.pdf")
    return response


@blp.route(f"/permits/{NUMBER}/actions/{action_route('permit')}", methods=["POST"])
@blp.doc(parameters=[IF_MATCH])
@blp.arguments(PermitActionSchema, required=False)
@blp.response(200, PermitSchema)
@documented_errors(blp, 400, 401, 403, 404, 409, 415, 422)
def permit_action(body: dict[str, Any], number: str, action: str) -> dict[str, Any]:
    """Suspend, reinstate or revoke (approvers, with a reason); ``If-Match`` guards the version."""
    permit = service.permit_action(
        db_session(), current_actor(), number, action, clock=runtime().clock,
        reason=body.get("reason"), expected_version=parse_if_match(request.headers.get("If-Match")),
    )  # fmt: skip
    return present(db_session(), permit)


@blp.route(f"/permits/{NUMBER}/shipments", methods=["POST"])
@idempotent
@blp.doc(parameters=[IDEMPOTENCY_KEY])
@blp.arguments(ShipmentInSchema)
@blp.response(201, ShipmentSchema)
@documented_errors(blp, 400, 401, 403, 404, 409, 415, 422)
def record_shipment(body: dict[str, Any], number: str) -> dict[str, Any]:
    """Record goods crossing at the customs point (customs officers); draws the permit down.

    Rules answered 422 naming the field: ``customs_point`` is the permit's; every
    ``goods_line_id`` is a line of this permit, within what remains of it; serial numbers are
    the line's, not shipped before, one per firearm.
    """
    shipment = shipments.record_shipment(
        db_session(), current_actor(), number, body["customs_point"], body["shipped_on"],
        body["lines"], clock=runtime().clock,
    )  # fmt: skip
    status = service.get_permit(db_session(), current_actor(), number, runtime().clock).status
    lines = [
        {"goods_line_id": line.goods_line_id, "quantity": line.quantity,
         "serial_numbers": line.serial_numbers}
        for line in shipment.lines
    ]  # fmt: skip
    return {"id": shipment.id, "customs_point": shipment.customs_point,
            "shipped_on": shipment.shipped_on, "permit_status": status, "lines": lines}  # fmt: skip


@blp.route("/verify", methods=["POST"])
@public
@accepts_multipart
@blp.doc(security=[])
@blp.arguments(VerifyUploadSchema, location="multipart")
@blp.response(200, VerdictSchema)
@documented_errors(blp, 400, 413, 415, 422, 503)
def verify(form: dict[str, Any]) -> dict[str, Any]:
    """Upload a permit PDF: authentic (with its status), tampered, or unknown. No sign-in.

    A file that is not a PDF by its content is 422.
    """
    verdict = verify_upload(
        db_session(),
        form["file"].read(),
        runtime().keyring.root_certificate(),
        runtime().intake.max_bytes,
        runtime().clock,
    )
    return {"verdict": verdict.verdict, "status": verdict.status,
            "permit_number": verdict.permit_number, "reasons": list(verdict.reasons)}  # fmt: skip
