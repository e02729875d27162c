"""Checks a definition when it is loaded, so a malformed workflow never reaches run time."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from workflows.errors import DefinitionError
from workflows.model import ROLES, Definition


def _problems(definition: Definition, guards: Mapping[str, Any]) -> list[str]:
    states = set(definition.states)
    problems = []
    if len(states) != len(definition.states):
        problems.append("duplicate state names")
    if definition.initial not in states:
        problems.append(f"initial state '{definition.initial}' is not a state")
    problems += [f"final state '{s}' is not a state" for s in definition.final if s not in states]
    if len(set(definition.actions)) != len(definition.actions):
        problems.append("duplicate action names")
    for t in definition.transitions:
        problems += [
            f"{t.action}: unknown state '{s}'" for s in (*t.sources, t.dest) if s not in states
        ]
        problems += [
            f"{t.action}: leaves final state '{s}'" for s in t.sources if s in definition.final
        ]
        problems += [f"{t.action}: unknown role '{r}'" for r in t.roles if r not in ROLES]
        problems += [f"{t.action}: unknown guard '{g}'" for g in t.guards if g not in guards]
        if not t.roles:
            problems.append(f"{t.action}: no role may take it")
    return problems + _graph_problems(definition)


def _graph_problems(definition: Definition) -> list[str]:
    """Every state is reachable from the initial one, and every non-final state can move on."""
    reached, frontier = {definition.initial}, [definition.initial]
    while frontier:
        state = frontier.pop()
        for t in definition.transitions:
            if state in t.sources and t.dest not in reached:
                reached.add(t.dest)
                frontier.append(t.dest)
    problems = [f"state '{s}' cannot be reached" for s in definition.states if s not in reached]
    leaving = {s for t in definition.transitions for s in t.sources}
    problems += [
        f"state '{s}' is a dead end but not final"
        for s in definition.states
        if s not in leaving and s not in definition.final
    ]
    return problems


def validate_definition(definition: Definition, guards: Mapping[str, Any]) -> None:
    """Raise DefinitionError listing every problem of a definition, or return None."""
    problems = _problems(definition, guards)
    if problems:
        raise DefinitionError(f"workflow {definition.key}: " + "; ".join(problems))
