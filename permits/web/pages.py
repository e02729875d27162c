"""Pages every role reaches: the start page, the applicant's dashboard, one application with
its checklist, documents, actions, history and workflow diagram, and permit downloads."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from permits.audit.history import application_history
from permits.domain import errors
from permits.http.request import clock, db_session, runtime
from permits.models.applications import REFUSAL_GROUNDS
from permits.services import applications as service
from permits.services import permits as permit_service
from permits.services.checklist import application_checklist
from permits.services.compliance_review import compliance_report
from permits.services.deadlines import due_on, is_overdue
from permits.services.documents import list_documents
from permits.web.diagram import workflow_svg
from permits.web.form_problems import Returned, from_blockers, from_invalid
from permits.web.forms import ActionForm, VerifyDocumentForm
from permits.web.information_request import open_request
from permits.web.render import actor, country_choices, error_page
from permits.web.review import review_parts, unconfirmed

blueprint = Blueprint("pages", __name__)
HOMES = {
    "applicant": "pages.dashboard",
    "officer": "staff.queue",
    "approver": "staff.queue",
    "customs": "customs.find",
    "auditor": "auditing.overview",
    "admin": "administration.home",
}


@blueprint.get("/")
def home() -> Response | tuple[str, int]:
    """Each role's start page; visitors go to sign in."""
    if not current_user.is_authenticated:
        return redirect(url_for("account.login"))
    if current_user.role not in HOMES:
        return error_page(403, _("Administrators work through the command line and the API."))
    return redirect(url_for(HOMES[current_user.role]))


@blueprint.get("/applications")
@login_required
def dashboard() -> str:
    """The firm's applications and permits, with their status."""
    session, who = db_session(), actor()
    page = service.list_applications(session, who, page_size=200, clock=clock())
    permits = permit_service.list_permits(session, who, clock())
    return render_template(
        "dashboard.html", applications=page.items, permits=permits, due_on=due_on
    )


def _action_form() -> ActionForm:
    form = ActionForm()
    form.grounds.choices = [(g, _(g.replace("_", " "))) for g in REFUSAL_GROUNDS]
    return form


@blueprint.get("/applications/<int:application_id>")
@login_required
def application(application_id: int) -> str:
    """One application: details, checklist, documents, actions, history, diagram."""
    return application_page(application_id)


def application_page(
    application_id: int, returned: Returned | None = None, status: int = 200
) -> tuple[str, int]:
    """The application page, with a form that came back (its input kept, its problems shown)."""
    session, who = db_session(), actor()
    item = service.get_application(session, who, application_id)
    staff = who.role in ("officer", "approver", "auditor")
    actions = service.available_actions(session, who, item, runtime().policy, clock())
    history = application_history(session, who, item.id)
    return render_template(
        "application.html",
        application=item,
        checklist=application_checklist(session, who, item.id, clock()),
        documents=list_documents(session, who, item.id),
        actions=actions,
        **review_parts(item, actions),
        history=history,
        info_request=open_request(history, actions),
        compliance=_compliance(item.id) if staff else None,
        diagram=_diagram(item),
        action_form=_action_form(),
        can_attach=who.role == "applicant",
        verify_form=VerifyDocumentForm(),
        due=due_on(item),
        overdue=is_overdue(item, clock().today()),
        countries=country_choices(blank=False),
        returned=returned,
        page_problems=returned.summary() if returned else None,
    ), status


def _compliance(application_id: int) -> dict:
    return compliance_report(db_session(), actor(), application_id, runtime().policy, clock())


def _diagram(item: object) -> str:
    definition = service.engine_for(item).definition
    labels = {state: _(state.replace("_", " ")) for state in definition.states}
    labels["title"] = _("Workflow")
    return workflow_svg(definition, item.status, labels)


@blueprint.post("/applications/<int:application_id>/actions/<action>")
@login_required
def act(application_id: int, action: str) -> Response | tuple[str, int]:
    """Take a workflow action; what blocks it comes back on the application page, beside the
    action's form, with what was typed kept."""
    form = _action_form()
    if not form.validate_on_submit():
        return error_page(400, _("The form was incomplete or expired; go back and try again."))
    form_id = f"act-{action}"
    returned = unconfirmed(application_id, action, form_id)
    if returned:
        return application_page(application_id, returned, 422)
    try:
        service.perform_action(
            db_session(),
            actor(),
            application_id,
            action,
            reason=form.reason.data or None,
            recommendation=form.recommendation.data or None,
            grounds=form.grounds.data or None,
            runtime=runtime(),
            code=form.code.data or None,
        )
    except errors.ActionBlocked as blocked:
        returned = _blocked_fields(form_id, blocked.blockers)
        return application_page(application_id, returned, 422)
    except errors.InvalidInput as invalid:
        ids = {name: f"{form_id}-{name}" for name in ACTION_FIELDS}
        return application_page(
            application_id, from_invalid(form_id, request.form, invalid, ids), 422
        )
    flash(_("Done: %(action)s.", action=_(action.replace("_", " "))))
    return redirect(url_for("pages.application", application_id=application_id))


# The action form's fields, each with an element id ``act-<action>-<field>``.
ACTION_FIELDS = ("reason", "recommendation", "grounds", "code")


def _blocked_fields(form_id: str, blockers: list) -> Returned:
    """Blockers about a field of the form go beside it; the rest about the whole form."""
    returned = from_blockers(form_id, request.form, [])
    for blocker in blockers:
        field = blocker.item if blocker.item in ACTION_FIELDS else ""
        returned.add(f"{form_id}-{field}" if field else "", blocker.message)
    return returned


@blueprint.get("/permits/<string(length=18):number>.pdf")
@login_required
def permit_pdf(number: str) -> Response:
    """The signed permit PDF, as issued."""
    permit = permit_service.get_permit(db_session(), actor(), number, clock())
    data = runtime().intake.store.get(permit.pdf_sha256)
    response = Response(data, mimetype="application/pdf")
    response.headers.set("Content-Disposition", "attachment", filename=f"{number}.pdf")
    return response
