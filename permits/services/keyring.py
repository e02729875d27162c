"""The instance's keys: where they live and how the passphrases open them.

One ``Keyring`` per installation, built by the composition root from the settings; the API, the
pages and the command line reach the keys only through it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from documents.pki import (
    ROOT_FILE,
    SigningMaterial,
    create_keys,
    keys_exist,
    load_keys,
    reencrypt_signer,
)
from permits.audit.checkpoints import (
    LOG_KEY_FILE,
    LOG_PUBLIC_FILE,
    LogSigner,
    create_log_key,
    load_log_signer,
    load_public_key,
    reencrypt_log_key,
)
from permits.domain import errors
from permits.services.second_factor_keys import KEY_FILE as SECOND_FACTOR_KEY_FILE
from permits.services.second_factor_keys import SecondFactorKeys

MIN_PASSPHRASE = 12


SIGNING, LOG = "PERMITS_SIGNING_PASSPHRASE", "PERMITS_LOG_KEY_PASSPHRASE"


def checked_passphrase(setting: str, value: str) -> bytes:
    """The passphrase as bytes, or InvalidInput naming the setting when it is too short."""
    if len(value) < MIN_PASSPHRASE:
        raise errors.InvalidInput({setting: [
            f"Set a passphrase of at least {MIN_PASSPHRASE} characters to protect the key."
        ]})  # fmt: skip
    return value.encode()


@dataclass(frozen=True)
class Keyring:
    """The keys folder and the passphrases that open its private keys: one for the permit
    signer, another for the audit log's key, so neither opens the other."""

    folder: Path
    passphrase: str = ""
    log_passphrase: str = ""

    def _passphrase(self) -> bytes:
        return checked_passphrase(SIGNING, self.passphrase)

    def _log_passphrase(self) -> bytes:
        return checked_passphrase(LOG, self.log_passphrase)

    def init(self) -> tuple[bool, SigningMaterial]:
        """Create the root CA, issuing CA, signer and log key unless they exist; never replace."""
        signing, log = self._passphrase(), self._log_passphrase()
        if not (self.folder / LOG_KEY_FILE).exists():
            if log == signing:
                raise errors.InvalidInput({LOG: ["It must differ from the signing passphrase."]})
            create_log_key(self.folder, log)
        self.second_factor_keys()._keys()  # created now, so backups of the folder include it
        if keys_exist(self.folder):
            return False, self.signing_material()
        return True, create_keys(self.folder, signing)

    def second_factor_keys(self) -> SecondFactorKeys:
        """The key file that encrypts staff authenticator secrets."""
        return SecondFactorKeys(self.folder / SECOND_FACTOR_KEY_FILE)

    def change_passphrase(self, which: str, new: str) -> None:
        """Re-encrypt the signer (``signing``) or the log key (``log``) under a new passphrase,
        opened with the current one; the new one must differ from the other key's."""
        setting, other = (SIGNING, self.log_passphrase) if which == "signing" else (
            LOG, self.passphrase)  # fmt: skip
        current = self._passphrase() if which == "signing" else self._log_passphrase()
        fresh = checked_passphrase(f"new {setting}", new)
        if new == other or fresh == current:
            raise errors.InvalidInput({f"new {setting}": [
                "It must differ from the current passphrase and from the other key's."
            ]})  # fmt: skip
        reencrypt = reencrypt_signer if which == "signing" else reencrypt_log_key
        try:
            reencrypt(self.folder, current, fresh)
        except ValueError:
            raise errors.InvalidInput({setting: ["It does not open the key."]}) from None

    def signing_material(self) -> SigningMaterial:
        """The signer and its chain, decrypted with the passphrase."""
        if not keys_exist(self.folder):
            raise errors.NotFound(f"No signing keys in {self.folder}: run 'permits keys init'")
        try:
            return load_keys(self.folder, self._passphrase())
        except ValueError:
            raise errors.InvalidInput({SIGNING: ["It does not open the signing key."]}) from None

    def log_signer(self) -> LogSigner:
        """The audit log's checkpoint signer, decrypted with the passphrase."""
        if not (self.folder / LOG_KEY_FILE).exists():
            raise errors.NotFound(f"No audit log key in {self.folder}: run 'permits keys init'")
        try:
            return load_log_signer(self.folder, self._log_passphrase())
        except ValueError:
            raise errors.InvalidInput({LOG: ["It does not open the audit log key."]}) from None

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
