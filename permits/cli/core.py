"""``permits init``, ``permits serve`` and ``permits demo``."""

from __future__ import annotations

import ipaddress
import logging
from urllib.parse import urlsplit

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
    require_public_url_served(runtime.settings["PUBLIC_URL"], port)
    require_migrated(runtime)
    click.echo(f"serving on http://{host}:{port}/ (Ctrl+C to stop)")
    waitress_serve(app, host=host, port=port, threads=threads, ident="permits")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def require_public_url_served(public_url: str, port: int) -> None:
    """Refuse to serve when the verification links would point to another local port: QR codes
    and links printed on permits name ``PERMITS_PUBLIC_URL``, and on this machine nothing else
    would answer them. A public address (behind a proxy) is not checked."""
    url = urlsplit(public_url)
    host = url.hostname or ""
    linked = url.port or (443 if url.scheme == "https" else 80)
    if _is_loopback(host) and linked != port:
        named = f"[{host}]" if ":" in host else host
        raise click.ClickException(
            f"PERMITS_PUBLIC_URL is {public_url}, but this server listens on port {port}: QR "
            f"codes and verification links would point to port {linked}. Set "
            f"PERMITS_PUBLIC_URL={url.scheme}://{named}:{port} (before issuing "
            "permits) or serve on its port."
        )


@click.command()
def demo() -> None:
    """Load a sample firm, one user of every role and applications in several states."""
    runtime = runtime_from_environment()
    with session_scope(runtime) as session:
        report = load_demo(session, runtime)
    click.echo(report)
