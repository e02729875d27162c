"""``permits documents rescan``."""

from __future__ import annotations

import click

from permits.cli.context import runtime_from_environment, session_scope
from permits.domain.actors import cli_actor
from permits.services.documents import rescan_pending


@click.group()
def documents() -> None:
    """Manage uploaded documents."""


@documents.command("rescan")
def rescan() -> None:
    """Scan again the documents clamd could not check at upload (they block submission)."""
    runtime = runtime_from_environment()
    with session_scope(runtime) as session:
        counts = rescan_pending(session, cli_actor(), runtime.intake)
    click.echo(f"rescanned: {counts['clean']} clean, {counts['infected']} infected "
               f"(quarantined), {counts['error']} still unreachable")  # fmt: skip
    if counts["error"]:
        raise SystemExit(1)
