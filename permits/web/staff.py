"""Officers' and approvers' pages: the queue with filters, taking an application, clearances."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from permits.domain import errors
from permits.domain.access import require_role
from permits.http.request import clock, db_session, runtime
from permits.services.applications import list_applications
from permits.services.assignment import assign_application
from permits.services.compliance_review import clear_blocker
from permits.services.deadlines import due_on, is_overdue
from permits.web.render import actor, country_choices, error_page

blueprint = Blueprint("staff", __name__)
QUEUE_STATES = ("submitted", "under_review", "info_requested", "awaiting_decision")


@blueprint.get("/queue")
@login_required
def queue() -> str:
    """Submitted applications with filters, the soonest due first."""
    who, args = actor(), request.args
    require_role(who, "officer", "approver")
    status = args.get("status") or None
    page = list_applications(
        db_session(),
        who,
        status=status if status in QUEUE_STATES else None,
        permit_type=args.get("type") or None,
        country=args.get("country") or None,
        overdue=True if args.get("overdue") == "yes" else None,
        page_size=200,
        clock=clock(),
    )
    items = [a for a in page.items if a.status in QUEUE_STATES]
    items.sort(key=lambda a: (due_on(a) is None, due_on(a) or clock().local_date(a.created_at)))
    return render_template(
        "queue.html",
        items=items,
        due_on=due_on,
        is_overdue=is_overdue,
        today=clock().today(),
        countries=country_choices(),
        args=args,
        states=QUEUE_STATES,
    )


@blueprint.post("/applications/<int:application_id>/assign")
@login_required
def assign(application_id: int) -> Response:
    """An officer takes an application."""
    assign_application(db_session(), actor(), application_id)
    flash(_("The application is assigned to you."))
    return redirect(url_for("pages.application", application_id=application_id))


@blueprint.post("/applications/<int:application_id>/clearances")
@login_required
def clear(application_id: int) -> Response | tuple[str, int]:
    """Record an officer's reasoned clearance of one blocker."""
    form = request.form
    try:
        clear_blocker(
            db_session(),
            actor(),
            application_id,
            code=form.get("code", ""),
            key=form.get("key", ""),
            reason=form.get("reason"),
            policy=runtime().policy,
            clock=clock(),
            end_user_is_government=form.get("end_user_is_government") == "yes",
        )
    except errors.InvalidInput as invalid:
        return error_page(422, "; ".join(" ".join(m) for m in invalid.errors.values()))
    flash(_("Cleared with your reason."))
    return redirect(url_for("pages.application", application_id=application_id) + "#compliance")
