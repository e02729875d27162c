"""Definitions are validated when loaded, and diagrams are generated from them."""

from __future__ import annotations

import dataclasses

import pytest

import workflows
from workflows import Definition, DefinitionError, Engine, TransitionSpec
from workflows.definitions import application_definition
from workflows.diagram import mermaid
from workflows.guards import GUARDS

T = TransitionSpec
IMPORT = application_definition("import")


def broken(**changes) -> Definition:
    definition = application_definition("import")
    fields = {f.name: getattr(definition, f.name) for f in dataclasses.fields(definition)}
    fields.pop("_by_action")
    return Definition(**{**fields, **changes})


def with_transition(spec: TransitionSpec) -> Definition:
    return broken(transitions=(*application_definition("import").transitions, spec))


@pytest.mark.parametrize(("definition", "problem"), [
    (broken(initial="nowhere"), "initial state 'nowhere' is not a state"),
    (broken(final=("approved", "lost")), "final state 'lost' is not a state"),
    (with_transition(T("jump", ("draft",), "limbo", ("admin",))), "unknown state 'limbo'"),
    (with_transition(T("undo", ("approved",), "draft", ("admin",))), "leaves final state"),
    (with_transition(T("x", ("draft",), "submitted", ("king",))), "unknown role 'king'"),
    (with_transition(T("y", ("draft",), "submitted", ("admin",), ("luck",))), "unknown guard"),
    (with_transition(T("submit", ("draft",), "submitted", ("admin",))), "duplicate action"),
    (broken(states=(*IMPORT.states, "orphan")), "state 'orphan' cannot be reached"),
])  # fmt: skip
def test_a_malformed_definition_is_refused_when_loaded(definition, problem):
    with pytest.raises(DefinitionError, match=problem):
        Engine(definition, GUARDS)


def test_a_non_final_dead_end_is_refused():
    definition = application_definition("import")
    kept = tuple(t for t in definition.transitions if t.action not in ("approve", "refuse"))
    kept = tuple(
        dataclasses.replace(t, sources=tuple(s for s in t.sources if s != "awaiting_decision"))
        for t in kept
        if set(t.sources) - {"awaiting_decision"}
    )
    with pytest.raises(DefinitionError, match="dead end"):
        Engine(broken(transitions=kept, final=("withdrawn",)), GUARDS)


def test_the_diagram_shows_every_transition_and_highlights_the_current_state():
    definition = workflows.REGISTRY.engine("application.export", 1).definition
    diagram = mermaid(definition, current="under_review")
    assert diagram.startswith("stateDiagram-v2\n    [*] --> draft\n")
    for spec in definition.transitions:
        for source in spec.sources:
            assert f"    {source} --> {spec.dest}: {spec.action}\n" in diagram
    assert "class under_review current" in diagram
    assert "approved --> [*]" in diagram
