"""The public page a permit's QR code opens: ``/verify/<number>?t=<token>``."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext as _

from documents.pki import fingerprint
from permits.domain.errors import ServiceUnavailable
from permits.http.request import db_session, runtime
from permits.models import Firm
from permits.services.verification import verify_token, verify_upload
from permits.web.forms import VerifyUploadForm

blueprint = Blueprint("verify_page", __name__)


@blueprint.get("/verify/<string(length=18):number>")
def verify_page(number: str) -> tuple[str, int]:
    """Status, holder, goods and validity; an unknown number and a wrong code look the same."""
    session = db_session()
    permit = verify_token(session, number, request.args.get("t", ""), runtime().clock)
    try:
        root_fingerprint = fingerprint(runtime().keyring.root_certificate())
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


@blueprint.route("/verify", methods=["GET", "POST"])
def verify_form() -> tuple[str, int]:
    """Anyone uploads a permit PDF and learns whether it is authentic, untampered and valid."""
    form, verdict = VerifyUploadForm(), None
    if form.validate_on_submit() and form.file.data:
        data = form.file.data.read(runtime().intake.max_bytes + 1)
        verdict = verify_upload(db_session(), data, runtime().keyring.root_certificate(),
                                runtime().intake.max_bytes, runtime().clock)  # fmt: skip
    elif form.is_submitted():
        form.file.errors = [*form.file.errors, _("Choose the permit's PDF file.")]
    status = 422 if form.errors else 200
    return render_template("verify_form.html", form=form, verdict=verdict), status
