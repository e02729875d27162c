"""``/firms`` and ``/users``: managed by admins, read by auditors."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from permits.api.base import ID, IDEMPOTENCY_KEY, errors
from permits.api.guard import current_actor
from permits.api.idempotency import idempotent
from permits.api.schemas.admin import (
    FirmInSchema,
    FirmSchema,
    PasswordResetSchema,
    UserInSchema,
    UserSchema,
)
from permits.http.request import db_session
from permits.services import firms as service
from permits.services import second_factor

blp = Blueprint("admin", __name__, url_prefix="/api/v1", description="Firms and users")


@blp.route("/firms")
class Firms(MethodView):
    """Licensed firms."""

    @blp.response(200, FirmSchema(many=True))
    @errors(blp, 401, 403)
    def get(self) -> list[Any]:
        """Every firm (admins and auditors)."""
        return service.list_firms(db_session(), current_actor())

    @idempotent
    @blp.doc(parameters=[IDEMPOTENCY_KEY])
    @blp.arguments(FirmInSchema)
    @blp.response(201, FirmSchema)
    @errors(blp, 400, 401, 403, 415, 422)
    def post(self, data: dict[str, Any]) -> Any:
        """Register a firm (admins)."""
        return service.create_firm(
            db_session(), current_actor(), name=data["name"], bin_number=data["bin"],
            licence_number=data["licence_number"],
            licence_valid_until=data["licence_valid_until"], address=data["address"],
        )  # fmt: skip


@blp.route("/users")
class Users(MethodView):
    """Users of every role."""

    @blp.response(200, UserSchema(many=True))
    @errors(blp, 401, 403)
    def get(self) -> list[Any]:
        """Every user (admins and auditors); never a password or hash."""
        return service.list_users(db_session(), current_actor())

    @idempotent
    @blp.doc(parameters=[IDEMPOTENCY_KEY])
    @blp.arguments(UserInSchema)
    @blp.response(201, UserSchema)
    @errors(blp, 400, 401, 403, 415, 422)
    def post(self, data: dict[str, Any]) -> Any:
        """Create a user (admins); applicants name their firm by BIN.

        An applicant needs the ``firm_bin`` of a registered firm and no other role may have one;
        ``is_head`` only for an applicant; the username is free. Otherwise 422 naming the field.
        """
        return service.create_user(db_session(), current_actor(), **data)


@blp.route(f"/users/<{ID}:user_id>/password", methods=["POST"])
@idempotent
@blp.doc(parameters=[IDEMPOTENCY_KEY])
@blp.arguments(PasswordResetSchema)
@blp.response(204)
@errors(blp, 400, 401, 403, 404, 415, 422)
def reset_password(data: dict[str, Any], user_id: int) -> None:
    """Set a user's password (admins); every token of that user is revoked."""
    service.set_password(db_session(), current_actor(), user_id, data["password"])


@blp.route(f"/users/<{ID}:user_id>/second-factor", methods=["DELETE"])
@blp.response(204)
@errors(blp, 401, 403, 404)
def reset_second_factor(user_id: int) -> None:
    """Reset a user's second factor (admins, never their own): the authenticator and recovery
    codes are forgotten, every token of that user is revoked, and the user enrols again."""
    second_factor.reset_second_factor(db_session(), current_actor(), user_id)
