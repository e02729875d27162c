"""``/admin/customs-points`` and ``/admin/countries``: reference data maintained by admins.

Changes are guarded by ``If-Match``: without it 428, with a stale version 409 naming the
current one.
"""

from __future__ import annotations

from typing import Any

from flask import request, url_for
from flask.views import MethodView
from flask_smorest import Blueprint
from werkzeug.routing import BaseConverter

from permits.api.base import IDEMPOTENCY_KEY, errors
from permits.api.guard import current_actor
from permits.api.idempotency import idempotent
from permits.api.presenters import parse_if_match
from permits.api.schemas.reference import (
    CODE_PATTERN,
    COUNTRY_PATTERN,
    CountryAdminSchema,
    CountryPutSchema,
    CountryQuerySchema,
    CustomsPointAdminSchema,
    CustomsPointInSchema,
    CustomsPointPutSchema,
)
from permits.domain import errors as domain_errors
from permits.http.request import db_session
from permits.services import reference_admin as service

blp = Blueprint(
    "reference_admin", __name__, url_prefix="/api/v1/admin", description="Reference data (admins)"
)
POINT = "/customs-points/<customs_point_code:code>"
COUNTRY = "/countries/<country_code:code>"
ETAG_HEADER = {"ETag": {"description": "The record's version", "schema": {"type": "string"}}}
IF_MATCH_REQUIRED = {
    "in": "header",
    "name": "If-Match",
    "required": True,
    "description": "The ETag (version) last read: missing 428, stale 409 naming the current one",
    "schema": {"type": "string", "pattern": r'^(\*|(W/)?"?[0-9]{1,10}"?)$'},
}


class CustomsPointCode(BaseConverter):
    """A customs point's code in a path; anything else is a 404 at routing."""

    regex = CODE_PATTERN.removeprefix("^").removesuffix("$")


class CountryCode(BaseConverter):
    """An ISO 3166-1 alpha-2 code in a path; anything else is a 404 at routing."""

    regex = COUNTRY_PATTERN.removeprefix("^").removesuffix("$")


def _published(pattern: str) -> Any:
    return lambda _converter: {"type": "string", "pattern": pattern}


# (name in routes, converter, its published schema): installed by ``init_api``.
CONVERTERS = (
    ("customs_point_code", CustomsPointCode, _published(CODE_PATTERN)),
    ("country_code", CountryCode, _published(COUNTRY_PATTERN)),
)


def _expected_version() -> int | None:
    """The version If-Match names; a change without the header is refused (428)."""
    header = request.headers.get("If-Match")
    if header is None:
        raise domain_errors.PreconditionRequired("If-Match is required: send the ETag you read")
    return parse_if_match(header)


def _with_etag(record: Any, status: int = 200) -> tuple[Any, int, dict[str, str]]:
    return record, status, {"ETag": f'"{record.version}"'}


@blp.route("/customs-points")
class CustomsPoints(MethodView):
    """Customs points, active or not."""

    @blp.response(200, CustomsPointAdminSchema(many=True))
    @errors(blp, 401, 403)
    def get(self) -> list[Any]:
        """Every customs point (admins)."""
        return service.list_customs_points_admin(db_session(), current_actor())

    @idempotent
    @blp.doc(parameters=[IDEMPOTENCY_KEY])
    @blp.arguments(CustomsPointInSchema)
    @blp.response(201, CustomsPointAdminSchema, headers=ETAG_HEADER)
    @errors(blp, 400, 401, 403, 415, 422)
    def post(self, data: dict[str, Any]) -> Any:
        """Add a customs point (admins); a taken code or unknown country is 422 naming it."""
        point = service.create_customs_point(db_session(), current_actor(), **data)
        location = url_for("reference_admin.CustomsPoint", code=point.code)
        return point, 201, {"ETag": f'"{point.version}"', "Location": location}


@blp.route(POINT)
class CustomsPoint(MethodView):
    """One customs point."""

    @blp.response(200, CustomsPointAdminSchema, headers=ETAG_HEADER)
    @errors(blp, 401, 403, 404)
    def get(self, code: str) -> Any:
        """One customs point with its ETag (admins)."""
        return _with_etag(service.get_customs_point(db_session(), current_actor(), code))

    @blp.doc(parameters=[IF_MATCH_REQUIRED])
    @blp.arguments(CustomsPointPutSchema)
    @blp.response(200, CustomsPointAdminSchema, headers=ETAG_HEADER)
    @errors(blp, 400, 401, 403, 404, 409, 415, 422, 428)
    def put(self, data: dict[str, Any], code: str) -> Any:
        """Change a customs point (admins); deactivate it with ``active: false``."""
        session, actor = db_session(), current_actor()
        service.get_customs_point(session, actor, code)  # 403 and 404 before 428
        point = service.update_customs_point(
            session, actor, code, expected_version=_expected_version(), **data
        )
        return _with_etag(point)


@blp.route("/countries", methods=["GET"])
@blp.arguments(CountryQuerySchema, location="query")
@blp.response(200, CountryAdminSchema(many=True))
@errors(blp, 400, 401, 403)
def countries(query: dict[str, Any]) -> list[Any]:
    """Countries whose code or name contains ``q`` (admins)."""
    return service.list_countries_admin(db_session(), current_actor(), query["q"])


@blp.route(COUNTRY)
class Country(MethodView):
    """One country's flags."""

    @blp.response(200, CountryAdminSchema, headers=ETAG_HEADER)
    @errors(blp, 401, 403, 404)
    def get(self, code: str) -> Any:
        """One country with its ETag (admins)."""
        return _with_etag(service.get_country(db_session(), current_actor(), code))

    @blp.doc(parameters=[IF_MATCH_REQUIRED])
    @blp.arguments(CountryPutSchema)
    @blp.response(200, CountryAdminSchema, headers=ETAG_HEADER)
    @errors(blp, 400, 401, 403, 404, 409, 415, 422, 428)
    def put(self, data: dict[str, Any], code: str) -> Any:
        """Set a country's end-user certificate flag and embargo notes (admins)."""
        session, actor = db_session(), current_actor()
        service.get_country(session, actor, code)  # 403 and 404 before 428
        country = service.update_country(
            session, actor, code, expected_version=_expected_version(), **data
        )
        return _with_etag(country)
