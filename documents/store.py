"""Content-addressed storage: files are kept under their SHA-256, never under a user's name,
and never overwritten."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Protocol


class DocumentStore(Protocol):
    """Where document bytes live: a local folder now, an S3-compatible store for many nodes."""

    def put(self, data: bytes) -> str:
        """Store the bytes (idempotently); return their SHA-256 (hex)."""
        ...

    def get(self, sha256: str) -> bytes:
        """The bytes stored under a SHA-256; KeyError when absent."""
        ...

    def exists(self, sha256: str) -> bool:
        """True when bytes are stored under the SHA-256."""
        ...


def sha256_of(data: bytes) -> str:
    """The SHA-256 (hex) of the bytes."""
    return hashlib.sha256(data).hexdigest()


class LocalDocumentStore:
    """A folder: ``<root>/ab/cd/<sha256>``, written atomically, read back verified."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def _path(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise KeyError(sha256)
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put(self, data: bytes) -> str:
        """Store the bytes once; a second put of the same bytes changes nothing."""
        digest = sha256_of(data)
        path = self._path(digest)
        if path.exists():
            return digest
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.chmod(tmp.name, 0o440)
        os.replace(tmp.name, path)
        return digest

    def get(self, sha256: str) -> bytes:
        """The stored bytes, checked against their address (a changed file is an error)."""
        path = self._path(sha256)
        if not path.exists():
            raise KeyError(sha256)
        data = path.read_bytes()
        if sha256_of(data) != sha256:
            raise OSError(f"stored file {sha256} does not match its hash")
        return data

    def exists(self, sha256: str) -> bool:
        """True when the file is stored."""
        try:
            return self._path(sha256).exists()
        except KeyError:
            return False
