"""Appending to and verifying the hash-chained audit log.

Each event's hash covers its own content and the previous event's hash, so changing, deleting
or reordering any row breaks the chain from that row on. Appends are serialised (an advisory
lock on PostgreSQL, the ``BEGIN IMMEDIATE`` write lock on SQLite): two transactions that both
read "the last hash" and insert after it would fork the chain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from permits.actors import Principal
from permits.models import AuditEvent
from permits.models.audit import GENESIS_HASH
from permits.models.base import utcnow

# An arbitrary constant naming the audit chain's advisory lock on PostgreSQL.
AUDIT_CHAIN_LOCK = 0x5045524D  # "PERM"


def canonical_time(moment: datetime) -> str:
    """The UTC timestamp exactly as it is hashed: ISO 8601 with microseconds."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_content(event: AuditEvent) -> bytes:
    """The canonical bytes an event's hash covers (everything but the hash itself)."""
    content = {
        "seq": event.seq,
        "occurred_at": canonical_time(event.occurred_at),
        "actor_id": event.actor_id,
        "actor_username": event.actor_username,
        "actor_role": event.actor_role,
        "action": event.action,
        "subject_type": event.subject_type,
        "subject_id": event.subject_id,
        "from_state": event.from_state,
        "to_state": event.to_state,
        "reason": event.reason,
        "payload": event.payload,
        "prev_hash": event.prev_hash,
    }
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def event_hash(event: AuditEvent) -> str:
    """The SHA-256 (hex) of an event's canonical content."""
    return hashlib.sha256(event_content(event)).hexdigest()


def _lock_chain(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_CHAIN_LOCK})


def record_event(
    session: Session,
    actor: Principal,
    action: str,
    subject: tuple[str, Any],
    *,
    states: tuple[str | None, str | None] = (None, None),
    reason: str | None = None,
    payload: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain inside the caller's transaction."""
    _lock_chain(session)
    last = session.execute(
        select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
    ).first()
    event = AuditEvent(
        seq=(last.seq + 1) if last else 1,
        occurred_at=utcnow(),
        actor_id=actor.id,
        actor_username=actor.username,
        actor_role=actor.role,
        action=action,
        subject_type=subject[0],
        subject_id=str(subject[1]),
        from_state=states[0],
        to_state=states[1],
        reason=reason,
        payload=payload or {},
        prev_hash=last.hash if last else GENESIS_HASH,
    )
    event.hash = event_hash(event)
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True)
class ChainReport:
    """The outcome of a chain verification: how many events, and the first bad one if any."""

    ok: bool
    events: int
    first_bad_event: int | None = None
    problem: str | None = None


def _problem(event: AuditEvent, expected_seq: int, prev_hash: str) -> str | None:
    if event.seq != expected_seq:
        return f"event {expected_seq} is missing (next stored event is {event.seq})"
    if event.prev_hash != prev_hash:
        return f"event {event.seq} does not follow event {event.seq - 1} (chain link broken)"
    if event_hash(event) != event.hash:
        return f"event {event.seq} was altered (its content does not match its hash)"
    return None


def iter_events(session: Session, batch: int = 2000) -> Iterator[AuditEvent]:
    """Every event in chain order, fetched in batches."""
    yield from session.scalars(
        select(AuditEvent).order_by(AuditEvent.seq).execution_options(yield_per=batch)
    )


def verify_chain(session: Session) -> ChainReport:
    """Recompute the whole chain and name the first event that is missing, moved or altered."""
    count, prev_hash = 0, GENESIS_HASH
    for event in iter_events(session):
        problem = _problem(event, count + 1, prev_hash)
        if problem:
            return ChainReport(False, count, first_bad_event=count + 1, problem=problem)
        count, prev_hash = count + 1, event.hash
    return ChainReport(True, count)
