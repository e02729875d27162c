"""Documents on the web: attaching the checklist's documents (all open items in one form, or
one item), viewing one, an officer's verdict. A refused upload comes back on the application
page beside its fields, with what was typed kept."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.datastructures import MultiDict

from permits.domain import errors
from permits.http.request import db_session, runtime
from permits.services.checklist import application_checklist
from permits.services.documents import document_file, verify_document
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
from permits.web.form_problems import Returned
from permits.web.forms import VerifyDocumentForm
from permits.web.pages import application_page
from permits.web.render import actor, error_page

blueprint = Blueprint("docs", __name__)
SAFE_INLINE = ("application/pdf", "image/png", "image/jpeg")
blueprint.add_app_template_global(block_name, "attach_block")


def _open_items(application_id: int) -> list:
    entries = application_checklist(db_session(), actor(), application_id)
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


@blueprint.post("/applications/<int:application_id>/documents/<int:document_id>/verification")
@login_required
def verify(application_id: int, document_id: int) -> Response | tuple[str, int]:
    """An officer accepts or rejects a document (a rejection needs a reason)."""
    form = VerifyDocumentForm()
    if not form.validate_on_submit():
        return error_page(400, _("The form was incomplete or expired; go back and try again."))
    try:
        verify_document(
            db_session(),
            actor(),
            application_id,
            document_id,
            form.decision.data,
            form.reason.data or None,
        )
    except errors.InvalidInput as invalid:
        detail = "; ".join(" ".join(m) for m in invalid.errors.values())
        return error_page(422, detail)
    flash(_("Document %(decision)s.", decision=_(form.decision.data)))
    return redirect(url_for("pages.application", application_id=application_id) + "#documents")
