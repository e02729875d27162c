"""``/applications``: create, read, edit and move applications through their workflow."""

from __future__ import annotations

from typing import Any

from flask import request, url_for
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import RAISE

from permits.api.base import ID, IDEMPOTENCY_KEY, IF_MATCH, action_route, errors
from permits.api.guard import current_actor
from permits.api.idempotency import idempotent
from permits.api.presenters import etag, parse_if_match, present_application
from permits.api.schemas.applications import (
    ActionBodySchema,
    ApplicationCreateSchema,
    ApplicationOutSchema,
    ApplicationPageSchema,
    ApplicationPatchSchema,
    ApplicationQuerySchema,
    HistoryEntrySchema,
)
from permits.audit.history import application_history
from permits.http.request import db_session, runtime
from permits.models import Application
from permits.services import applications as service

blp = Blueprint(
    "applications", __name__, url_prefix="/api/v1/applications",
    description="Permit applications and their workflow",
)  # fmt: skip
ETAG_HEADER = {"ETag": {"description": "The application's version", "schema": {"type": "string"}}}


def respond(application: Application, status: int = 200) -> tuple[dict, int, dict]:
    """The application as the caller may see it, with its ETag."""
    body = present_application(db_session(), current_actor(), application)
    return body, status, {"ETag": etag(application)}


# The application form's rules between fields, published on both operations that take it.
FORM_RULES = (
    "Rules between fields, answered 422 naming the field: ``customs_point`` is an open "
    "customs point (``GET /reference/customs-points``); ``reexport_of`` only on a re-export, "
    "naming an import permit of the firm; transit countries are third countries, each once; "
    "a goods line's ``unit`` suits its ``kind`` (firearm: pcs; parts: pcs or sets; cartridges: "
    "rounds); cartridges carry no serial numbers and firearms one per weapon; the IIN's "
    "check digit and date of birth are valid."
)


@blp.route("")
class Applications(MethodView):
    """The applications the caller may see."""

    @blp.arguments(ApplicationQuerySchema, location="query", unknown=RAISE)
    @blp.response(200, ApplicationPageSchema)
    @errors(blp, 401, 422)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """List applications, newest first: applicants see their firm's, officers what was filed."""
        session, actor = db_session(), current_actor()
        page = service.list_applications(session, actor, **query, clock=runtime().clock)
        items = [present_application(session, actor, a) for a in page.items]
        return {"items": items, "total": page.total, "page": page.page, "page_size": page.page_size}

    @idempotent
    @blp.doc(parameters=[IDEMPOTENCY_KEY], description=FORM_RULES)
    @blp.arguments(ApplicationCreateSchema)
    @blp.response(201, ApplicationOutSchema, headers=ETAG_HEADER)
    @errors(blp, 400, 401, 403, 409, 415, 422)
    def post(self, form: dict[str, Any]) -> tuple[dict, int, dict]:
        """Start a draft application for the caller's firm (applicants only)."""
        application = service.create_application(db_session(), current_actor(), form)
        body, status, headers = respond(application, 201)
        headers["Location"] = url_for(".ApplicationResource", application_id=application.id)
        return body, status, headers


@blp.route(f"/<{ID}:application_id>")
class ApplicationResource(MethodView):
    """One application."""

    @blp.response(200, ApplicationOutSchema, headers=ETAG_HEADER)
    @errors(blp, 401, 404)
    def get(self, application_id: int) -> tuple[dict, int, dict]:
        """Read an application; 404 if it does not exist or belongs to another firm."""
        return respond(service.get_application(db_session(), current_actor(), application_id))

    @blp.doc(parameters=[IF_MATCH], description=FORM_RULES)
    @blp.arguments(ApplicationPatchSchema)
    @blp.response(200, ApplicationOutSchema, headers=ETAG_HEADER)
    @errors(blp, 400, 401, 403, 404, 409, 415, 422)
    def patch(self, changes: dict[str, Any], application_id: int) -> tuple[dict, int, dict]:
        """Change fields of a draft or returned application; ``If-Match`` guards the version."""
        application = service.update_draft(
            db_session(), current_actor(), application_id, changes,
            expected_version=parse_if_match(request.headers.get("If-Match")),
        )  # fmt: skip
        return respond(application)


@blp.route(f"/<{ID}:application_id>/actions/{action_route('application.')}", methods=["POST"])
@idempotent
@blp.doc(parameters=[IF_MATCH, IDEMPOTENCY_KEY])
@blp.arguments(ActionBodySchema, required=False)
@blp.response(200, ApplicationOutSchema, headers=ETAG_HEADER)
@errors(blp, 400, 401, 403, 404, 409, 415, 422)
def take_action(body: dict[str, Any], application_id: int, action: str) -> tuple[dict, int, dict]:
    """Take a workflow action (submit, accept, approve, ...); ``If-Match`` guards the version.

    Rules between the action and the body, answered 422 naming the field: ``grounds`` only on
    ``refuse`` (which needs them); ``recommendation`` with ``recommend``; a ``reason`` where the
    action requires one (``available_actions[].reason_required``); ``code`` from an enrolled
    approver on ``approve``. An action whose guards fail is 422 with ``blockers``.
    """
    application = service.perform_action(
        db_session(), current_actor(), application_id, action,
        expected_version=parse_if_match(request.headers.get("If-Match")), runtime=runtime(),
        **body,
    )  # fmt: skip
    return respond(application)


@blp.route(f"/<{ID}:application_id>/history", methods=["GET"])
@blp.response(200, HistoryEntrySchema(many=True))
@errors(blp, 401, 404)
def history(application_id: int) -> list[Any]:
    """Every audit event of the application, oldest first."""
    return application_history(db_session(), current_actor(), application_id)
