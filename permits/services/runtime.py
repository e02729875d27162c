"""What the services need from the installation, built once by the composition root.

``permits.assembly.app.create_app`` builds one ``Runtime`` from the settings and hands it (or
the part a service needs) to the services through the API, the pages and the command line.
Tests build the same object with other parts: an in-memory store, a fixed clock, a fake signer.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from permits.audit.checkpoints import LogSigner
from permits.domain.clock import Clock
from permits.domain.errors import DomainError
from permits.models.database import Database
from permits.services.documents import Intake
from permits.services.issuance import PermitIssuer
from permits.services.keyring import Keyring
from permits.services.policy import Policy

logger = logging.getLogger("permits.runtime")


@dataclass(frozen=True)
class Runtime:
    """The settings, database, rule policy, keys, document intake, clock and permit issuer.

    The keys are opened on first use (an approval, a checkpoint), once per runtime.
    """

    settings: Mapping[str, Any]
    database: Database
    policy: Policy
    keyring: Keyring
    intake: Intake
    clock: Clock
    load_issuer: Callable[[Runtime], PermitIssuer] = field(repr=False)
    _opened: dict[str, Any] = field(init=False, repr=False, compare=False)
    _lock: threading.RLock = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # A copy made with dataclasses.replace opens its own keys: it may sign elsewhere.
        object.__setattr__(self, "_opened", {})
        object.__setattr__(self, "_lock", threading.RLock())

    def _once(self, name: str, open_it: Callable[[], Any]) -> Any:
        with self._lock:
            if name not in self._opened:
                self._opened[name] = open_it()
            return self._opened[name]

    def issuer(self) -> PermitIssuer:
        """The permit issuer, its signing key opened on first use (approvals, signed reports)."""
        return self._once("issuer", lambda: self.load_issuer(self))

    def log_signer(self) -> LogSigner:
        """The audit log's checkpoint signer (NotFound or InvalidInput when it cannot open)."""
        return self._once("log_signer", self.keyring.log_signer)

    def optional_log_signer(self) -> LogSigner | None:
        """The log signer, or None when the instance has no usable log key (no periodic
        checkpoints then; approvals still need the key and say so)."""
        return self._once("optional_log_signer", self._try_log_signer)

    def _try_log_signer(self) -> LogSigner | None:
        try:
            return self.log_signer()
        except DomainError as missing:
            logger.warning("periodic audit log checkpoints are off: %s", missing.message)
            return None

    def with_issuer(self, load_issuer: Callable[[Runtime], PermitIssuer]) -> Runtime:
        """The same installation issuing through another issuer (a test's broken signer)."""
        return dataclasses.replace(self, load_issuer=load_issuer)
