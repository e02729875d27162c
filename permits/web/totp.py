"""Enrolling an authenticator (TOTP) for Ministry staff; the rules live in the service."""

from __future__ import annotations

import pyotp
from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask import session as cookie
from flask_babel import gettext as _
from flask_login import login_required

from permits.domain import errors
from permits.http.request import db_session, runtime
from permits.services.second_factor import STAFF, enrol_second_factor
from permits.web.forms import ActionForm
from permits.web.render import actor, error_page

blueprint = Blueprint("totp", __name__)
ISSUER = "Permits MIA Kazakhstan"


@blueprint.route("/totp", methods=["GET", "POST"])
@login_required
def enrol() -> str | Response | tuple[str, int]:
    """Show a new secret and confirm it with a first code."""
    who = actor()
    if who.role not in STAFF:
        return error_page(
            403, _("Only Ministry officers, approvers and admins use a second factor.")
        )
    secret = cookie.setdefault("totp_pending", pyotp.random_base32())
    form = ActionForm()
    if form.validate_on_submit():
        try:
            keys = runtime().keyring.second_factor_keys()
            enrol_second_factor(db_session(), who, secret, form.code.data, keys)
        except errors.InvalidInput as invalid:
            form.code.errors = [_(message) for message in invalid.errors["code"]]
        else:
            cookie.pop("totp_pending", None)
            flash(_("Your authenticator is enrolled."))
            return redirect(url_for("pages.home"))
    uri = pyotp.TOTP(secret).provisioning_uri(name=who.username, issuer_name=ISSUER)
    return render_template(
        "totp.html", form=form, secret=secret, uri=uri
    ), 422 if form.errors else 200
