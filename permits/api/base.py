"""The flask-smorest ``Api``, made to answer and document every error as problem+json."""

from __future__ import annotations

import http
from collections.abc import Callable
from typing import Any

from flask import Response, request
from flask_smorest import Api
from flask_smorest.utils import prepare_response
from werkzeug.exceptions import HTTPException
from werkzeug.routing import BaseConverter

import workflows
from permits.api.schemas.common import ProblemSchema
from permits.domain.application_form import PERMIT_NUMBER, flatten_errors
from permits.http.problems import PROBLEM_JSON, allow_header, handle_http_error, problem

SECURITY_SCHEME = "bearerAuth"
# Record ids in paths: positive and within a 32-bit INTEGER column, so a huge number is a 404
# at routing instead of an error from the database.
ID = "int(min=1, max=2147483647)"


class PermitNumberConverter(BaseConverter):
    """A permit number in a path; anything else is a 404 at routing."""

    regex = PERMIT_NUMBER.pattern.removeprefix("^").removesuffix("$")


def permit_number_schema(_converter: BaseConverter) -> dict[str, str]:
    """The published schema of a permit number in a path."""
    return {"type": "string", "pattern": PERMIT_NUMBER.pattern}


def action_route(definition_prefix: str) -> str:
    """A path segment matching the actions of the definitions with this name prefix, published
    as an enum; any other word is a 404 at routing. Actions that happen by themselves (a permit's
    expiry) stay in: taking them by hand is a refusal (403) the audit log records."""
    actions = sorted({
        t.action for d in workflows.REGISTRY.definitions() if d.name.startswith(definition_prefix)
        for t in d.transitions
    })  # fmt: skip
    return f"<any({', '.join(actions)}):action>"


class ProblemApi(Api):
    """An ``Api`` whose HTTP errors (validation included) are RFC 9457 problems."""

    ERROR_SCHEMA = ProblemSchema

    def handle_http_exception(self, error: HTTPException) -> Response:
        """Turn webargs' and Werkzeug's errors into problem+json, naming bad fields (pages get
        the HTML error page)."""
        if not request.path.startswith("/api/"):
            return handle_http_error(error)
        data = getattr(error, "data", None) or {}
        messages = data.get("messages") or data.get("errors")
        status = error.code or 500
        if messages:
            # webargs nests messages under the location ("json", "query"); the field is enough.
            flat = {}
            for location_messages in messages.values():
                flat.update(flatten_errors(location_messages))
            code = "malformed_request" if status == 400 else "validation_error"
            return problem(status, error.name, "Invalid input", code, errors=flat)
        code = (error.name or "error").lower().replace(" ", "_")
        detail = data.get("message") or error.description or ""
        headers = {**allow_header(error), **(data.get("headers") or {})}
        return problem(status, error.name, detail, code, headers=headers)

    def _register_responses(self) -> None:
        """Document every error response as application/problem+json."""
        for status in http.HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_JSON)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Error (problem details)", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_JSON)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, response, lazy=True)


def errors(blp: Any, *statuses: int) -> Callable[[Callable], Callable]:
    """Document the error statuses an operation can answer with."""

    def decorate(view: Callable) -> Callable:
        for status in statuses:
            view = blp.alt_response(status, response=http.HTTPStatus(status).name)(view)
        return view

    return decorate


# What the server reads in If-Match: "*" or one version, quoted or not (ten digits at most, so
# an absurdly long number is a 400, never a failed int()).
IF_MATCH_PATTERN = r'^(\*|(W/)?"?[0-9]{1,10}"?)$'
IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": False,
    "description": "The ETag (version) last read; a stale one is refused with 409",
    "schema": {"type": "string", "pattern": IF_MATCH_PATTERN},
}
# Printable ASCII, 1 to 255 characters, no space at either end: HTTP trims a header's ends, so
# a key with spaces there would not be the key the server stores.
IDEMPOTENCY_KEY_PATTERN = r"^[!-~]([ -~]{0,253}[!-~])?$"
IDEMPOTENCY_KEY = {
    "in": "header",
    "name": "Idempotency-Key",
    "required": False,
    "description": "Repeat a request safely: the same key and body replay the first response. "
    "1 to 255 printable ASCII characters; anything else is refused with 400.",
    "schema": {
        "type": "string",
        "minLength": 1,
        "maxLength": 255,
        "pattern": IDEMPOTENCY_KEY_PATTERN,
    },
}
