"""The second factor for Ministry staff (TOTP, RFC 6238, via pyotp): enrolment, sign-in and the
fresh code an approver gives for every approval. A code is accepted once."""

from __future__ import annotations

import time

import pyotp
from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask import session as cookie
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy import update
from sqlalchemy.orm import Session

from permits import errors
from permits.api.context import db_session
from permits.audit import record_event
from permits.models import ApiToken, User
from permits.models.base import utcnow
from permits.services.auth import IssuedToken, token_hash
from permits.services.uow import unit_of_work
from permits.web.forms import ActionForm
from permits.web.render import actor, error_page

blueprint = Blueprint("totp", __name__)
STAFF = ("officer", "approver", "admin")
ISSUER = "Permits MIA Kazakhstan"


def accept_code(
    session: Session, user_id: int, code: str | None, secret: str | None = None
) -> None:
    """Accept a code once (inside the caller's transaction); InvalidInput naming ``code``."""
    user = session.get(User, user_id)
    secret = secret or (user.totp_secret if user else None)
    if user is None or secret is None:
        raise errors.InvalidInput({"code": [_("No authenticator is enrolled.")]})
    totp, now = pyotp.TOTP(secret), time.time()
    step = int(now // totp.interval)
    for candidate in (step, step - 1):  # the current window and the one before (clock drift)
        if code and totp.verify(code.strip(), for_time=candidate * totp.interval):
            if user.totp_last_step is not None and candidate <= user.totp_last_step:
                break
            user.totp_last_step = candidate
            return
    raise errors.InvalidInput({"code": [_("The code is wrong or was already used.")]})


def second_factor_passed(
    session: Session, issued: IssuedToken, code: str | None, address: str
) -> bool:
    """After the password: an enrolled user also gives a fresh code, else the new session ends."""
    if issued.user.totp_secret is None:
        return True
    try:
        with unit_of_work(session):
            accept_code(session, issued.user.id, code)
    except errors.InvalidInput:
        with unit_of_work(session):
            session.execute(
                update(ApiToken)
                .where(ApiToken.token_hash == token_hash(issued.token))
                .values(revoked_at=utcnow())
            )
        return False
    return True


def check_approval_code(session: Session, who: object, code: str | None) -> None:
    """An enrolled approver confirms each approval with a fresh code."""
    if not getattr(who, "totp_enabled", False):
        return
    with unit_of_work(session):
        accept_code(session, who.id, code)


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
        session = db_session()
        try:
            with unit_of_work(session):
                accept_code(session, who.id, form.code.data, secret)
                session.get(User, who.id).totp_secret = secret
                record_event(session, who, "user.totp_enrolled", ("user", who.id))
        except errors.InvalidInput as invalid:
            form.code.errors = list(invalid.errors["code"])
        else:
            cookie.pop("totp_pending", None)
            flash(_("Your authenticator is enrolled."))
            return redirect(url_for("pages.home"))
    uri = pyotp.TOTP(secret).provisioning_uri(name=who.username, issuer_name=ISSUER)
    return render_template(
        "totp.html", form=form, secret=secret, uri=uri
    ), 422 if form.errors else 200
