"""Signing in and out, changing one's password, choosing the language."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    g,
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
from permits.models import User
from permits.services.auth import LoginPolicy, issue_token
from permits.services.recovery_codes import looks_like_recovery_code, recovery_codes_left
from permits.services.second_factor import must_enrol, second_factor_passed
from permits.services.web_sessions import change_password, end_session
from permits.web.forms import LoginForm, PasswordForm
from permits.web.render import field_errors

blueprint = Blueprint("account", __name__)
WEB_POLICY_HOURS = 12
# What a user whose password an admin reset may reach before changing it.
BEFORE_PASSWORD_CHANGE = frozenset({"account.password", "account.logout", "account.login",
                                    "account.language"})  # fmt: skip


def password_change_first() -> Response | None:
    """Send a user whose password an admin reset to the password page, whatever page was
    asked for: the admin knows that password, so it must not stay in use."""
    if request.endpoint in BEFORE_PASSWORD_CHANGE or not current_user.is_authenticated:
        return None
    if current_user.must_change_password:
        return redirect(url_for("account.password"))
    return None


def _policy() -> LoginPolicy:
    return LoginPolicy.from_settings(current_app.config, timedelta(hours=WEB_POLICY_HOURS))


def _start(token: str) -> None:
    cookie.clear()  # a new session identifier on every sign-in (no fixation)
    cookie["token"] = token


@blueprint.route("/login", methods=["GET", "POST"])
def login() -> str | Response:
    """The sign-in form; a wrong password re-displays it with the username kept."""
    form = LoginForm()
    if form.validate_on_submit():
        try:
            issued = issue_token(
                db_session(),
                form.username.data,
                form.password.data,
                request.remote_addr or "-",
                _policy(),
                kind="web",
            )
        except errors.AuthenticationFailed:
            form.password.errors.append(_("Wrong username or password."))
        else:
            address = request.remote_addr or "-"
            keys = runtime().keyring.second_factor_keys()
            if second_factor_passed(db_session(), issued, form.code.data, address, keys):
                _start(issued.token)
                return _after_sign_in(issued.user, form.code.data)
            form.code.errors.append(_("Enter a fresh code from your authenticator."))
    return render_template("login.html", form=form), 200 if not form.errors else 422


def _after_sign_in(user: User, code: str | None) -> Response:
    """Where a new session starts: enrolment for whom the rule requires it, else the page
    asked for; a recovery code given says how many remain."""
    if must_enrol(user, user.totp_secret is not None, current_app.config["SECOND_FACTOR_ROLES"]):
        return redirect(url_for("totp.enrol"))  # the page says why
    if user.must_change_password:
        flash(_("An administrator reset your password: choose a new one."))
        return redirect(url_for("account.password"))
    if user.totp_secret is not None and looks_like_recovery_code(code):
        left = recovery_codes_left(db_session(), user.id)
        flash(_("You signed in with a recovery code; %(left)d remain.", left=left))
    return redirect(_safe_next() or url_for("pages.home"))


@blueprint.post("/logout")
@login_required
def logout() -> Response:
    """End the session on the server; the cookie is worthless afterwards."""
    end_session(db_session(), current_user, g.web_token)
    cookie.clear()
    flash(_("You are signed out."))
    return redirect(url_for("account.login"))


@blueprint.route("/password", methods=["GET", "POST"])
@login_required
def password() -> str | Response | tuple[str, int]:
    """Change one's own password: every other session ends."""
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            issued = change_password(
                db_session(),
                current_user.id,
                form.current_password.data,
                form.new_password.data,
                request.remote_addr or "-",
                _policy(),
            )
        except errors.InvalidInput as invalid:
            field_errors(form, invalid)
            return render_template("password.html", form=form), 422
        _start(issued.token)
        flash(_("Your password is changed; other sessions are signed out."))
        return redirect(url_for("pages.home"))
    return render_template("password.html", form=form), 422 if form.errors else 200


@blueprint.get("/language/<any(en, ru):code>")
def language(code: str) -> Response:
    """Switch the interface language (remembered in a cookie) and go back to the page it was
    chosen on (the referrer, when it is this site)."""
    response = redirect(_safe_next() or _referrer_path() or url_for("pages.home"))
    response.set_cookie(
        "lang",
        code,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        httponly=True,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response


def _referrer_path() -> str | None:
    """The referring page's path, when the referrer is this site."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc != request.host:
        return None
    return local_path(referrer.path + (f"?{referrer.query}" if referrer.query else ""))


def _safe_next() -> str | None:
    """A ``next`` that stays on this site (never an open redirect)."""
    return local_path(request.args.get("next") or "")


def local_path(target: str) -> str | None:
    """``target`` when it is a path on this site, else None.

    Browsers read ``//host/x`` and ``/\\host/x`` (a backslash counts as a slash) as another
    site, so a path must start with one slash followed by neither; control characters are
    refused too, since browsers strip some of them before reading the URL.
    """
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/"):
        return None
    if target[1:2] in ("/", "\\") or any(ord(c) < 32 or c == "\x7f" for c in target):
        return None
    return target
