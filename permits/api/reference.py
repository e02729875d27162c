"""``/reference``: countries, customs points and the State register, for every signed-in user."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint

from permits.api.base import errors
from permits.api.schemas.reference import CountrySchema, CustomsPointSchema, WeaponModelSchema
from permits.http.request import db_session
from permits.services import reference

blp = Blueprint("reference", __name__, url_prefix="/api/v1/reference", description="Reference data")


@blp.route("/countries", methods=["GET"])
@blp.response(200, CountrySchema(many=True))
@errors(blp, 401)
def countries() -> list[Any]:
    """Every country (ISO 3166-1) with the flags the rules read."""
    return reference.list_countries(db_session())


@blp.route("/customs-points", methods=["GET"])
@blp.response(200, CustomsPointSchema(many=True))
@errors(blp, 401)
def customs_points() -> list[Any]:
    """Every customs point."""
    return reference.list_customs_points(db_session())


@blp.route("/weapon-models", methods=["GET"])
@blp.response(200, WeaponModelSchema(many=True))
@errors(blp, 401)
def weapon_models() -> list[Any]:
    """The State register of civilian and service weapon models."""
    return reference.list_weapon_models(db_session())
