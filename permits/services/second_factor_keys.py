"""The key that encrypts staff authenticator (TOTP) secrets at rest, kept outside the database.

The keys live in ``totp.keys`` in the keys folder, one Fernet key per line, the first the one
that encrypts. A stored secret reads ``fernet:<token>``; a value without the prefix was stored
before encryption existed: it is read as it is and sealed on its next use or at rotation.
Rotation writes the new key first and keeps the old ones until every secret is re-encrypted, so
a process reading the file at any moment can open every stored secret.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from documents.pki import replace_file
from permits.domain import errors

KEY_FILE = "totp.keys"
PREFIX = "fernet:"


@dataclass(frozen=True)
class SecondFactorKeys:
    """The key file; created with one new key the first time a secret is sealed."""

    path: Path

    def _keys(self) -> list[bytes]:
        if not self.path.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            replace_file(self.path, Fernet.generate_key() + b"\n")
        return [line.strip() for line in self.path.read_bytes().splitlines() if line.strip()]

    def _fernet(self) -> MultiFernet:
        return MultiFernet([Fernet(key) for key in self._keys()])

    def seal(self, secret: str) -> str:
        """The secret encrypted under the current key, ready to store."""
        return PREFIX + self._fernet().encrypt(secret.encode()).decode()

    def open(self, stored: str) -> str:
        """The secret a stored value holds (a value from before encryption, as it is)."""
        if not stored.startswith(PREFIX):
            return stored
        try:
            return self._fernet().decrypt(stored.removeprefix(PREFIX).encode()).decode()
        except InvalidToken:
            raise errors.ServiceUnavailable(
                f"An authenticator secret cannot be opened with the keys in {self.path}"
            ) from None

    def is_sealed_with_current_key(self, stored: str) -> bool:
        """True when the stored value is encrypted under the key that encrypts now."""
        if not stored.startswith(PREFIX):
            return False
        try:
            Fernet(self._keys()[0]).decrypt(stored.removeprefix(PREFIX).encode())
        except InvalidToken:
            return False
        return True

    def begin_rotation(self) -> None:
        """Put a new key first, keeping the old ones so every stored secret still opens."""
        replace_file(self.path, b"\n".join([Fernet.generate_key(), *self._keys()]) + b"\n")

    def finish_rotation(self) -> None:
        """Keep only the current key, once every secret has been re-encrypted under it."""
        replace_file(self.path, self._keys()[0] + b"\n")
