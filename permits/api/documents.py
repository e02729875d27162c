"""``/applications/{id}/documents`` and ``/checklist``: the documents of seed A.7."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask_smorest import Blueprint
from webargs.multidictproxy import MultiDictProxy
from werkzeug.datastructures import CombinedMultiDict

from documents.intake import JPEG, PDF, PNG
from permits.api.base import ID, IDEMPOTENCY_KEY, errors
from permits.api.guard import accepts_multipart, current_actor
from permits.api.idempotency import idempotent
from permits.api.schemas.documents import (
    ChecklistItemSchema,
    DocumentSchema,
    DocumentUploadSchema,
    VerificationInSchema,
)
from permits.http.input_rules import json_form_fields
from permits.http.request import db_session, runtime
from permits.models import Document
from permits.services import documents as service
from permits.services.checklist import application_checklist
from permits.services.document_verification import verify_document


class MultipartBlueprint(Blueprint):
    """A blueprint whose ``multipart`` arguments are a form's fields and files together."""

    DEFAULT_LOCATION_CONTENT_TYPE_MAPPING = {
        **Blueprint.DEFAULT_LOCATION_CONTENT_TYPE_MAPPING,
        "multipart": "multipart/form-data",
    }


@MultipartBlueprint.ARGUMENTS_PARSER.location_loader("multipart")
def load_multipart(request: Any, schema: Any) -> MultiDictProxy:
    """Fields and files of a multipart body, read as one set of arguments (JSON in a field
    parsed at the edge, under the nesting limit)."""
    form = json_form_fields(request.form, schema)
    return MultiDictProxy(CombinedMultiDict([request.files, form]), schema)


blp = MultipartBlueprint(
    "documents", __name__, url_prefix=f"/api/v1/applications/<{ID}:application_id>",
    description="Documents of an application and its checklist",
)  # fmt: skip
MEDIA_TYPES = (PDF, PNG, JPEG)
# Nothing uploaded may ever render as a page in the Ministry's origin.
DOWNLOAD_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cache-Control": "private, no-store",
}


def present(document: Document) -> dict[str, Any]:
    """A document as the schema dumps it."""
    data = {
        name: getattr(document, name) for name in DocumentSchema().fields if name != "verification"
    }
    data["verification"] = {
        "status": document.verification,
        "reason": document.verification_reason,
        "verified_at": document.verified_at,
    }
    return data


@blp.route("/documents", methods=["POST"])
@accepts_multipart
@idempotent
@blp.doc(parameters=[IDEMPOTENCY_KEY])
@blp.arguments(DocumentUploadSchema, location="multipart")
@blp.response(201, DocumentSchema)
@errors(blp, 400, 401, 403, 404, 409, 413, 415, 422)
def upload(form: dict[str, Any], application_id: int) -> dict[str, Any]:
    """Attach a document: applicants of the firm, while draft, returned or asked for information.

    Rules between fields, answered 422 naming the field: ``valid_until`` not before
    ``issued_on``; a ``transit_non_objection`` needs ``covers_country``; an ``origin_consent``
    needs ``destination_country`` and ``quantities``; ``replaces`` names a current document of
    the same kind on this application; the file is a PDF, PNG or JPEG by its content.
    """
    storage = form.pop("file")
    document = service.upload_document(
        db_session(), current_actor(), application_id,
        service.Upload(storage.filename or "", storage.read()), form, runtime().intake,
    )  # fmt: skip
    return present(document)


@blp.route("/documents", methods=["GET"])
@blp.response(200, DocumentSchema(many=True))
@errors(blp, 401, 403, 404)
def list_documents(application_id: int) -> list[dict[str, Any]]:
    """The application's documents (auditors and officers also see replaced versions)."""
    return [
        present(d) for d in service.list_documents(db_session(), current_actor(), application_id)
    ]


@blp.route(f"/documents/<{ID}:document_id>/file", methods=["GET"])
@blp.doc(responses={"200": {
    "description": "The file, as an attachment",
    "content": {media: {"schema": {"type": "string", "format": "binary"}} for media in MEDIA_TYPES},
}})  # fmt: skip
@errors(blp, 401, 403, 404)
def download(application_id: int, document_id: int) -> Response:
    """The file itself, as an attachment that never renders in the browser."""
    document, data = service.document_file(
        db_session(), current_actor(), application_id, document_id, runtime().intake.store
    )
    response = Response(data, mimetype=document.media_type)
    response.headers.update(DOWNLOAD_HEADERS)
    extension = document.media_type.rsplit("/", 1)[-1].replace("jpeg", "jpg")
    response.headers.set(
        "Content-Disposition", "attachment", filename=f"{document.kind}-{document.id}.{extension}"
    )
    return response


@blp.route(f"/documents/<{ID}:document_id>/verification", methods=["POST"])
@idempotent
@blp.doc(parameters=[IDEMPOTENCY_KEY])
@blp.arguments(VerificationInSchema)
@blp.response(200, DocumentSchema)
@errors(blp, 400, 401, 403, 404, 409, 415, 422)
def verify(body: dict[str, Any], application_id: int, document_id: int) -> dict[str, Any]:
    """Accept or reject a document (officers, while the application is under review).

    A ``rejected`` decision needs a ``reason`` (422 naming it otherwise).
    """
    document = verify_document(
        db_session(), current_actor(), application_id, document_id,
        body["decision"], body.get("reason"), clock=runtime().clock,
    )  # fmt: skip
    return present(document)


@blp.route("/checklist", methods=["GET"])
@blp.response(200, ChecklistItemSchema(many=True))
@errors(blp, 401, 403, 404)
def checklist(application_id: int) -> list[dict[str, Any]]:
    """Every checklist item with its documents, whether it is satisfied, and what blocks it."""
    return [
        {"item": e.status.item, "label": e.status.label, "kinds": list(e.status.kinds),
         "country": e.status.country, "required": e.status.required,
         "satisfied": e.status.present, "accepted": e.status.accepted,
         "documents": list(e.status.documents), "blockers": [b.as_dict() for b in e.blockers]}
        for e in application_checklist(db_session(), current_actor(), application_id,
                                       runtime().clock)
    ]  # fmt: skip
