"""The calm "not yet" blockers and the status families name codes and states that exist."""

from __future__ import annotations

from pathlib import Path

import workflows
from permits.models.permits import PERMIT_STATUSES
from permits.web.tones import NOT_YET, STATUS_FAMILIES, blocker_tone, status_family

ROOT = Path(__file__).resolve().parents[2]


def sources() -> str:
    return "".join(p.read_text() for folder in ("workflows", "permits/services")
                   for p in (ROOT / folder).rglob("*.py"))  # fmt: skip


def test_every_not_yet_code_is_a_blocker_code_the_rules_give():
    text = sources()
    assert [code for code in sorted(NOT_YET) if f'"{code}"' not in text] == []


def test_every_state_in_a_family_is_a_state_of_a_workflow():
    states = {s for d in workflows.REGISTRY.definitions() for s in d.states} | set(PERMIT_STATUSES)
    assert set(STATUS_FAMILIES) <= states


def test_not_yet_is_a_to_do_and_anything_else_a_problem():
    assert blocker_tone("document_missing") == "todo"
    assert blocker_tone("document_rejected") == "error"
    assert blocker_tone("sanctions_match") == "error"


def test_states_fall_in_three_families():
    assert status_family("under_review") == "open"
    assert status_family("approved") == "good"
    assert status_family("withdrawn") == "stopped"
