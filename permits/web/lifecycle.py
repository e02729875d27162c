"""A permit's page: where it stands, its timeline and how often the public checked it; and for
approvers its lifecycle (suspend, reinstate, revoke), each with a reason. A refused action comes
back on the page with what was typed kept and the message beside the field; revoking, which can
never be undone, asks for a confirmation the server checks."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from permits.domain import errors
from permits.http.request import clock, db_session
from permits.services.permit_record import lifecycle_roles, permit_record
from permits.services.permits import permit_action
from permits.web.form_problems import Returned
from permits.web.forms import PermitActionForm
from permits.web.render import actor, error_page

blueprint = Blueprint("lifecycle", __name__)
ACTIONS = "<any(suspend, reinstate, revoke):action>"
CONFIRM = "confirm"
# Revoking ends the permit for good: it asks to be confirmed and looks unlike the others.
IRREVERSIBLE = ("revoke",)
LABELS = {
    "suspend": _l("Suspend the permit"),
    "reinstate": _l("Reinstate the permit"),
    "revoke": _l("Revoke the permit"),
}
DONE = {
    "suspend": _l("The permit is suspended."),
    "reinstate": _l("The permit is reinstated."),
    "revoke": _l("The permit is revoked."),
}


@blueprint.get("/permits/<string(length=18):number>")
@login_required
def permit(number: str) -> tuple[str, int]:
    """The permit: holder, validity, status, goods, timeline, checks, and the approver's forms."""
    return permit_page(number)


def permit_page(number: str, returned: Returned | None = None,
                status: int = 200) -> tuple[str, int]:  # fmt: skip
    """The permit's page, with a form that came back (its input kept, its problems shown)."""
    record = permit_record(db_session(), actor(), number, clock())
    shown = list(record.actions)
    # A form refused because the state moved on stays on the page, with why.
    if returned and returned.form_id.removeprefix("permit-") not in shown:
        shown.append(returned.form_id.removeprefix("permit-"))
    return render_template(
        "permit.html",
        record=record,
        permit=record.standing.permit,
        standing=record.standing,
        shown=shown,
        labels=LABELS,
        irreversible=IRREVERSIBLE,
        returned=returned,
        page_problems=returned.summary() if returned else None,
    ), status


@blueprint.post(f"/permits/<string(length=18):number>/actions/{ACTIONS}")
@login_required
def act(number: str, action: str) -> Response | tuple[str, int]:
    """Suspend, reinstate or revoke (approvers); refusals come back beside the form's fields."""
    form = PermitActionForm()
    if not form.validate_on_submit():
        return error_page(400, _("The form was incomplete or expired; go back and try again."))
    form_id = f"permit-{action}"
    returned = _unconfirmed(number, action, form_id)
    if returned:
        return permit_page(number, returned, 422)
    try:
        permit_action(db_session(), actor(), number, action, clock=clock(),
                      reason=form.reason.data, expected_version=form.version.data)  # fmt: skip
    except (errors.ActionBlocked, errors.Conflict) as refused:
        return permit_page(number, _refused(form_id, refused), 422)
    flash(str(DONE[action]))
    return redirect(url_for("lifecycle.permit", number=number))


def _unconfirmed(number: str, action: str, form_id: str) -> Returned | None:
    """The revocation's form sent back when its box is not ticked; None when it goes on (roles
    that may never revoke are refused by the service first: role before state)."""
    if action not in IRREVERSIBLE or request.form.get(CONFIRM) == "yes":
        return None
    if actor().role not in lifecycle_roles(action):
        return None
    returned = Returned(form_id, request.form)
    if not request.form.get("reason", "").strip():
        returned.add(f"{form_id}-reason", _("Give the reason."))
    returned.add(
        f"{form_id}-{CONFIRM}",
        _("Tick the box to confirm: a revoked permit can never be used again."),
    )
    return returned


def _refused(form_id: str, refused: errors.DomainError) -> Returned:
    """The service's refusal beside the field it is about, else about the whole form."""
    returned = Returned(form_id, request.form)
    if isinstance(refused, errors.StaleVersion):
        returned.add(
            "", _("Someone changed the permit since you opened this page; check it and try again.")
        )
    elif isinstance(refused, errors.InvalidState):
        returned.add(
            "", _("Not possible now: the permit is no longer in a state that allows this.")
        )
    else:
        for blocker in refused.blockers:
            if blocker.code == "reason_required":
                returned.add(f"{form_id}-reason", _("Give the reason."))
            else:
                returned.add("", _(blocker.message))
    return returned
