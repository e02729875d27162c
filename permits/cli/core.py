"""``permits init``, ``permits serve`` and ``permits demo``."""

from __future__ import annotations

import logging

import click

from permits.cli.context import (
    app_and_runtime,
    require_migrated,
    runtime_from_environment,
    session_scope,
)
from permits.migrations import current_revision, head_revision, upgrade
from permits.services.demo_data import load_demo


@click.command()
def init() -> None:
    """Create the database, or migrate an older one to the current schema, keeping all data."""
    runtime = runtime_from_environment()
    engine = runtime.database.engine
    before = current_revision(engine)
    upgrade(engine)
    after = current_revision(engine)
    runtime.database.dispose()
    if before == after:
        click.echo(f"database already at revision {after}")
    else:
        click.echo(
            f"database migrated from {before or 'empty'} to {after} ({head_revision(engine)})"
        )
    if not (runtime.settings["SIGNING_PASSPHRASE"] and runtime.settings["LOG_KEY_PASSPHRASE"]):
        click.echo("signing keys: set PERMITS_SIGNING_PASSPHRASE and PERMITS_LOG_KEY_PASSPHRASE, "
                   "then run 'permits keys init'")  # fmt: skip
        return
    created, _ = runtime.keyring.init()
    state = "created" if created else "already present"
    click.echo(f"signing keys {state} in {runtime.keyring.folder}")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 256))
def serve(host: str, port: int, threads: int) -> None:
    """Serve the app with waitress, a production WSGI server."""
    from waitress import serve as waitress_serve

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    app, runtime = app_and_runtime()
    require_migrated(runtime)
    click.echo(f"serving on http://{host}:{port}/ (Ctrl+C to stop)")
    waitress_serve(app, host=host, port=port, threads=threads, ident="permits")


@click.command()
def demo() -> None:
    """Load a sample firm, one user of every role and applications in several states."""
    runtime = runtime_from_environment()
    with session_scope(runtime) as session:
        report = load_demo(session, runtime)
    click.echo(report)
