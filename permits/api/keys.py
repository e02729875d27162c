"""``GET /api/v1/keys/root.pem``: the Ministry's root certificate, for anyone checking a permit."""

from __future__ import annotations

from flask import Response
from flask_smorest import Blueprint

from permits.api.guard import public
from permits.domain import errors
from permits.http.request import runtime

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
    pem = runtime().keyring.root_pem()
    if pem is None:
        raise errors.NotFound("No signing keys have been created yet")
    return Response(pem, mimetype="application/x-pem-file")
