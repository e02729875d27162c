"""Auditors' pages: the log's verification and latest checkpoint, timelines, the export, and
the annual report with charts drawn on the server."""

from __future__ import annotations

import io

from flask import Blueprint, Response, render_template, request
from flask_babel import gettext as _
from flask_login import login_required

from permits.audit.export import write_export
from permits.audit.log import as_checkpoint, latest_checkpoint
from permits.audit.service import EventFilter, list_audit_events, verify_audit_log
from permits.domain.access import require_role
from permits.http.request import clock, db_session, runtime
from permits.services.report_formats import report_csv, report_pdf
from permits.services.reports import annual_report
from permits.services.uow import unit_of_work
from permits.web.charts import bar_chart_svg
from permits.web.render import actor, error_page

blueprint = Blueprint("auditing", __name__)


@blueprint.get("/audit")
@login_required
def overview() -> str | tuple[str, int]:
    """Verification of the whole log (auditors) and links to timelines, export and report."""
    who = actor()
    require_role(who, "auditor", "officer", "approver")
    report = (
        verify_audit_log(db_session(), who, runtime().keyring.log_public_key())
        if who.role == "auditor"
        else None
    )
    latest = latest_checkpoint(db_session())
    return render_template(
        "audit.html",
        report=report,
        checkpoint=as_checkpoint(latest) if latest else None,
        signed_at=latest.issued_at if latest else None,
        year=clock().today().year,
    )


@blueprint.get("/audit/timeline")
@login_required
def timeline() -> str | tuple[str, int]:
    """Every event of one application or permit, oldest first."""
    args = request.args
    application = args.get("application", type=int)
    permit = args.get("permit") or None
    if application is None and permit is None:
        return error_page(400, _("Name an application or a permit."))
    page = list_audit_events(
        db_session(), actor(), EventFilter(application=application, permit=permit),
        page_size=500, clock=clock(),
    )  # fmt: skip
    return render_template("timeline.html", page=page, application=application, permit=permit)


@blueprint.get("/audit/export.jsonl")
@login_required
def export() -> Response:
    """The whole log with proofs and a fresh signed checkpoint, to verify offline."""
    who = actor()
    require_role(who, "auditor")
    out, session = io.StringIO(), db_session()
    with unit_of_work(session):
        write_export(session, runtime().log_signer(), out, clock=clock())
    response = Response(out.getvalue(), mimetype="application/jsonl")
    response.headers.set("Content-Disposition", "attachment", filename="audit-log.jsonl")
    return response


@blueprint.get("/reports/annual")
@login_required
def report() -> str:
    """The annual report as a page, its charts drawn on the server."""
    year = request.args.get("year", type=int) or clock().today().year
    figures = annual_report(db_session(), actor(), year, clock())
    types = ("import", "export", "transit", "re_export")
    charts = {
        "issued": bar_chart_svg(
            _("Permits issued by type"),
            [_(t.replace("_", " ")) for t in types],
            [figures["permits_issued"][t] for t in types],
        ),
        "grounds": bar_chart_svg(
            _("Refusals by ground"),
            [_(g.replace("_", " ")) for g in figures["refused"]["by_ground"]],
            list(figures["refused"]["by_ground"].values()),
        ),
    }
    return render_template("report.html", figures=figures, charts=charts, year=year)


@blueprint.get("/reports/annual.<any(pdf, csv):kind>")
@login_required
def report_file(kind: str) -> Response:
    """The annual report as a signed PDF or as CSV."""
    year = request.args.get("year", type=int) or clock().today().year
    figures = annual_report(db_session(), actor(), year, clock())
    if kind == "csv":
        body, mimetype = report_csv(figures), "text/csv"
    else:
        signer = runtime().issuer().signer
        body = report_pdf(figures, signer, "Ministry of Internal Affairs", clock())
        mimetype = "application/pdf"
    response = Response(body, mimetype=mimetype)
    response.headers.set(
        "Content-Disposition", "attachment", filename=f"annual-report-{year}.{kind}"
    )
    return response
