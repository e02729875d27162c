"""What the services need from the installation, built once by the composition root.

``permits.assembly.create_app`` builds one ``Runtime`` from the settings and hands it (or the
part a service needs) to the services through the API, the pages and the command line. Tests
build the same object with fakes: an in-memory store, a fixed clock, a fake signer.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from permits.domain.clock import Clock
from permits.models.database import Database
from permits.services.documents import Intake
from permits.services.issuance import PermitIssuer
from permits.services.keyring import Keyring
from permits.services.policy import Policy


@dataclass(frozen=True)
class Runtime:
    """The settings, database, rule policy, keys, document intake, clock and permit issuer."""

    settings: Mapping[str, Any]
    database: Database
    policy: Policy
    keyring: Keyring
    intake: Intake
    clock: Clock
    load_issuer: Callable[[], PermitIssuer] = field(repr=False)
    _loaded: dict[str, PermitIssuer] = field(default_factory=dict, repr=False, compare=False)

    def with_issuer(self, load_issuer: Callable[[], PermitIssuer]) -> Runtime:
        """The same installation issuing through another issuer (a test's broken signer)."""
        return dataclasses.replace(self, load_issuer=load_issuer, _loaded={})

    def issuer(self) -> PermitIssuer:
        """The permit issuer, its signing key opened on first use (approvals, signed reports)."""
        if "issuer" not in self._loaded:
            self._loaded["issuer"] = self.load_issuer()
        return self._loaded["issuer"]
