"""One error handler: every domain and HTTP error becomes RFC 9457 ``application/problem+json``
(API) or an error page (browser pages)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, Response, current_app, json, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from permits.domain import errors
from permits.http.request import acting, runtime
from permits.services.auth import record_denied

PROBLEM_JSON = "application/problem+json"
PAGE_RENDERER = "permits.error_page"
# (status, detail, blockers) -> (HTML body, status): the web's error page, handed over by the
# composition root so that this module never imports the web package.
PageRenderer = Callable[[int, str, list | None], tuple[str, int]]

STATUS = {
    errors.InvalidInput: 422,
    errors.NotFound: 404,
    errors.PermissionDenied: 403,
    errors.Conflict: 409,
    errors.PreconditionRequired: 428,
    errors.ActionBlocked: 422,
    errors.AuthenticationFailed: 401,
    errors.TooManyAttempts: 429,
    errors.UnsupportedMediaType: 415,
    errors.MalformedRequest: 400,
    errors.PayloadTooLarge: 413,
    errors.MalwareFound: 422,
    errors.ServiceUnavailable: 503,
}


def problem(
    status: int,
    title: str,
    detail: str,
    code: str,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response:
    """A problem+json response."""
    body = {"type": "about:blank", "status": status, "title": title, "detail": detail, "code": code}
    body.update({k: v for k, v in extra.items() if v is not None})
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_JSON)
    response.headers.update(headers or {})
    return response


def _status_of(error: errors.DomainError) -> int:
    for kind in type(error).__mro__:
        if kind in STATUS:
            return STATUS[kind]
    return 400


def _page_request() -> bool:
    """Whether the request came from a browser page (an HTML error page, not problem+json)."""
    return not request.path.startswith("/api/")


def _error_page(status: int, detail: str, blockers: list | None = None) -> Response:
    body, code = current_app.extensions[PAGE_RENDERER](status, detail, blockers)
    return Response(body, status=code, mimetype="text/html")


def handle_domain_error(error: errors.DomainError) -> Response:
    """Answer a domain error with its status, stable code, field errors and blockers."""
    response = _error_page_for(error) if _page_request() else _problem_for(error)
    if isinstance(error, errors.TooManyAttempts):  # page or API: say when to try again
        response.headers["Retry-After"] = str(error.retry_after)
    return response


def _error_page_for(error: errors.DomainError) -> Response:
    # The services speak English; a page shows their words in the reader's language when
    # the catalogue has them (gettext returns the text itself otherwise).
    detail = _(error.message)
    if isinstance(error, errors.InvalidInput):
        detail = "; ".join(f"{f}: {' '.join(_(x) for x in m)}" for f, m in error.errors.items())
    return _error_page(_status_of(error), detail, getattr(error, "blockers", None))


def _problem_for(error: errors.DomainError) -> Response:
    extra: dict[str, Any] = {}
    if isinstance(error, errors.InvalidInput):
        extra["errors"] = error.errors
    if getattr(error, "blockers", None):
        extra["blockers"] = [b.as_dict() for b in error.blockers]
    headers = {}
    if isinstance(error, errors.AuthenticationFailed):
        headers["WWW-Authenticate"] = 'Bearer realm="permits"'
    status = _status_of(error)
    return problem(status, error.title, error.message, error.code, headers=headers, **extra)


def allow_header(error: HTTPException) -> dict[str, str]:
    """The ``Allow`` header a 405 must carry (RFC 9110): the methods the resource does take."""
    methods = getattr(error, "valid_methods", None)
    return {"Allow": ", ".join(sorted(methods))} if methods else {}


def handle_http_error(error: HTTPException) -> Response:
    """Answer Werkzeug's HTTP errors (404, 405, 413, ...) as problem+json too (pages: HTML)."""
    if _page_request() and (error.code or 500) >= 400:
        page = _error_page(error.code or 500, error.description or error.name)
        page.headers.update(allow_header(error))
        return page
    code = (error.name or "error").lower().replace(" ", "_")
    status = error.code or 500
    return problem(status, error.name, error.description or "", code, headers=allow_header(error))


def handle_unexpected(error: Exception) -> Response:
    """Log an unexpected error in full; tell the client only that it happened."""
    current_app.logger.exception("unhandled error", exc_info=error)
    if _page_request():
        return _error_page(500, "An unexpected error occurred.")
    return problem(500, "Internal Server Error", "An unexpected error occurred.", "internal_error")


def handle_denied(error: errors.PermissionDenied) -> Response:
    """Record every refused attempt of an authenticated caller in the audit log, then answer."""
    actor = acting()
    if actor is not None:
        with runtime().database.scoped() as session:
            record_denied(session, actor, request.method, request.path, error.message)
    return handle_domain_error(error)


def init_app(app: Flask, error_page: PageRenderer) -> None:
    """Register the handlers on the app; pages' errors are drawn by ``error_page``."""
    app.extensions[PAGE_RENDERER] = error_page
    app.register_error_handler(errors.PermissionDenied, handle_denied)
    app.register_error_handler(errors.DomainError, handle_domain_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)
