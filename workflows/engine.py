"""Runs one workflow definition on any subject that has a ``status`` attribute.

One ``transitions`` Machine per definition, shared by every subject and never registered with
them: a machine per row costs 15-125 KiB, and ``auto_transitions`` would add ``to_<state>``
methods that skip every guard. Guards run before the machine moves, so a refused action changes
nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from transitions import Machine

from workflows.definition_checks import validate_definition
from workflows.effects import NO_EFFECTS, Effects
from workflows.errors import ActionBlocked, ActionForbidden, ActionNotAvailable, UnknownAction
from workflows.guards import Check, Guard
from workflows.model import Actor, Blocker, Definition, TransitionSpec


@dataclass(frozen=True)
class ActionOption:
    """An action the actor could take now, with what still blocks it."""

    action: str
    label: str
    dest: str
    reason_required: bool
    blockers: tuple[Blocker, ...]
    effects: Effects = NO_EFFECTS

    @property
    def allowed(self) -> bool:
        """True when nothing blocks the action."""
        return not self.blockers

    def as_dict(self) -> dict[str, Any]:
        """The option as the JSON object the API returns."""
        return {
            "action": self.action,
            "label": self.label,
            "to": self.dest,
            "reason_required": self.reason_required,
            "allowed": self.allowed,
            "blockers": [b.as_dict() for b in self.blockers],
        }


class Engine:
    """The guards and the shared state machine of one definition."""

    def __init__(self, definition: Definition, guards: Mapping[str, Guard]):
        validate_definition(definition, guards)
        self.definition = definition
        self._guards = dict(guards)
        self._machine = Machine(
            model=None,
            states=list(definition.states),
            transitions=[
                {"trigger": t.action, "source": list(t.sources), "dest": t.dest}
                for t in definition.transitions
            ],
            initial=definition.initial,
            auto_transitions=False,
            model_attribute="status",
        )

    def _spec(self, action: str) -> TransitionSpec:
        spec = self.definition.transition(action)
        if spec is None:
            raise UnknownAction(action, self.definition.key)
        return spec

    @staticmethod
    def _access_blockers(spec: TransitionSpec, actor: Actor, facts: Mapping) -> list[Blocker]:
        """Role and firm: who may take the action at all."""
        if actor.role not in spec.roles:
            return [
                Blocker(
                    "role_not_allowed",
                    "actor",
                    f"A user with role '{actor.role}' cannot {spec.action} "
                    f"(allowed: {', '.join(spec.roles)})",
                )
            ]
        if actor.role == "applicant" and actor.firm_id != facts.get("firm_id"):
            return [Blocker("not_own_firm", "actor", "This application belongs to another firm")]
        return []

    def _guard_blockers(self, spec: TransitionSpec, check: Check) -> list[Blocker]:
        blockers: list[Blocker] = []
        for name in spec.guards:
            blockers.extend(self._guards[name](check))
        return blockers

    def options(self, state: str, actor: Actor, facts: Mapping[str, Any]) -> list[ActionOption]:
        """Every action the actor's role could take from ``state``, each with its blockers."""
        check = Check(facts=facts, actor=actor)
        return [
            ActionOption(
                action=spec.action,
                label=spec.label,
                dest=spec.dest,
                reason_required=spec.reason_required,
                blockers=tuple(self._guard_blockers(spec, check)),
                effects=spec.effects,
            )
            for spec in self.definition.transitions
            if state in spec.sources and not self._access_blockers(spec, actor, facts)
        ]

    def require_access(self, action: str, actor: Actor, facts: Mapping[str, Any]) -> TransitionSpec:
        """Raise ActionForbidden unless the actor's role (and firm) may take the action at all.

        Checked before the state, so a caller learns nothing about a record's state from an
        action its role may never take."""
        spec = self._spec(action)
        access = self._access_blockers(spec, actor, facts)
        if access:
            raise ActionForbidden(action, access)
        return spec

    def check(
        self,
        state: str,
        action: str,
        actor: Actor,
        facts: Mapping[str, Any],
        params: Mapping[str, Any] | None = None,
    ) -> TransitionSpec:
        """Raise the first kind of refusal that applies; return the spec when all is clear."""
        spec = self.require_access(action, actor, facts)
        if state not in spec.sources:
            raise ActionNotAvailable(action, state, spec.sources)
        params = params or {}
        blockers = []
        if spec.reason_required and not str(params.get("reason") or "").strip():
            blockers.append(Blocker("reason_required", "reason", f"'{action}' needs a reason"))
        blockers.extend(self._guard_blockers(spec, Check(facts, actor, params)))
        if blockers:
            raise ActionBlocked(action, blockers)
        return spec

    def fire(
        self,
        subject: Any,
        action: str,
        actor: Actor,
        facts: Mapping[str, Any],
        params: Mapping[str, Any] | None = None,
    ) -> tuple[str, str]:
        """Check the action, then move ``subject.status``; return (from_state, to_state)."""
        before = subject.status
        self.check(before, action, actor, facts, params)
        self._machine.events[action].trigger(subject)
        return before, subject.status
