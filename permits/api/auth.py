"""``/auth/token``: exchange a username and password for a bearer token, or revoke it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import current_app, request
from flask_smorest import Blueprint

from permits.api.base import errors
from permits.api.guard import bearer_token, current_actor, public
from permits.api.schemas.auth import TokenRequestSchema, TokenSchema
from permits.http.request import db_session
from permits.services.auth import LoginPolicy, issue_token, revoke_token

blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="Authentication")


def login_policy() -> LoginPolicy:
    """The token lifetime and sign-in limits from the app's settings."""
    ttl = timedelta(seconds=current_app.config["API_TOKEN_TTL_SECONDS"])
    return LoginPolicy.from_settings(current_app.config, ttl)


@blp.route("/token", methods=["POST"])
@public
@blp.doc(security=[])
@blp.arguments(TokenRequestSchema)
@blp.response(201, TokenSchema)
@errors(blp, 400, 401, 415, 422, 429)
def create_token(credentials: dict[str, Any]) -> dict[str, Any]:
    """Sign in: a bearer token for ``Authorization: Bearer <token>``; too many failures, 429."""
    issued = issue_token(
        db_session(), credentials["username"], credentials["password"],
        request.remote_addr or "unknown", login_policy(),
    )  # fmt: skip
    user = issued.user
    return {
        "token": issued.token,
        "token_type": "Bearer",
        "expires_at": issued.expires_at,
        "user": {"id": user.id, "username": user.username, "role": user.role,
                 "firm_id": user.firm_id},
    }  # fmt: skip


@blp.route("/token", methods=["DELETE"])
@blp.response(204)
@errors(blp, 401)
def delete_token() -> None:
    """Sign out: revoke the token of this request."""
    revoke_token(db_session(), current_actor(), bearer_token() or "")
