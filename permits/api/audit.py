"""``/audit``: verification of the log and the events, for auditors and within each role's view."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint
from marshmallow import RAISE, Schema, fields, validate

from permits.api.base import errors
from permits.api.guard import current_actor
from permits.api.schemas.applications import HistoryEntrySchema
from permits.api.schemas.common import Strict
from permits.audit.service import EventFilter, list_audit_events, verify_audit_log
from permits.domain.application_form import PERMIT_NUMBER
from permits.http.request import db_session, runtime

blp = Blueprint(
    "audit", __name__, url_prefix="/api/v1/audit", description="The verifiable audit log"
)


class AuditVerificationSchema(Schema):
    """The outcome of verifying the whole log."""

    ok = fields.Boolean(required=True)
    events = fields.Integer(required=True)
    checkpoints = fields.Integer(required=True)
    first_bad_event = fields.Integer(allow_none=True, required=True)
    problems = fields.List(fields.String(), required=True)


class EventQuerySchema(Strict):
    """Filters of the event listing."""

    application = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))
    permit = fields.String(validate=validate.Regexp(PERMIT_NUMBER, error="A permit number."))
    actor = fields.String(
        validate=validate.Regexp(r"^[A-Za-z0-9:][A-Za-z0-9._:@-]{0,127}$", error="A username.")
    )
    action = fields.String(validate=validate.Regexp(r"^[a-z_]+(\.[a-z_]+)*$", error="An action."))
    from_ = fields.Date(data_key="from")
    to = fields.Date()
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    page_size = fields.Integer(load_default=100, validate=validate.Range(min=1, max=500))


class AuditEventSchema(HistoryEntrySchema):
    """One event as the caller may read it, with its subject and hash."""

    subject_type = fields.String(required=True)
    subject_id = fields.String(required=True)
    hash = fields.String(required=True)


class EventPageSchema(Schema):
    """One page of events."""

    items = fields.List(fields.Nested(AuditEventSchema), required=True)
    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    page_size = fields.Integer(required=True)


@blp.route("/verify", methods=["GET"])
@blp.response(200, AuditVerificationSchema)
@errors(blp, 401, 403)
def verify() -> dict[str, Any]:
    """Recompute the chain and the Merkle tree and check every signed checkpoint (auditors)."""
    key = runtime().keyring.log_public_key()
    return verify_audit_log(db_session(), current_actor(), key).as_json()


@blp.route("/events", methods=["GET"])
@blp.arguments(EventQuerySchema, location="query", unknown=RAISE)
@blp.response(200, EventPageSchema)
@errors(blp, 401, 403, 422)
def events(query: dict[str, Any]) -> dict[str, Any]:
    """Events oldest first, by role: auditors all, officers what they may see, applicants
    their firm's (without officials' names and internal notes).

    ``to`` must not be before ``from`` (422 naming ``to``).
    """
    wanted = EventFilter(
        query.get("application"),
        query.get("permit"),
        query.get("actor"),
        query.get("action"),
        query.get("from_"),
        query.get("to"),
    )
    page = list_audit_events(
        db_session(), current_actor(), wanted, query["page"], query["page_size"],
        clock=runtime().clock,
    )  # fmt: skip
    items = [
        {
            **vars(entry),
            "subject_type": event.subject_type,
            "subject_id": event.subject_id,
            "hash": event.hash,
        }
        for event, entry in page.items
    ]
    return {"items": items, "total": page.total, "page": page.page, "page_size": page.page_size}
