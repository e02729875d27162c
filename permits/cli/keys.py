"""``permits keys init`` and ``permits keys show``."""

from __future__ import annotations

import click

from documents.pki import fingerprint
from permits.cli.context import runtime_from_environment


@click.group()
def keys() -> None:
    """Manage the permit signing keys."""


@keys.command("init")
def init() -> None:
    """Create the root CA, issuing CA and signer (ECDSA P-256); existing keys are kept."""
    keyring = runtime_from_environment().keyring
    created, material = keyring.init()
    state = "created" if created else "already present"
    click.echo(f"signing keys {state} in {keyring.folder}")
    click.echo(f"root certificate SHA-256: {fingerprint(material.root)}")
    click.echo(f"audit log key: {keyring.log_signer().key_id} ({keyring.folder}/log_key.pub)")


@keys.command("show")
def show() -> None:
    """Print the root certificate's SHA-256 fingerprint, the signer and the audit log key."""
    keyring = runtime_from_environment().keyring
    material = keyring.signing_material()
    click.echo(f"root certificate SHA-256: {fingerprint(material.root)}")
    click.echo(f"root:   {material.root.subject.rfc4514_string()}")
    click.echo(f"signer: {material.certificate.subject.rfc4514_string()} "
               f"(valid until {material.certificate.not_valid_after_utc.date()})")  # fmt: skip
    click.echo(f"audit log key: {keyring.log_signer().key_id}")
