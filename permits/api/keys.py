"""``GET /api/v1/keys/root.pem``: the Ministry's root certificate, for anyone checking a permit."""

from __future__ import annotations

from flask import Response, current_app
from flask_smorest import Blueprint

from documents.pki import ROOT_FILE
from permits import errors
from permits.api.context import public
from permits.keys import keys_folder

blp = Blueprint("keys", __name__, url_prefix="/api/v1/keys", description="Signing keys")


@blp.route("/root.pem", methods=["GET"])
@public
@blp.doc(
    security=[],
    responses={
        "200": {"description": "PEM certificate",
                "content": {"application/x-pem-file": {"schema": {"type": "string"}}}},
        "404": {"$ref": "#/components/responses/NOT_FOUND"},
    },
)  # fmt: skip
def root_certificate() -> Response:
    """The root certificate every permit signature chains to (no authentication)."""
    path = keys_folder(current_app) / ROOT_FILE
    if not path.exists():
        raise errors.NotFound("No signing keys have been created yet")
    return Response(path.read_bytes(), mimetype="application/x-pem-file")
