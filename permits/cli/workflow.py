"""``permits workflow diagram``."""

from __future__ import annotations

import click

import workflows
from workflows.definitions import PERMIT_TYPES
from workflows.diagram import mermaid


@click.group()
def workflow() -> None:
    """Inspect the workflow definitions."""


@workflow.command("diagram")
@click.option("--type", "permit_type", required=True, type=click.Choice(PERMIT_TYPES))
@click.option("--version", type=int, help="Definition version (default: the newest).")
def diagram(permit_type: str, version: int | None) -> None:
    """Print the mermaid state diagram of an application workflow."""
    name = f"application.{permit_type}"
    engine = workflows.REGISTRY.engine(name, version or workflows.latest_version(name))
    click.echo(mermaid(engine.definition), nl=False)
