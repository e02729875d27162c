"""``permits keys init`` and ``permits keys show``."""

from __future__ import annotations

import click

from documents.pki import fingerprint
from permits.cli.context import app_from_environment
from permits.keys import init_keys, keys_folder, load_log_key, load_signing_material


@click.group()
def keys() -> None:
    """Manage the permit signing keys."""


@keys.command("init")
def init() -> None:
    """Create the root CA, issuing CA and signer (ECDSA P-256); existing keys are kept."""
    app = app_from_environment()
    created, material = init_keys(app)
    state = "created" if created else "already present"
    click.echo(f"signing keys {state} in {keys_folder(app)}")
    click.echo(f"root certificate SHA-256: {fingerprint(material.root)}")
    click.echo(f"audit log key: {load_log_key(app).key_id} ({keys_folder(app)}/log_key.pub)")


@keys.command("show")
def show() -> None:
    """Print the root certificate's SHA-256 fingerprint, the signer and the audit log key."""
    app = app_from_environment()
    material = load_signing_material(app)
    click.echo(f"root certificate SHA-256: {fingerprint(material.root)}")
    click.echo(f"root:   {material.root.subject.rfc4514_string()}")
    click.echo(f"signer: {material.certificate.subject.rfc4514_string()} "
               f"(valid until {material.certificate.not_valid_after_utc.date()})")  # fmt: skip
    click.echo(f"audit log key: {load_log_key(app).key_id}")
