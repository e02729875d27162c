"""``GET /api/v1/healthz``: is the service up and its database reachable (no authentication)."""

from __future__ import annotations

from flask import Blueprint, current_app
from sqlalchemy.exc import SQLAlchemyError

from permits.app import get_db

blueprint = Blueprint("health", __name__, url_prefix="/api/v1")


@blueprint.get("/healthz")
def healthz() -> tuple[dict[str, str], int]:
    """200 with ``{"status": "ok"}`` when the database answers, else 503."""
    try:
        get_db(current_app).ping()
    except SQLAlchemyError:
        current_app.logger.exception("health check: database unreachable")
        return {"status": "unavailable", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}, 200
