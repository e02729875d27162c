"""``GET /api/v1/healthz``: is the service up and its database reachable (no authentication)."""

from __future__ import annotations

from flask import current_app
from flask_smorest import Blueprint
from marshmallow import Schema, fields
from sqlalchemy.exc import SQLAlchemyError

from permits.api.guard import public
from permits.http.request import runtime

blp = Blueprint("health", __name__, url_prefix="/api/v1", description="Service health")


class HealthSchema(Schema):
    """Whether the service and its database answer."""

    status = fields.String(required=True)
    database = fields.String(required=True)


@blp.route("/healthz", methods=["GET"])
@public
@blp.doc(security=[])
@blp.response(200, HealthSchema)
@blp.alt_response(503, schema=HealthSchema, description="The database does not answer")
def healthz() -> tuple[dict[str, str], int]:
    """200 when the database answers, else 503."""
    try:
        runtime().database.ping()
    except SQLAlchemyError:
        current_app.logger.exception("health check: database unreachable")
        return {"status": "unavailable", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}, 200
