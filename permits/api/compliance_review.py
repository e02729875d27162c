"""Compliance: the embargo and sanctions lists in force, an application's findings, officers'
clearances and the decision deadline's extension."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_smorest import Blueprint
from marshmallow import RAISE

from permits.api.applications import ETAG_HEADER, respond
from permits.api.base import ID, IF_MATCH, errors
from permits.api.guard import current_actor
from permits.api.presenters import parse_if_match
from permits.api.schemas.applications import ApplicationOutSchema
from permits.api.schemas.compliance_review import (
    ClearanceInSchema,
    ClearanceSchema,
    ComplianceSchema,
    EmbargoListSchema,
    EmbargoQuerySchema,
    ExtensionInSchema,
    SanctionsListSchema,
)
from permits.http.request import db_session, runtime
from permits.services import compliance_review, deadlines, lists_in_force

blp = Blueprint(
    "compliance",
    __name__,
    url_prefix="/api/v1",
    description="Embargoes, sanctions screening, clearances and deadlines",
)


@blp.route("/reference/embargoes", methods=["GET"])
@blp.arguments(EmbargoQuerySchema, location="query", unknown=RAISE)
@blp.response(200, EmbargoListSchema)
@errors(blp, 401, 404, 422)
def embargoes(query: dict[str, Any]) -> dict[str, Any]:
    """The UN arms-embargo list in force (or ``version``), with every version loaded."""
    session = db_session()
    listing = lists_in_force.embargo_list(session, query.get("version"))
    versions = [v.version for v in lists_in_force.list_versions(session, "embargoes")]
    return {"version": listing.version, "regimes": listing.regimes, "versions": versions}


@blp.route("/reference/sanctions", methods=["GET"])
@blp.response(200, SanctionsListSchema)
@errors(blp, 401)
def sanctions() -> dict[str, Any]:
    """The UN consolidated sanctions list versions loaded, the one in force first."""
    return {"versions": lists_in_force.list_versions(db_session(), "sanctions")}


@blp.route(f"/applications/<{ID}:application_id>/compliance", methods=["GET"])
@blp.response(200, ComplianceSchema)
@errors(blp, 401, 403, 404)
def findings(application_id: int) -> dict[str, Any]:
    """Embargo findings, screening matches, clearances, re-export balance, deadline (staff)."""
    return compliance_review.compliance_report(
        db_session(), current_actor(), application_id, runtime().policy, runtime().clock
    )


@blp.route(f"/applications/<{ID}:application_id>/clearances", methods=["POST"])
@blp.arguments(ClearanceInSchema)
@blp.response(201, ClearanceSchema)
@errors(blp, 400, 401, 403, 404, 409, 415, 422)
def clear(body: dict[str, Any], application_id: int) -> Any:
    """Clear one clearable blocker with a reason (officers).

    The ``code`` and ``key`` must name a blocker the application has now (they are in its
    blockers and in ``/compliance``); an ``embargo_non_government`` clearance needs
    ``end_user_is_government``. Otherwise 422 naming the field.
    """
    return compliance_review.clear_blocker(
        db_session(), current_actor(), application_id, policy=runtime().policy,
        clock=runtime().clock, **body,
    )  # fmt: skip


@blp.route(f"/applications/<{ID}:application_id>/deadline-extension", methods=["POST"])
@blp.doc(parameters=[IF_MATCH])
@blp.arguments(ExtensionInSchema)
@blp.response(200, ApplicationOutSchema, headers=ETAG_HEADER)
@errors(blp, 400, 401, 403, 404, 409, 415, 422)
def extend(body: dict[str, Any], application_id: int) -> tuple[dict, int, dict]:
    """Extend the decision deadline once, with a justification (officers and approvers)."""
    application = deadlines.extend_decision_deadline(
        db_session(),
        current_actor(),
        application_id,
        body["reason"],
        runtime().policy,
        expected_version=parse_if_match(request.headers.get("If-Match")),
    )
    return respond(application)
