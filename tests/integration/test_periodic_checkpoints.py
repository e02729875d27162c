"""The audit log's periodic checkpoint is signed at the commit of a transaction that appended
events, covers every event of it, and is never signed for a transaction rolled back."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import func, select

from permits.audit.chain import record_event
from permits.domain.actors import SystemActor
from permits.http.request import runtime_of
from permits.models import AuditCheckpoint, AuditEvent
from permits.services.uow import unit_of_work

OPERATOR = SystemActor("tests:operator")


def append(db, *actions: str) -> None:
    """Append one event per action, all in one transaction of the database's sessions."""
    with db.scoped() as session, unit_of_work(session):
        for action in actions:
            record_event(session, OPERATOR, action, ("test", 1))


def checkpoint_sizes(db) -> list[int]:
    with db.scoped() as session:
        return list(session.scalars(select(AuditCheckpoint.tree_size).order_by(AuditCheckpoint.id)))


def event_count(db) -> int:
    with db.scoped() as session:
        return session.scalar(select(func.count()).select_from(AuditEvent))


def test_the_checkpoint_signed_at_commit_covers_every_event_of_the_transaction(db):
    assert checkpoint_sizes(db) == []
    append(db, "test.first", "test.second")
    assert checkpoint_sizes(db) == [event_count(db)]


def test_a_rolled_back_append_signs_nothing_and_leaves_nothing_to_sign_later(db):
    def failing_service(session) -> None:
        with unit_of_work(session):
            record_event(session, OPERATOR, "test.lost", ("test", 1))
            raise RuntimeError("the service failed after appending")

    with db.scoped() as session, pytest.raises(RuntimeError):
        failing_service(session)
    with db.scoped() as session, unit_of_work(session):
        session.execute(select(1))  # a later transaction that appends nothing
    assert checkpoint_sizes(db) == []


def test_events_appended_within_the_interval_wait_for_the_next_checkpoint(db):
    append(db, "test.first")
    first = checkpoint_sizes(db)
    append(db, "test.second")
    assert checkpoint_sizes(db) == first


def test_without_a_log_key_events_are_appended_and_no_checkpoint_is_signed(
    app_with, tmp_path, caplog
):
    keyless = runtime_of(app_with(KEYS_PATH=str(tmp_path / "no-keys"))).database
    before = event_count(keyless)
    with caplog.at_level(logging.WARNING, logger="permits.runtime"):
        append(keyless, "test.first")
        append(keyless, "test.second")
    assert (event_count(keyless), checkpoint_sizes(keyless)) == (before + 2, [])
    warnings = [r.getMessage() for r in caplog.records if r.name == "permits.runtime"]
    assert len(warnings) == 1 and "checkpoints are off" in warnings[0]
