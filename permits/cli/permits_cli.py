"""``permits verify FILE.pdf`` and ``permits permits expire``."""

from __future__ import annotations

from pathlib import Path

import click
from cryptography import x509

from documents.pki import ROOT_FILE
from permits.cli.context import runtime_from_environment, session_scope
from permits.migrations import current_revision, head_revision
from permits.services.permits import expire_due_permits
from permits.services.verification import verify_pdf


@click.command("verify")
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--root", "root_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Root certificate (PEM); default: the instance's keys/root.pem.")  # fmt: skip
def verify(pdf: Path, root_file: Path | None) -> None:
    """Check a permit PDF against the root certificate; exit 0 only when it is authentic."""
    runtime = runtime_from_environment()
    path = root_file or runtime.keyring.folder / ROOT_FILE
    if not path.exists():
        raise click.ClickException(f"no root certificate at {path}: pass --root")
    root = x509.load_pem_x509_certificate(path.read_bytes())
    engine = runtime.database.engine
    try:
        online = current_revision(engine) == head_revision(engine)
    except Exception:  # no reachable database: verify offline
        online = False
    if online:
        with runtime.database.scoped() as session:
            verdict = verify_pdf(session, pdf.read_bytes(), root, runtime.clock)
    else:
        verdict = verify_pdf(None, pdf.read_bytes(), root, runtime.clock)
    status = f" ({verdict.status})" if verdict.status else ""
    click.echo(f"{verdict.verdict}{status}: {verdict.permit_number or 'no permit number'}")
    for reason in verdict.reasons:
        click.echo(f"  - {reason}")
    if verdict.verdict != "authentic":
        raise SystemExit(1)


@click.group("permits")
def permits_group() -> None:
    """Manage issued permits."""


@permits_group.command("expire")
def expire() -> None:
    """Expire every permit whose validity has ended (also done on every read)."""
    runtime = runtime_from_environment()
    with session_scope(runtime) as session:
        click.echo(f"{expire_due_permits(session, runtime.clock)} permits expired")
