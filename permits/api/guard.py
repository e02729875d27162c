"""The checks that run before every API route: bearer-token authentication and content type."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app, request

from permits.domain import errors
from permits.http.request import acting, db_session, set_actor
from permits.models import User
from permits.services.auth import authenticate

BODY_METHODS = ("POST", "PUT", "PATCH")
GUARDED = "permits.api_blueprints"


def bearer_token() -> str | None:
    """The token of an ``Authorization: Bearer`` header, if any."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def current_actor() -> User:
    """The authenticated user of this request (set by ``require_token``)."""
    actor = acting()
    if not isinstance(actor, User):  # nobody authenticated this request with a token
        raise errors.AuthenticationFailed("A valid bearer token is required")
    return actor


def require_token() -> None:
    """Authenticate the request's bearer token, or refuse it with 401."""
    token = bearer_token()
    user = authenticate(db_session(), token) if token else None
    if user is None:
        raise errors.AuthenticationFailed(
            "A valid bearer token is required: POST /api/v1/auth/token to get one"
        )
    set_actor(user)


def public(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a view that needs no token."""
    view._public = True  # type: ignore[attr-defined]
    return view


def accepts_multipart(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a view that takes multipart uploads instead of JSON."""
    view._multipart = True  # type: ignore[attr-defined]
    return view


def before_api_request() -> None:
    """Authenticate, then refuse bodies that are not JSON (415) before any route runs."""
    view = current_app.view_functions.get(request.endpoint or "")
    # Routes of the API's blueprints need a token unless marked public; the OpenAPI
    # document and its viewer are public.
    if view is None or request.blueprint not in current_app.extensions[GUARDED]:
        return
    if not getattr(view, "_public", False):
        require_token()
    has_body = request.content_length or request.headers.get("Transfer-Encoding")
    if request.method in BODY_METHODS and has_body:
        wanted = "multipart/form-data" if getattr(view, "_multipart", False) else "application/json"
        mimetype = request.mimetype or ""
        if mimetype != wanted and not (wanted == "application/json" and mimetype.endswith("+json")):
            raise errors.UnsupportedMediaType(f"The request body must be {wanted}")
