"""What every command shares: the app built from the ``PERMITS_*`` environment, and its database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click
from flask import Flask
from sqlalchemy.orm import Session

from permits.app import create_app, get_db
from permits.migrate import current_revision, head_revision


def app_from_environment() -> Flask:
    """The app configured from the environment, as ``permits serve`` would run it."""
    return create_app()


def require_migrated(app: Flask) -> None:
    """Stop with a one-line hint when the database is not at the code's revision."""
    engine = get_db(app).engine
    current, head = current_revision(engine), head_revision(engine)
    if current != head:
        raise click.ClickException(
            f"the database is at revision {current or 'none'}, the code needs {head}: "
            "run 'permits init' first"
        )


@contextmanager
def session_scope() -> Iterator[Session]:
    """A session on the migrated database of the environment's app."""
    app = app_from_environment()
    require_migrated(app)
    db = get_db(app)
    try:
        with db.scoped() as session:
            yield session
    finally:
        db.dispose()
