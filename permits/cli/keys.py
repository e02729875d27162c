"""``permits keys``: create and show the keys, change their passphrases, rotate the key of
the staff authenticator secrets."""

from __future__ import annotations

import click

from documents.pki import fingerprint
from permits.cli.context import runtime_from_environment, session_scope
from permits.domain.actors import cli_actor
from permits.services.second_factor import rotate_second_factor_key


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
    runtime = runtime_from_environment()
    keyring, clock = runtime.keyring, runtime.clock
    material = keyring.signing_material()
    click.echo(f"root certificate SHA-256: {fingerprint(material.root)}")
    click.echo(f"root:   {material.root.subject.rfc4514_string()}")
    until = clock.stamp(material.certificate.not_valid_after_utc)
    click.echo(f"signer: {material.certificate.subject.rfc4514_string()} (valid until {until})")
    click.echo(f"audit log key: {keyring.log_signer().key_id}")


@keys.command("change-passphrase")
@click.argument("key", type=click.Choice(["signing", "log"]))
@click.option(
    "--new-passphrase", envvar="PERMITS_NEW_PASSPHRASE", prompt=True, hide_input=True,
    confirmation_prompt=True, help="The new passphrase (asked for when not given).",
)  # fmt: skip
def change_passphrase(key: str, new_passphrase: str) -> None:
    """Re-encrypt the permit signer or the audit log key under a new passphrase."""
    keyring = runtime_from_environment().keyring
    keyring.change_passphrase(key, new_passphrase)
    setting = "PERMITS_SIGNING_PASSPHRASE" if key == "signing" else "PERMITS_LOG_KEY_PASSPHRASE"
    click.echo(f"the {key} key is now encrypted under the new passphrase: set {setting} to it "
               "on every node and restart them")  # fmt: skip


@keys.command("rotate-second-factor")
def rotate_second_factor() -> None:
    """Encrypt every staff authenticator secret under a new key (totp.keys in the keys folder)."""
    runtime = runtime_from_environment()
    with session_scope(runtime) as session:
        count = rotate_second_factor_key(session, cli_actor(), runtime.keyring.second_factor_keys())
    click.echo(f"authenticator secrets re-encrypted under a new key: {count}")
