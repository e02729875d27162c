"""The instance's signing keys: where they live and how the passphrase opens them.

One ``Keyring`` per installation, built by the composition root from the settings; the API, the
pages and the command line reach the keys only through it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from documents.pki import ROOT_FILE, SigningMaterial, create_keys, keys_exist, load_keys
from permits.audit.checkpoints import (
    LOG_KEY_FILE,
    LOG_PUBLIC_FILE,
    LogSigner,
    create_log_key,
    load_log_signer,
    load_public_key,
)
from permits.domain import errors

MIN_PASSPHRASE = 12


@dataclass(frozen=True)
class Keyring:
    """The keys folder and the passphrase that opens the private keys in it."""

    folder: Path
    passphrase: str = ""

    def _passphrase(self) -> bytes:
        if len(self.passphrase) < MIN_PASSPHRASE:
            raise errors.InvalidInput({"PERMITS_SIGNING_PASSPHRASE": [
                f"Set a passphrase of at least {MIN_PASSPHRASE} characters to protect the "
                "signing key."
            ]})  # fmt: skip
        return self.passphrase.encode()

    def init(self) -> tuple[bool, SigningMaterial]:
        """Create the root CA, issuing CA, signer and log key unless they exist; never replace."""
        if not (self.folder / LOG_KEY_FILE).exists():
            create_log_key(self.folder, self._passphrase())
        if keys_exist(self.folder):
            return False, self.signing_material()
        return True, create_keys(self.folder, self._passphrase())

    def signing_material(self) -> SigningMaterial:
        """The signer and its chain, decrypted with the passphrase."""
        if not keys_exist(self.folder):
            raise errors.NotFound(f"No signing keys in {self.folder}: run 'permits keys init'")
        try:
            return load_keys(self.folder, self._passphrase())
        except ValueError:
            raise errors.InvalidInput(
                {"PERMITS_SIGNING_PASSPHRASE": ["It does not open the signing key."]}
            ) from None

    def log_signer(self) -> LogSigner:
        """The audit log's checkpoint signer, decrypted with the passphrase."""
        if not (self.folder / LOG_KEY_FILE).exists():
            raise errors.NotFound(f"No audit log key in {self.folder}: run 'permits keys init'")
        try:
            return load_log_signer(self.folder, self._passphrase())
        except ValueError:
            raise errors.InvalidInput(
                {"PERMITS_SIGNING_PASSPHRASE": ["It does not open the audit log key."]}
            ) from None

    def log_public_key(self) -> Ed25519PublicKey | None:
        """The audit log's public key (no passphrase needed); None if absent."""
        path = self.folder / LOG_PUBLIC_FILE
        return load_public_key(path) if path.exists() else None

    def root_pem(self) -> bytes | None:
        """The root certificate every permit chains to, PEM; None before keys were created."""
        path = self.folder / ROOT_FILE
        return path.read_bytes() if path.exists() else None

    def root_certificate(self) -> x509.Certificate:
        """The root certificate (ServiceUnavailable when no keys were ever created)."""
        pem = self.root_pem()
        if pem is None:
            raise errors.ServiceUnavailable("No signing keys exist yet")
        return x509.load_pem_x509_certificate(pem)
