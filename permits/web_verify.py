"""The public page a permit's QR code opens: ``/verify/<number>?t=<token>``."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from documents.pki import fingerprint
from permits.api.context import db_session
from permits.api.permits import root_certificate
from permits.errors import ServiceUnavailable
from permits.models import Firm
from permits.services.verification import verify_token

blueprint = Blueprint("verify_page", __name__)


@blueprint.get("/verify/<string(length=18):number>")
def verify_page(number: str) -> tuple[str, int]:
    """Status, holder, goods and validity; an unknown number and a wrong code look the same."""
    session = db_session()
    permit = verify_token(session, number, request.args.get("t", ""))
    try:
        root_fingerprint = fingerprint(root_certificate())
    except ServiceUnavailable:
        root_fingerprint = None
    if permit is None:
        return render_template("verify.html", permit=None, fingerprint=root_fingerprint), 404
    goods = []
    for line in permit.lines:
        item = line.goods_line
        amount = f"{line.quantity} {item.unit} ({line.quantity_shipped} shipped)"
        goods.append(f"{item.manufacturer} {item.model}, {item.calibre}: {amount}")
    holder = session.get(Firm, permit.firm_id)
    return render_template("verify.html", permit=permit, holder=holder, goods=goods,
                           fingerprint=root_fingerprint), 200  # fmt: skip
