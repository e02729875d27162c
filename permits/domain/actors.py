"""Who acts: a signed-in user, or the system itself (CLI operators, scheduled jobs)."""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from typing import Protocol

from workflows import Actor

# Ministry staff: every role but applicants; any of them may use a second factor, and
# PERMITS_SECOND_FACTOR_ROLES may require it of some.
STAFF_ROLES = ("officer", "approver", "customs", "auditor", "admin")


class Principal(Protocol):
    """What the services need to know about whoever acts."""

    id: int | None
    username: str
    role: str
    firm_id: int | None
    is_head: bool


@dataclass(frozen=True)
class SystemActor:
    """An operator at the command line, acting with admin rights; audited by OS user name."""

    username: str
    id: int | None = None
    role: str = "admin"
    firm_id: int | None = None
    is_head: bool = False


@dataclass(frozen=True)
class ActorSnapshot:
    """A principal's identity copied out of its session (for work spanning many sessions)."""

    id: int | None
    username: str
    role: str
    firm_id: int | None = None
    is_head: bool = False

    @classmethod
    def of(cls, principal: Principal) -> ActorSnapshot:
        """Copy the identity of a user or any other principal."""
        return cls(principal.id, principal.username, principal.role, principal.firm_id,
                   bool(principal.is_head))  # fmt: skip


def cli_actor() -> SystemActor:
    """The actor for a CLI command: ``cli:<operating-system user>``."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = "unknown"
    return SystemActor(username=f"cli:{name}")


def as_workflow_actor(principal: Principal) -> Actor:
    """The engine's view of a principal."""
    return Actor(
        id=principal.id,
        role=principal.role,
        firm_id=principal.firm_id,
        is_head=bool(principal.is_head),
        username=principal.username,
    )
