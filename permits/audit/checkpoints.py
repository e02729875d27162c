"""Signed checkpoints of the audit log: size, root and time, signed with the log's Ed25519 key.

The signed text is four lines: the log's name, the tree size, the root hash (hex) and the
time. A checkpoint travels as JSON (files, exports) and is printed on every permit.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from documents.pki import replace_file

LOG_NAME = "permits audit log"
LOG_KEY_FILE, LOG_PUBLIC_FILE = "log_key.pem", "log_key.pub"


@dataclass(frozen=True)
class Checkpoint:
    """A statement that the log had ``tree_size`` events with this root at ``issued_at``."""

    tree_size: int
    root_hash: str
    issued_at: str
    key_id: str
    signature: str  # base64

    def body(self) -> bytes:
        """The exact bytes the signature covers."""
        return signed_body(self.tree_size, self.root_hash, self.issued_at)

    def to_json(self) -> dict[str, Any]:
        """The checkpoint as a JSON object, with the log's name."""
        return {"log": LOG_NAME, **asdict(self)}


def signed_body(tree_size: int, root_hash: str, issued_at: str) -> bytes:
    """The text a checkpoint's signature covers."""
    return f"{LOG_NAME}\n{tree_size}\n{root_hash}\n{issued_at}\n".encode()


def key_id(public_key: Ed25519PublicKey) -> str:
    """A short name of a log key: the first 8 bytes of the SHA-256 of its raw bytes, hex."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


class LogSigner:
    """Signs checkpoints with the log's private key."""

    def __init__(self, private_key: Ed25519PrivateKey):
        self._key = private_key
        self.key_id = key_id(private_key.public_key())

    def sign(self, tree_size: int, root_hash: str, issued_at: str) -> Checkpoint:
        """A signed checkpoint of the given tree."""
        signature = self._key.sign(signed_body(tree_size, root_hash, issued_at))
        return Checkpoint(
            tree_size, root_hash, issued_at, self.key_id, base64.b64encode(signature).decode()
        )


def signature_valid(checkpoint: Checkpoint, public_key: Ed25519PublicKey) -> bool:
    """Whether the log key signed exactly this checkpoint."""
    if checkpoint.key_id != key_id(public_key):
        return False
    try:
        public_key.verify(base64.b64decode(checkpoint.signature, validate=True), checkpoint.body())
    except (InvalidSignature, ValueError):
        return False
    return True


class CheckpointFormatError(ValueError):
    """A checkpoint file or object that is not a checkpoint."""


def checkpoint_from_json(data: Any) -> Checkpoint:
    """A checkpoint from its JSON object; CheckpointFormatError naming what is wrong."""
    if not isinstance(data, dict) or data.get("log") != LOG_NAME:
        raise CheckpointFormatError(f'not a checkpoint of the "{LOG_NAME}"')
    try:
        size, root = data["tree_size"], data["root_hash"]
        fields = (data["issued_at"], data["key_id"], data["signature"])
    except KeyError as missing:
        raise CheckpointFormatError(f"the checkpoint has no {missing.args[0]}") from None
    if not isinstance(size, int) or size < 0:
        raise CheckpointFormatError("tree_size must be a whole number")
    if not (
        isinstance(root, str) and len(root) == 64 and all(c in "0123456789abcdef" for c in root)
    ):
        raise CheckpointFormatError("root_hash must be 64 lower-case hex digits")
    if not all(isinstance(f, str) for f in fields):
        raise CheckpointFormatError("issued_at, key_id and signature must be text")
    return Checkpoint(size, root, *fields)


def create_log_key(folder: Path, passphrase: bytes) -> LogSigner:
    """Create the log's Ed25519 key pair: the private key encrypted, the public key beside it."""
    key = Ed25519PrivateKey.generate()
    folder.mkdir(parents=True, exist_ok=True)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase),
    )
    (folder / LOG_KEY_FILE).write_bytes(private)
    (folder / LOG_KEY_FILE).chmod(0o600)
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    (folder / LOG_PUBLIC_FILE).write_bytes(public)
    return LogSigner(key)


def load_log_signer(folder: Path, passphrase: bytes) -> LogSigner:
    """The log's signer (ValueError for a wrong passphrase, FileNotFoundError if absent)."""
    key = serialization.load_pem_private_key((folder / LOG_KEY_FILE).read_bytes(), passphrase)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{LOG_KEY_FILE} is not an Ed25519 key")
    return LogSigner(key)


def reencrypt_log_key(folder: Path, old: bytes, new: bytes) -> None:
    """Encrypt the log's private key under a new passphrase (ValueError if ``old`` is wrong)."""
    key = serialization.load_pem_private_key((folder / LOG_KEY_FILE).read_bytes(), old)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{LOG_KEY_FILE} is not an Ed25519 key")
    replace_file(
        folder / LOG_KEY_FILE,
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(new),
        ),
    )


def load_public_key(path: Path) -> Ed25519PublicKey:
    """A log public key from a PEM file (ValueError if it is not an Ed25519 public key)."""
    key = serialization.load_pem_public_key(path.read_bytes())
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError(f"{path.name} is not an Ed25519 public key")
    return key
