"""``/auth/token``: exchange a username and password for a bearer token, or revoke it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import current_app, request
from flask_smorest import Blueprint

from permits.api.base import errors
from permits.api.guard import bearer_token, current_actor, public
from permits.api.schemas.auth import TokenRequestSchema, TokenSchema
from permits.domain.errors import InvalidInput
from permits.http.request import db_session, runtime
from permits.services.auth import LoginPolicy, issue_token, revoke_token
from permits.services.second_factor import refuse_unenrolled, second_factor_passed

FRESH_CODE = "A fresh code from your authenticator (or a recovery code) is needed."
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
@errors(blp, 400, 401, 403, 415, 422, 429)
def create_token(credentials: dict[str, Any]) -> dict[str, Any]:
    """Sign in: a bearer token for ``Authorization: Bearer <token>``; too many failures, 429.

    A user with an enrolled authenticator also gives ``code`` (or a recovery code), else 422
    naming it; a user whose role needs a second factor and who has none yet gets 403
    (``second_factor_enrolment_required``): enrol first on the web page ``/totp``.
    """
    session, address = db_session(), request.remote_addr or "unknown"
    issued = issue_token(session, credentials["username"], credentials["password"], address,
                         login_policy())  # fmt: skip
    refuse_unenrolled(session, issued, current_app.config["SECOND_FACTOR_ROLES"])
    keys = runtime().keyring.second_factor_keys()
    if not second_factor_passed(session, issued, credentials.get("code"), address, keys):
        raise InvalidInput({"code": [FRESH_CODE]})
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
