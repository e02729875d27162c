"""``permits audit verify``."""

from __future__ import annotations

import click

from permits.audit import verify_chain
from permits.cli.context import session_scope


@click.group()
def audit() -> None:
    """Inspect the audit log."""


@audit.command("verify")
def verify() -> None:
    """Recompute the hash chain; exit 1 naming the first bad event if any row was tampered with."""
    with session_scope() as session:
        report = verify_chain(session)
    if report.ok:
        click.echo(f"audit chain intact: {report.events} events verified")
        return
    click.echo(
        f"audit chain BROKEN at event {report.first_bad_event}: {report.problem} "
        f"({report.events} events verified before it)",
        err=True,
    )
    raise SystemExit(1)
