"""``permits audit verify | export | checkpoint``."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from permits.audit.checkpoints import (
    CheckpointFormatError,
    load_public_key,
)
from permits.audit.export import ExportError, verify_export, write_export
from permits.audit.log import as_checkpoint, write_checkpoint
from permits.audit.permit_witness import read_checkpoint_file
from permits.audit.service import verify_audit_log
from permits.cli.context import runtime_from_environment, session_scope
from permits.domain.actors import SystemActor
from permits.services.uow import unit_of_work

FILE = click.Path(exists=True, dir_okay=False, path_type=Path)
AUDITOR = SystemActor(username="cli:auditor", role="auditor")


@click.group()
def audit() -> None:
    """Verify and export the audit log."""


def _key(path: Path | None) -> Ed25519PublicKey | None:
    if path is None:
        return runtime_from_environment().keyring.log_public_key()
    try:
        return load_public_key(path)
    except ValueError as error:
        raise click.ClickException(f"{path.name}: {error}") from None


def _given(paths: tuple[Path, ...]) -> list:
    given = []
    for path in paths:
        try:
            given.append((f"checkpoint {path.name}", read_checkpoint_file(path)))
        except CheckpointFormatError as error:
            raise click.ClickException(f"{path.name}: {error}") from None
    return given


def _verify_export(path: Path, key_path: Path | None) -> None:
    if key_path is None:
        raise click.ClickException("--export needs --root-key, the log's public key")
    key = _key(key_path)
    try:
        with path.open(encoding="utf-8") as lines:
            report = verify_export(lines, key)
    except (ExportError, UnicodeDecodeError) as error:
        raise click.ClickException(f"{path.name}: {error}") from None
    if report.ok:
        click.echo(f"export verified: {report.events} events in a tree of {report.tree_size}")
        return
    click.echo("export NOT verified: " + "; ".join(report.problems[:10]), err=True)
    raise SystemExit(1)


@audit.command("verify")
@click.option(
    "--checkpoint",
    "checkpoints",
    type=FILE,
    multiple=True,
    help="A checkpoint (JSON, or a permit PDF) the log must still match.",
)
@click.option("--export", "export", type=FILE, help="Verify this export offline (no database).")
@click.option("--root-key", type=FILE, help="The log's public key (default: the keys folder).")
def verify(checkpoints: tuple[Path, ...], export: Path | None, root_key: Path | None) -> None:
    """Check the chain, the Merkle tree and every checkpoint; exit 1 naming the first bad event."""
    if export is not None:
        _verify_export(export, root_key)
        return
    given, key = _given(checkpoints), _key(root_key)
    with session_scope() as session:
        report = verify_audit_log(session, AUDITOR, key, given)
    if report.ok:
        signed = "" if key else " (no log key: signatures not checked)"
        click.echo(
            f"audit log intact: {report.events} events, {report.checkpoints} "
            f"checkpoints verified{signed}"
        )
        return
    where = f" at event {report.first_bad_event}" if report.first_bad_event else ""
    click.echo(f"audit log BROKEN{where}: " + "; ".join(report.problems), err=True)
    raise SystemExit(1)


@audit.command("export")
@click.option(
    "--from",
    "start",
    type=click.DateTime(["%Y-%m-%d"]),
    help="First day (the Ministry's time zone).",
)
@click.option(
    "--to", "end", type=click.DateTime(["%Y-%m-%d"]), help="Last day (the Ministry's time zone)."
)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def export_events(start: date | None, end: date | None, file: Path) -> None:
    """Write the events of the period as JSON Lines with proofs and a signed checkpoint."""
    start_day, end_day = (d.date() if d else None for d in (start, end))
    if start_day and end_day and end_day < start_day:
        raise click.ClickException(f"the dates are in the wrong order: {start_day} > {end_day}")
    runtime = runtime_from_environment()
    signer = runtime.log_signer()
    partial = file.with_name(file.name + ".partial")
    try:
        with session_scope(runtime) as session, unit_of_work(session), partial.open("w") as out:
            count = write_export(session, signer, out, start_day, end_day, clock=runtime.clock)
        partial.replace(file)  # only a complete export ever appears under its name
    finally:
        partial.unlink(missing_ok=True)
    click.echo(f"exported {count} events to {file}")


@audit.command("checkpoint")
def checkpoint() -> None:
    """Sign a checkpoint of the log as it stands and print it (JSON)."""
    runtime = runtime_from_environment()
    signer = runtime.log_signer()
    with session_scope(runtime) as session, unit_of_work(session):
        signed = as_checkpoint(write_checkpoint(session, signer))
    click.echo(json.dumps(signed.to_json(), indent=2))
