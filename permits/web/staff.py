"""Officers' and approvers' pages: the queue with its search and filters, taking an
application (into review, straight from the queue), clearances."""

from __future__ import annotations

import hashlib

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from permits.domain import errors
from permits.domain.access import require_role
from permits.http.request import clock, db_session, runtime
from permits.services.application_search import MAX_SEARCH_LENGTH
from permits.services.applications import list_applications
from permits.services.assignment import assign_application, take_application
from permits.services.compliance_review import clear_blocker
from permits.services.deadlines import due_on, is_overdue
from permits.web.form_problems import Returned, from_invalid
from permits.web.pages import application_page
from permits.web.render import actor, country_choices

blueprint = Blueprint("staff", __name__)
QUEUE_STATES = ("submitted", "under_review", "info_requested", "awaiting_decision")


@blueprint.get("/queue")
@login_required
def queue() -> str:
    """Submitted applications with filters, the soonest due first; a search finds applications
    in any state (a permit number names a decided one)."""
    who, args = actor(), request.args
    require_role(who, "officer", "approver")
    status, search = args.get("status") or None, args.get("q", "").strip()
    page = list_applications(
        db_session(),
        who,
        status=status if status in QUEUE_STATES else None,
        permit_type=args.get("type") or None,
        country=args.get("country") or None,
        overdue=True if args.get("overdue") == "yes" else None,
        search=search[:MAX_SEARCH_LENGTH],
        page_size=200,
        clock=clock(),
    )
    items = [a for a in page.items if search or a.status in QUEUE_STATES]
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
        search=search,
    )


@blueprint.post("/applications/<int:application_id>/assign")
@login_required
def assign(application_id: int) -> Response:
    """An officer takes an application."""
    assign_application(db_session(), actor(), application_id)
    flash(_("The application is assigned to you."))
    return redirect(url_for("pages.application", application_id=application_id))


@blueprint.app_template_global()
def clear_form_id(code: str, key: str) -> str:
    """The element id of the form clearing one finding (keys hold names in any script)."""
    digest = hashlib.blake2s(f"{code}\n{key}".encode(), digest_size=6).hexdigest()
    return f"clear-{digest}"


@blueprint.post("/applications/<int:application_id>/take")
@login_required
def take(application_id: int) -> Response:
    """An officer takes an application into review from the queue and lands on its page (one
    page load instead of opening it, assigning it and accepting it)."""
    try:
        take_application(db_session(), actor(), application_id, runtime())
    except errors.Conflict:
        flash(_("Application %(id)s no longer waits to be taken; here it is as it stands.",
                id=application_id), "error")  # fmt: skip
    else:
        flash(_("You took application %(id)s into review.", id=application_id))
    return redirect(url_for("pages.application", application_id=application_id))


@blueprint.post("/applications/<int:application_id>/clearances")
@login_required
def clear(application_id: int) -> Response | tuple[str, int]:
    """Record an officer's reasoned clearance of one blocker; refused, the clearance's form comes
    back on the application page with what was typed."""
    form = request.form
    cid = clear_form_id(form.get("code", ""), form.get("key", ""))
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
        ids = {"reason": f"{cid}-reason", "end_user_is_government": f"{cid}-government"}
        return application_page(application_id, from_invalid(cid, form, invalid, ids), 422)
    except errors.Conflict as refused:
        # Cleared meanwhile, or no longer under review: the form is gone, the section says why.
        returned = Returned("compliance", form)
        returned.add("", str(refused))
        return application_page(application_id, returned, 409)
    flash(_("Cleared with your reason."))
    return redirect(url_for("pages.application", application_id=application_id) + "#compliance")
