"""``permits audit verify`` passes on honest data and names the first tampered event."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from permits.cli import main
from tests.integration.helpers import events


@pytest.fixture
def demo(env):
    """The demo data, loaded through the CLI."""
    result = CliRunner().invoke(main, ["demo"], env=env)
    assert result.exit_code == 0, result.output
    return env


def verify(env):
    return CliRunner().invoke(main, ["audit", "verify"], env=env)


def tamper(db, *statements: str) -> None:
    with db.engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))


def test_the_demo_data_verifies(demo):
    result = verify(demo)
    assert result.exit_code == 0
    assert "audit chain intact" in result.output


def test_a_changed_row_is_detected_and_named(demo, db):
    tamper(db, "UPDATE audit_events SET reason = 'nothing to see' WHERE seq = 7")
    result = verify(demo)
    assert result.exit_code == 1
    assert "BROKEN at event 7" in result.output
    assert "altered" in result.output


def test_a_changed_row_with_a_recomputed_hash_breaks_the_next_link(demo, db):
    from permits.audit import event_hash
    from permits.models import AuditEvent

    tamper(db, "UPDATE audit_events SET actor_username = 'someone_else' WHERE seq = 7")
    with db.scoped() as s, s.begin():
        event = s.get(AuditEvent, 7)
        s.execute(text("UPDATE audit_events SET hash = :h WHERE seq = 7"), {"h": event_hash(event)})
    result = verify(demo)
    assert result.exit_code == 1
    assert "BROKEN at event 8" in result.output
    assert "chain link broken" in result.output


def test_a_deleted_row_is_detected_and_named(demo, db):
    tamper(db, "DELETE FROM audit_events WHERE seq = 12")
    result = verify(demo)
    assert result.exit_code == 1
    assert "BROKEN at event 12: event 12 is missing" in result.output


def test_two_swapped_rows_are_detected(demo, db):
    tamper(
        db,
        "UPDATE audit_events SET seq = -9 WHERE seq = 9",
        "UPDATE audit_events SET seq = 9 WHERE seq = 10",
        "UPDATE audit_events SET seq = 10 WHERE seq = -9",
    )
    result = verify(demo)
    assert result.exit_code == 1
    assert "BROKEN at event 9" in result.output


def test_a_new_databases_log_holds_only_the_reference_list_loads_and_verifies(env, db):
    loads = [e.action for e in events(db)]
    assert loads == ["reference.sanctions.load"]
    result = verify(env)
    assert result.exit_code == 0
    assert "1 events verified" in result.output
