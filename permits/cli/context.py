"""What every command shares: the installation the assembly hands over, built from the
``PERMITS_*`` environment, and sessions on its migrated database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import click
from flask import Flask
from sqlalchemy.orm import Session

from permits.migrations import current_revision, head_revision
from permits.services.runtime import Runtime


@dataclass(frozen=True)
class Installation:
    """How the command line gets the installation's runtime, and the web app for ``serve``:
    built anew by each command (the environment may differ between two commands run in one
    process, as in the tests)."""

    runtime: Callable[[], Runtime]
    app: Callable[[], tuple[Flask, Runtime]]


def app_and_runtime() -> tuple[Flask, Runtime]:
    """The app configured from the environment, as ``permits serve`` runs it, and its runtime."""
    return _installation().app()


def runtime_from_environment() -> Runtime:
    """The runtime configured from the environment."""
    return _installation().runtime()


def _installation() -> Installation:
    installation = click.get_current_context().find_object(Installation)
    if installation is None:
        raise click.ClickException("the command line was started without an installation")
    return installation


def require_migrated(runtime: Runtime) -> None:
    """Stop with a one-line hint when the database is not at the code's revision."""
    engine = runtime.database.engine
    current, head = current_revision(engine), head_revision(engine)
    if current != head:
        raise click.ClickException(
            f"the database is at revision {current or 'none'}, the code needs {head}: "
            "run 'permits init' first"
        )


@contextmanager
def session_scope(runtime: Runtime | None = None) -> Iterator[Session]:
    """A session on the migrated database of the environment's runtime (or the one given)."""
    runtime = runtime or runtime_from_environment()
    require_migrated(runtime)
    try:
        with runtime.database.scoped() as session:
            yield session
    finally:
        runtime.database.dispose()
