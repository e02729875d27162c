"""Fakes for the parts of the runtime that are slow or outside the process: an in-memory
document store, a clock that stands still, a signer that marks instead of signing."""

from __future__ import annotations

from datetime import UTC, datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from documents.store import sha256_of
from permits.audit.checkpoints import LogSigner
from permits.domain.clock import DEFAULT_TIMEZONE, Clock
from permits.services.issuance import PermitIssuer

FAKE_SIGNATURE = b"\n%% signed for tests by "


class InMemoryStore:
    """A content-addressed store in a dict."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def put(self, data: bytes) -> str:
        """Keep the bytes under their SHA-256."""
        digest = sha256_of(data)
        self.files.setdefault(digest, bytes(data))
        return digest

    def get(self, sha256: str) -> bytes:
        """The bytes under a SHA-256; KeyError when absent."""
        return self.files[sha256]

    def exists(self, sha256: str) -> bool:
        """Whether bytes are kept under the SHA-256."""
        return sha256 in self.files


class FixedClock(Clock):
    """A clock that always says the same instant (in the Ministry's zone unless told)."""

    def __init__(self, moment: datetime, zone: str = DEFAULT_TIMEZONE):
        super().__init__(zone)
        self.moment = moment.astimezone(UTC)

    def now(self) -> datetime:
        """The fixed instant."""
        return self.moment


class FakeSigner:
    """Appends a marker naming the approver and the moment instead of a PAdES signature."""

    def __init__(self) -> None:
        self.signed: list[tuple[str, datetime]] = []

    def sign(self, pdf: bytes, approver: str, moment: datetime, location: str = "",
             reason: str = "") -> bytes:  # fmt: skip
        """The PDF with the marker."""
        self.signed.append((approver, moment))
        return pdf + FAKE_SIGNATURE + f"{approver} at {moment.isoformat()}".encode()


def fake_issuer(store: InMemoryStore, signer: FakeSigner) -> PermitIssuer:
    """A permit issuer over the fakes, with a throwaway audit log key."""
    return PermitIssuer(
        signer=signer,
        store=store,
        public_url="https://permits.example",
        validity_days={"import": 180, "export": 180, "transit": 90, "re_export": 180},
        log_signer=LogSigner(Ed25519PrivateKey.generate()),
    )
