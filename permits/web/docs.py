"""Documents on the web: uploading one for a checklist item, viewing it, an officer's verdict."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from flask import Blueprint, Response, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.datastructures import MultiDict

from permits.domain import errors
from permits.http.request import db_session, runtime
from permits.services.document_verification import verify_document, verify_documents
from permits.services.documents import Upload, document_file, upload_document
from permits.web.form_problems import from_invalid
from permits.web.forms import UploadForm, VerifyDocumentForm
from permits.web.pages import application_page
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
        verify_document(db_session(), actor(), application_id, document_id, decision, reason)
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
        recorded = verify_documents(db_session(), actor(), application_id, verdicts)
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
