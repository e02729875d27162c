"""``permits report annual``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from permits.cli.context import runtime_from_environment, session_scope
from permits.domain.actors import SystemActor
from permits.services.report_formats import report_csv, report_pdf
from permits.services.reports import annual_report

AUDITOR = SystemActor(username="cli:auditor", role="auditor")


@click.group()
def report() -> None:
    """Statistics for the Ministry's reports."""


@report.command("annual")
@click.option("--year", type=int, required=True)
@click.option("--format", "kind", type=click.Choice(["json", "csv", "pdf"]), default="json")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write here (a PDF needs a file).",
)
def annual(year: int, kind: str, output: Path | None) -> None:
    """The annual report: received, issued, refused by ground, quantities, timings."""
    if kind == "pdf" and output is None:
        raise click.ClickException("a PDF report needs --output FILE")
    runtime = runtime_from_environment()
    with session_scope(runtime) as session:
        figures = annual_report(session, AUDITOR, year, runtime.clock)
    if kind == "pdf":
        issuer = runtime.issuer()
        signed = report_pdf(figures, issuer.signer, "Ministry of Internal Affairs", runtime.clock)
        output.write_bytes(signed)
        click.echo(f"signed annual report {year} written to {output}")
        return
    text = report_csv(figures) if kind == "csv" else json.dumps(figures, indent=2, default=str)
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        output.write_text(text)
        click.echo(f"annual report {year} written to {output}")
