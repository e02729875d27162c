"""Documents on the web: attaching the checklist's documents (all open items in one form, or
one item), viewing one, an officer's verdict. A refused upload comes back on the application
page beside its fields, with what was typed kept."""

from __future__ import annotations

import re
from collections.abc import Iterable

from flask import Blueprint, Response, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.datastructures import MultiDict

from permits.domain import errors
from permits.http.request import clock, db_session, runtime
from permits.services.checklist import application_checklist
from permits.services.document_verification import verify_document, verify_documents
from permits.services.documents import document_file
from permits.web.attach import (
    FORM_ID,
    Block,
    as_typed,
    attach_one,
    block_name,
    forget,
    read_blocks,
    single_block,
)
from permits.web.form_problems import Returned, from_invalid
from permits.web.forms import VerifyDocumentForm
from permits.web.pages import application_page
from permits.web.render import actor, error_page

blueprint = Blueprint("docs", __name__)
SAFE_INLINE = ("application/pdf", "image/png", "image/jpeg")
blueprint.add_app_template_global(block_name, "attach_block")


def _open_items(application_id: int) -> list:
    entries = application_checklist(db_session(), actor(), application_id, clock())
    return [entry.status for entry in entries if not entry.status.accepted]


@blueprint.post("/applications/<int:application_id>/documents/checklist")
@login_required
def attach(application_id: int) -> Response | tuple[str, int]:
    """Attach the documents of every open checklist item at once; blank items are skipped."""
    blocks = read_blocks(request.form, request.files, _open_items(application_id))
    returned = Returned(FORM_ID, MultiDict(request.form))
    chosen = [block for block in blocks if not block.blank]
    if not chosen:
        returned.add("", _("Nothing to attach: choose the file of at least one document."))
    return _attach(application_id, chosen, returned)


@blueprint.post("/applications/<int:application_id>/documents")
@login_required
def upload(application_id: int) -> Response | tuple[str, int]:
    """Attach one document; the file name shown back is escaped like every other text."""
    block = single_block(request.form, request.files, _open_items(application_id))
    return _attach(application_id, [block], Returned(FORM_ID, as_typed(block)))


def _attach(application_id: int, blocks: list[Block], returned: Returned) -> Response | tuple:
    """Each block in its own transaction; what was attached is said, what failed comes back."""
    session, who, intake = db_session(), actor(), runtime().intake
    attached = []
    for block in blocks:
        try:
            if attach_one(session, who, application_id, block, intake, returned):
                attached.append(block.file.filename)
                forget(returned.typed, block)
        except errors.InvalidState as moved:
            returned.add("", _(moved.message))
            break
    if attached:
        flash(_("Attached: %(files)s.", files=", ".join(attached)))
    if returned.messages:
        return application_page(application_id, returned, 422)
    return redirect(url_for("pages.application", application_id=application_id) + "#checklist")


@blueprint.get("/applications/<int:application_id>/documents/<int:document_id>")
@login_required
def view(application_id: int, document_id: int) -> Response:
    """The stored file, shown in the browser when it is a PDF or an image."""
    document, data = document_file(
        db_session(), actor(), application_id, document_id, runtime().intake.store
    )
    mimetype = (
        document.media_type if document.media_type in SAFE_INLINE else "application/octet-stream"
    )
    response = Response(data, mimetype=mimetype)
    # The browser's own PDF viewer still opens it; nothing in the file may load or run.
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; img-src 'self'; frame-ancestors 'none'"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


# The one form on the application page deciding the pending documents; each document's
# fields are ``decision-<id>`` and ``reason-<id>``, its elements ``verify-<id>-decision|reason``.
VERIFY_FORM = "verify-documents"
DECISION_FIELD = re.compile(r"^decision-([0-9]{1,12})$")


def _element_ids(document_ids: Iterable[int]) -> dict[str, str]:
    return {
        f"documents[{i}].{name}": f"verify-{i}-{name}"
        for i in document_ids
        for name in ("decision", "reason")
    }


@blueprint.post("/applications/<int:application_id>/documents/<int:document_id>/verification")
@login_required
def verify(application_id: int, document_id: int) -> Response | tuple[str, int]:
    """An officer accepts or rejects a document (a rejection needs a reason); refused, the
    page comes back with the decision beside that document."""
    form = VerifyDocumentForm()
    if not form.validate_on_submit():
        return error_page(400, _("The form was incomplete or expired; go back and try again."))
    decision, reason = form.decision.data, form.reason.data or ""
    try:
        verify_document(
            db_session(), actor(), application_id, document_id, decision, reason, clock=clock()
        )
    except errors.InvalidInput as invalid:
        found = invalid.errors
    except errors.ActionBlocked as blocked:
        found = {"decision": [b.message for b in blocked.blockers]}
    else:
        flash(_("Document %(decision)s.", decision=_(decision)))
        return redirect(url_for("pages.application", application_id=application_id) + "#documents")
    # Back beside the document on the page's one verification form, with what was sent.
    typed = MultiDict({f"decision-{document_id}": decision, f"reason-{document_id}": reason})
    invalid = errors.InvalidInput({f"documents[{document_id}].{k}": m for k, m in found.items()})
    returned = from_invalid(VERIFY_FORM, typed, invalid, _element_ids([document_id]))
    return application_page(application_id, returned, 422)


@blueprint.post("/applications/<int:application_id>/documents/verification")
@login_required
def verify_all(application_id: int) -> Response | tuple[str, int]:
    """An officer's decisions on the pending documents in one step: every one recorded, or none
    and the form comes back with each problem beside its document."""
    verdicts = _verdicts(request.form)
    try:
        recorded = verify_documents(db_session(), actor(), application_id, verdicts, clock=clock())
    except errors.InvalidInput as invalid:
        returned = from_invalid(VERIFY_FORM, request.form, invalid, _element_ids(verdicts))
        return application_page(application_id, returned, 422)
    rejected = sum(1 for d in recorded if d.verification == "rejected")
    flash(_("Decisions recorded: %(accepted)s accepted, %(rejected)s rejected.",
            accepted=len(recorded) - rejected, rejected=rejected))  # fmt: skip
    return redirect(url_for("pages.application", application_id=application_id) + "#documents")


def _verdicts(form: MultiDict) -> dict[int, tuple[str, str | None]]:
    """(decision, reason) by document id, from the fields ``decision-<id>``/``reason-<id>``."""
    found = {}
    for name, value in form.items():
        match = DECISION_FIELD.match(name)
        if match:
            found[int(match.group(1))] = (value, form.get(f"reason-{match.group(1)}"))
    return found
