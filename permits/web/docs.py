"""Documents on the web: uploading one for a checklist item, viewing it, an officer's verdict."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import login_required

from permits.domain import errors
from permits.http.request import db_session, runtime
from permits.services.documents import Upload, document_file, upload_document, verify_document
from permits.web.forms import UploadForm, VerifyDocumentForm
from permits.web.render import actor, error_page

blueprint = Blueprint("docs", __name__)
SAFE_INLINE = ("application/pdf", "image/png", "image/jpeg")


def _metadata(form: UploadForm) -> dict[str, Any]:
    meta = {
        "kind": form.kind.data,
        "number": form.number.data,
        "issuer": form.issuer.data,
        "issuing_country": form.issuing_country.data,
        "issued_on": form.issued_on.data.isoformat(),
        "valid_until": form.valid_until.data.isoformat() if form.valid_until.data else None,
        "authenticated": bool(form.authenticated.data),
    }
    if form.kind.data == "transit_non_objection":
        meta["covers_country"] = form.covers_country.data
    if form.kind.data == "foreign_end_user_certificate":
        meta["undertaking_no_reexport"] = bool(form.undertaking_no_reexport.data)
    if form.kind.data == "origin_consent":
        meta["destination_country"] = form.destination_country.data
    return meta


@blueprint.post("/applications/<int:application_id>/documents")
@login_required
def upload(application_id: int) -> Response | tuple[str, int]:
    """Attach one document; the file name shown back is escaped like every other text."""
    form = UploadForm()
    form.kind.choices = [(form.kind.data, form.kind.data)] if form.kind.data else []
    for name in ("issuing_country", "covers_country", "destination_country"):
        field = getattr(form, name)
        field.choices = [(field.data, field.data)] if field.data else [("", "")]
    if not form.validate_on_submit() or not form.file.data:
        problems = dict(form.errors) or {"file": [_("Choose a file.")]}
        messages = "; ".join(f"{n}: {' '.join(map(str, e))}" for n, e in problems.items())
        return error_page(422, _("The document was not attached: %(problems)s", problems=messages))
    upload_file = Upload(form.file.data.filename or "document", form.file.data.read())
    upload_document(
        db_session(), actor(), application_id, upload_file, _metadata(form), runtime().intake
    )
    flash(_("%(name)s is attached.", name=upload_file.filename))
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
            clock=runtime().clock,
        )
    except errors.InvalidInput as invalid:
        detail = "; ".join(" ".join(m) for m in invalid.errors.values())
        return error_page(422, detail)
    flash(_("Document %(decision)s.", decision=_(form.decision.data)))
    return redirect(url_for("pages.application", application_id=application_id) + "#documents")
