"""The web interface: server-rendered pages over the same service layer as the API.

Sessions live on the server (a signed, HttpOnly cookie carries only a session token), every form
carries a CSRF token, pages work without JavaScript, and every visible string is translatable
(English and Russian).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import Flask, g, request
from flask import session as cookie
from flask_babel import Babel, format_date, format_datetime, format_decimal, get_locale
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from permits.http.request import clock, db_session
from permits.services.web_sessions import session_user
from permits.web import (
    admin,
    audit,
    auth,
    customs,
    docs,
    editor,
    lifecycle,
    pages,
    reference_admin,
    staff,
    totp,
    verify,
)
from permits.web.phrases import history_words
from permits.web.principal import WebUser, remember_signed_in
from permits.web.tones import blocker_tone, status_family

LANGUAGES = ("en", "ru")
PAGES = (verify, auth, pages, editor, docs, staff, customs, audit, totp, lifecycle, admin,
         reference_admin)  # fmt: skip
GUARDED = tuple(module for module in PAGES if module is not verify)
IDLE = timedelta(minutes=30)
csrf = CSRFProtect()
login_manager = LoginManager()
babel = Babel()


def select_locale() -> str:
    """The language the visitor chose (cookie), else the browser's preference, else English."""
    chosen = request.cookies.get("lang")
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES) or "en"


@login_manager.request_loader
def load_user(_request: object) -> WebUser | None:
    """The user of the request's live server-side session, if any."""
    token = cookie.get("token")
    if not token or request.path.startswith("/api/"):
        return None
    user = session_user(db_session(), token, IDLE)
    if user is None:
        cookie.pop("token", None)
        return None
    g.web_token = token
    signed_in = WebUser.of(user)
    remember_signed_in(signed_in)
    return signed_in


def local_time(moment: datetime | None, format: str = "short") -> str:
    """An instant as the Ministry's wall-clock time in the reader's language, its zone shown
    ("30.11.2026, 00:52 (UTC+5)"): converted by the installation's clock, never the server's."""
    if moment is None:
        return "—"
    ministry = clock()
    shown = format_datetime(ministry.local(moment), format, rebase=False)
    return f"{shown} ({ministry.offset(moment)})"


def init_web(app: Flask, token_blueprints: set[str]) -> None:
    """Bind sessions, CSRF, languages and the page blueprints to the app; the blueprints named
    in ``token_blueprints`` authenticate with bearer tokens, so CSRF does not apply to them."""
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config["SESSION_COOKIE_SECURE"] = app.config["PUBLIC_URL"].startswith("https:")
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", "translations")
    # Any time Flask-Babel formats is shown in the Ministry's zone too (local_time is preferred:
    # it converts with the installation's clock and says which zone it is).
    app.config["BABEL_DEFAULT_TIMEZONE"] = app.config["TIMEZONE"]
    csrf.init_app(app)
    for name in token_blueprints:
        csrf.exempt(app.blueprints[name])
    login_manager.init_app(app)
    login_manager.login_view = "account.login"
    login_manager.login_message = None
    babel.init_app(app, locale_selector=select_locale)
    for module in PAGES:
        app.register_blueprint(module.blueprint)
    # Staff who must enrol a second factor reach no page first: one rule before every page of
    # every blueprint but the public verification pages (a new blueprint is guarded too).
    for name in (module.blueprint.name for module in GUARDED):
        # First of all, before a blueprint's own checks (the admin pages' role rule); a user
        # whose password an admin reset changes it before anything else likewise.
        guards = [totp.enrolment_first, auth.password_change_first]
        app.before_request_funcs.setdefault(name, [])[:0] = guards
    app.jinja_env.globals.update(LANGUAGES=LANGUAGES, get_locale=get_locale,
                                 history_words=history_words, blocker_tone=blocker_tone,
                                 status_family=status_family)  # fmt: skip
    # Dates and numbers in the reader's language (Babel's CLDR data); times only through
    # ``local_time`` (the Ministry's wall clock with its offset), so no page can show UTC.
    app.jinja_env.filters.update(format_date=format_date, format_decimal=format_decimal,
                                 local_time=local_time)  # fmt: skip
