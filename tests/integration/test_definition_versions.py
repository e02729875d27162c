"""An application stays on the workflow definition version it started with."""

from __future__ import annotations

import dataclasses

import pytest

import workflows
from permits.domain import errors
from permits.services.applications import available_actions, perform_action
from tests.factories import Cast, application_in, clock, runtime
from workflows.definitions import PERMIT_TYPES, Registry, application_definition

CURRENT = workflows.latest_version("application.import")


def without_request_info(permit_type: str) -> workflows.Definition:
    """A next version in which officers can no longer request information."""
    v1 = application_definition(permit_type, CURRENT)
    kept = tuple(
        dataclasses.replace(t, sources=tuple(s for s in t.sources if s != "info_requested"))
        for t in v1.transitions
        if t.action not in ("request_info", "respond")
    )
    states = tuple(s for s in v1.states if s != "info_requested")
    return dataclasses.replace(
        v1, version=CURRENT + 1, states=states, transitions=kept, _by_action={}
    )


def test_new_applications_take_the_newest_version_and_old_ones_keep_theirs(
    session, db, monkeypatch
):
    cast = Cast()
    old = application_in(session, cast, "under_review")
    registry = Registry(
        [application_definition(t, CURRENT) for t in PERMIT_TYPES]
        + [without_request_info(t) for t in PERMIT_TYPES]
    )
    monkeypatch.setattr(workflows, "REGISTRY", registry)
    monkeypatch.setattr(workflows.definitions, "REGISTRY", registry)

    new = application_in(session, cast, "under_review")
    assert (old.definition_version, new.definition_version) == (CURRENT, CURRENT + 1)
    assert "request_info" not in {
        o.action for o in available_actions(session, cast.officer, new, runtime().policy, clock())
    }
    with pytest.raises(
        errors.NotFound, match=rf"not an action of workflow application\.import@{CURRENT + 1}"
    ):
        perform_action(session, cast.officer, new.id, "request_info", reason="?", runtime=runtime())
    moved = perform_action(
        session, cast.officer, old.id, "request_info", reason="annex?", runtime=runtime()
    )
    assert moved.status == "info_requested"
