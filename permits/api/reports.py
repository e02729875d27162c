"""``/reports``: the annual report as JSON, CSV or a signed PDF."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask_smorest import Blueprint
from marshmallow import RAISE, Schema, fields, validate

from permits.api.base import errors
from permits.api.guard import current_actor
from permits.api.schemas.common import Strict
from permits.http.request import db_session, runtime
from permits.services.report_formats import report_csv, report_pdf
from permits.services.reports import FIRST_YEAR, LAST_YEAR, annual_report

blp = Blueprint("reports", __name__, url_prefix="/api/v1/reports", description="Statistics")


class AnnualQuerySchema(Strict):
    """Which year, in which form."""

    year = fields.Integer(required=True, validate=validate.Range(min=FIRST_YEAR, max=LAST_YEAR))
    format = fields.String(load_default="json", validate=validate.OneOf(["json", "csv", "pdf"]))


class AnnualReportSchema(Schema):
    """The year's figures."""

    year = fields.Integer(required=True)
    applications_received = fields.Dict(
        keys=fields.String(), values=fields.Integer(), required=True
    )
    permits_issued = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    refused = fields.Dict(required=True)
    withdrawn = fields.Integer(required=True)
    authorised = fields.List(fields.Dict(), required=True)
    shipped = fields.List(fields.Dict(), required=True)
    suspensions = fields.Integer(required=True)
    revocations = fields.Integer(required=True)
    decision_working_days = fields.Dict(required=True)


@blp.route("/annual", methods=["GET"])
@blp.doc(responses={"200": {"content": {
    "application/json": {"schema": {"$ref": "#/components/schemas/AnnualReport"}},
    "text/csv": {"schema": {"type": "string"}},
    "application/pdf": {"schema": {"type": "string", "format": "binary"}},
}}})  # fmt: skip
@blp.arguments(AnnualQuerySchema, location="query", unknown=RAISE)
@blp.response(200, AnnualReportSchema)
@blp.alt_response(
    200,
    description="text/csv or a signed application/pdf when format asks",
    content_type="text/csv",
    success=True,
)
@errors(blp, 401, 403, 422)
def annual(query: dict[str, Any]) -> Any:
    """The annual report (officers, approvers, auditors); a year with no records is all zeros."""
    figures = annual_report(db_session(), current_actor(), query["year"], runtime().clock)
    name = f"annual-report-{query['year']}"
    if query["format"] == "csv":
        return Response(
            report_csv(figures),
            mimetype="text/csv",
            headers={"Content-Disposition": f"attachment; filename={name}.csv"},
        )
    if query["format"] == "pdf":
        signed = report_pdf(
            figures, runtime().issuer().signer, "Ministry of Internal Affairs", runtime().clock
        )
        return Response(
            signed,
            mimetype="application/pdf",
            headers={"Content-Disposition": f"attachment; filename={name}.pdf"},
        )
    return figures
