"""Enrolling an authenticator (TOTP) for Ministry staff, and the rule that staff of the roles
``PERMITS_SECOND_FACTOR_ROLES`` names reach no page before they enrol; the rules of enrolment
live in the service."""

from __future__ import annotations

import io

import pyotp
import segno
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask import session as cookie
from flask_babel import gettext as _
from flask_login import current_user, login_required

from permits.domain import errors
from permits.http.request import db_session, runtime
from permits.services.recovery_codes import recovery_codes_left
from permits.services.second_factor import STAFF, enrol_second_factor, must_enrol
from permits.web.forms import ActionForm
from permits.web.render import actor, error_page

blueprint = Blueprint("totp", __name__)
ISSUER = "Permits MIA Kazakhstan"
# What a user who must still enrol may reach on the blueprints the rule guards: enrolment,
# signing in and out and the language switch (static files and the public verification pages
# are not guarded at all).
BEFORE_ENROLMENT = frozenset({"totp.enrol", "totp.qr", "account.logout", "account.login",
                              "account.language"})  # fmt: skip


def enrolment_first() -> Response | None:
    """Send a signed-in user who must enrol to the enrolment page, whatever page was asked
    for (one rule for every page, run before each of them)."""
    if request.endpoint in BEFORE_ENROLMENT or not current_user.is_authenticated:
        return None
    user = current_user._get_current_object()
    if must_enrol(user, user.totp_enabled, current_app.config["SECOND_FACTOR_ROLES"]):
        return redirect(url_for("totp.enrol"))
    return None


@blueprint.get("/totp/qr.svg")
@login_required
def qr() -> Response:
    """The key being enrolled as a QR code: an SVG drawn on the server (segno) and shown by an
    ``<img>`` of this site, so the page needs no script, no inline markup from a library and no
    data: URI its Content-Security-Policy would refuse; never cached (it holds the secret)."""
    secret = cookie.get("totp_pending")
    if secret is None or actor().role not in STAFF:
        abort(404)
    uri = pyotp.TOTP(secret).provisioning_uri(name=actor().username, issuer_name=ISSUER)
    svg = io.BytesIO()
    segno.make(uri, error="m").save(svg, kind="svg", scale=5, border=4, light="#fff")
    return Response(svg.getvalue(), mimetype="image/svg+xml")


@blueprint.route("/totp", methods=["GET", "POST"])
@login_required
def enrol() -> str | Response | tuple[str, int]:
    """Show a new secret (as a QR code and as text) and confirm it with a first code; on
    success show the ten recovery codes, this once."""
    who = actor()
    if who.role not in STAFF:
        return error_page(403, _("Only Ministry staff use a second factor."))
    secret = cookie.setdefault("totp_pending", pyotp.random_base32())
    form = ActionForm()
    if form.validate_on_submit():
        try:
            keys = runtime().keyring.second_factor_keys()
            codes = enrol_second_factor(db_session(), who, secret, form.code.data, keys)
        except errors.InvalidInput as invalid:
            form.code.errors = [_(message) for message in invalid.errors["code"]]
        else:
            cookie.pop("totp_pending", None)
            return render_template("totp_codes.html", codes=codes)
    required = must_enrol(who, who.totp_enabled, current_app.config["SECOND_FACTOR_ROLES"])
    left = recovery_codes_left(db_session(), who.id) if who.totp_enabled else None
    return render_template(
        "totp.html", form=form, secret=secret, required=required, left=left,
    ), 422 if form.errors else 200  # fmt: skip
