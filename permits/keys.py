"""The instance's signing keys: where they live and how the passphrase reaches them."""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from flask import Flask

from documents.pki import SigningMaterial, create_keys, keys_exist, load_keys
from permits import errors
from permits.transparency.checkpoints import (
    LOG_KEY_FILE,
    LOG_PUBLIC_FILE,
    LogSigner,
    create_log_key,
    load_log_signer,
    load_public_key,
)

MIN_PASSPHRASE = 12


def keys_folder(app: Flask) -> Path:
    """``<instance>/keys`` unless ``PERMITS_KEYS_PATH`` says otherwise."""
    return Path(app.config.get("KEYS_PATH") or Path(app.config["INSTANCE_PATH"]) / "keys")


def _passphrase(app: Flask) -> bytes:
    passphrase = app.config.get("SIGNING_PASSPHRASE") or ""
    if len(passphrase) < MIN_PASSPHRASE:
        raise errors.InvalidInput({"PERMITS_SIGNING_PASSPHRASE": [
            f"Set a passphrase of at least {MIN_PASSPHRASE} characters to protect the signing key."
        ]})  # fmt: skip
    return passphrase.encode()


def init_keys(app: Flask) -> tuple[bool, SigningMaterial]:
    """Create the root CA, issuing CA and signer unless they exist; never overwrite them."""
    folder = keys_folder(app)
    if not (folder / LOG_KEY_FILE).exists():
        create_log_key(folder, _passphrase(app))
    if keys_exist(folder):
        return False, load_signing_material(app)
    return True, create_keys(folder, _passphrase(app))


def load_signing_material(app: Flask) -> SigningMaterial:
    """The signer and its chain, decrypted with the configured passphrase."""
    folder = keys_folder(app)
    if not keys_exist(folder):
        raise errors.NotFound(f"No signing keys in {folder}: run 'permits keys init'")
    try:
        return load_keys(folder, _passphrase(app))
    except ValueError:
        raise errors.InvalidInput(
            {"PERMITS_SIGNING_PASSPHRASE": ["It does not open the signing key."]}
        ) from None


def load_log_key(app: Flask) -> LogSigner:
    """The audit log's checkpoint signer, decrypted with the configured passphrase."""
    folder = keys_folder(app)
    if not (folder / LOG_KEY_FILE).exists():
        raise errors.NotFound(f"No audit log key in {folder}: run 'permits keys init'")
    try:
        return load_log_signer(folder, _passphrase(app))
    except ValueError:
        raise errors.InvalidInput(
            {"PERMITS_SIGNING_PASSPHRASE": ["It does not open the audit log key."]}
        ) from None


def log_public_key(app: Flask) -> Ed25519PublicKey | None:
    """The audit log's public key from the keys folder (no passphrase needed); None if absent."""
    path = keys_folder(app) / LOG_PUBLIC_FILE
    return load_public_key(path) if path.exists() else None
