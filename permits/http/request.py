"""Per-request plumbing the API and the pages share: the installation's runtime, the request's
database session and the signed-in actor."""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy.orm import Session

from permits.domain.actors import Principal
from permits.domain.clock import Clock
from permits.services.runtime import Runtime

RUNTIME = "permits.runtime"


def bind_runtime(app: Flask, runtime: Runtime) -> None:
    """Hand the app its runtime and close each request's session when the request ends."""
    app.extensions[RUNTIME] = runtime
    app.teardown_appcontext(close_session)


def runtime_of(app: Flask) -> Runtime:
    """The runtime the composition root built for an app."""
    return app.extensions[RUNTIME]


def runtime() -> Runtime:
    """The runtime of the app serving this request."""
    return runtime_of(current_app)


def clock() -> Clock:
    """The installation's clock: the Ministry's today and time zone."""
    return runtime().clock


def db_session() -> Session:
    """The request's session, opened on first use and closed when the request ends."""
    if "db_session" not in g:
        g.db_session = runtime().database.session()
    return g.db_session


def close_session(_error: BaseException | None = None) -> None:
    """Close the request's session, if one was opened."""
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def set_actor(actor: Principal) -> None:
    """Remember who this request acts for (the request log and the audit of refusals read it)."""
    g.actor = actor


def acting() -> Principal | None:
    """Who this request acts for, once authenticated; None before."""
    return g.get("actor")
