"""The value types of the workflow engine: actors, blockers, transition specs, definitions."""

from __future__ import annotations

from dataclasses import dataclass, field

from workflows.effects import NO_EFFECTS, Effects

ROLES = ("applicant", "officer", "approver", "customs", "auditor", "admin", "system")
# "system" is the engine itself acting on a schedule or a rule (expiry, exhaustion).


@dataclass(frozen=True)
class Actor:
    """Who is acting, as the engine sees them: no ORM, no session."""

    id: int | None
    role: str
    firm_id: int | None = None
    is_head: bool = False
    username: str = ""


@dataclass(frozen=True)
class Blocker:
    """One reason an action cannot be taken, with a stable code and the item it concerns."""

    code: str
    item: str | None
    message: str

    def as_dict(self) -> dict[str, str | None]:
        """The blocker as the JSON object the API returns."""
        return {"code": self.code, "item": self.item, "message": self.message}


@dataclass(frozen=True)
class TransitionSpec:
    """One action: from which states, to which state, who may take it, what must hold."""

    action: str
    sources: tuple[str, ...]
    dest: str
    roles: tuple[str, ...]
    guards: tuple[str, ...] = ()
    reason_required: bool = False
    label: str = ""
    effects: Effects = NO_EFFECTS


@dataclass(frozen=True)
class Definition:
    """A versioned workflow: its states, initial and final states, and transitions."""

    name: str
    version: int
    states: tuple[str, ...]
    initial: str
    final: tuple[str, ...]
    transitions: tuple[TransitionSpec, ...]
    description: str = ""
    _by_action: dict[str, TransitionSpec] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_action.update({t.action: t for t in self.transitions})

    @property
    def key(self) -> str:
        """The definition's name and version, e.g. ``application.import@1``."""
        return f"{self.name}@{self.version}"

    @property
    def actions(self) -> tuple[str, ...]:
        """Every action name of the definition, in declaration order."""
        return tuple(t.action for t in self.transitions)

    def transition(self, action: str) -> TransitionSpec | None:
        """The spec of one action, or None when the definition has no such action."""
        return self._by_action.get(action)
