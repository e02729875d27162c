"""Appending to and verifying the hash-chained audit log.

Each event is one canonical JSON ``entry`` that starts with its sequence number and the previous
event's hash; its own hash is the RFC 6962 leaf hash ``SHA-256(0x00 || entry)``, so the chain and
the Merkle tree over the log (``permits.transparency``) share one hash per event. Changing,
deleting or reordering any row breaks the chain from that row on. Appends are serialised (an
advisory lock on PostgreSQL, the ``BEGIN IMMEDIATE`` write lock on SQLite): two transactions that
both read "the last hash" and insert after it would fork the chain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from permits.actors import Principal
from permits.models import AuditEvent
from permits.models.audit import GENESIS_HASH, canonical_time
from permits.models.base import utcnow

# An arbitrary constant naming the audit chain's advisory lock on PostgreSQL.
AUDIT_CHAIN_LOCK = 0x5045524D  # "PERM"
_LEAF = hashlib.sha256(b"\x00")


def build_entry(seq: int, prev_hash: str, fields: dict[str, Any], payload: dict[str, Any]) -> str:
    """The canonical entry: sequence and previous hash first, the payload's keys sorted."""
    head = json.dumps({"seq": seq, "prev_hash": prev_hash, **fields},
                      ensure_ascii=False, separators=(",", ":"))  # fmt: skip
    body = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return f'{head[:-1]},"payload":{body}}}'


def entry_prefix(seq: int, prev_hash: str) -> str:
    """How the entry of event ``seq`` must start when it follows ``prev_hash``."""
    return f'{{"seq":{seq},"prev_hash":"{prev_hash}",'


def entry_hash(entry: str | bytes) -> str:
    """The event's hash: the RFC 6962 leaf hash of its entry, hex."""
    digest = _LEAF.copy()
    digest.update(entry.encode() if isinstance(entry, str) else entry)
    return digest.hexdigest()


def _lock_chain(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_CHAIN_LOCK})


AFTER_APPEND: list[Callable[[Session], None]] = []


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
    seq, prev = ((last.seq + 1), last.hash) if last else (1, GENESIS_HASH)
    fields = {
        "occurred_at": canonical_time(utcnow()), "actor_id": actor.id,
        "actor_username": actor.username, "actor_role": actor.role, "action": action,
        "subject_type": subject[0], "subject_id": str(subject[1]), "from_state": states[0],
        "to_state": states[1], "reason": reason,
    }  # fmt: skip
    entry = build_entry(seq, prev, fields, payload or {})
    event = AuditEvent(seq=seq, entry=entry, hash=entry_hash(entry))
    session.add(event)
    session.flush()
    for hook in AFTER_APPEND:  # periodic checkpoints
        hook(session)
    return event


@dataclass(frozen=True)
class ChainReport:
    """The outcome of a chain verification: how many events, and the first bad one if any."""

    ok: bool
    events: int
    first_bad_event: int | None = None
    problem: str | None = None
    head: str = GENESIS_HASH


def _seq_of(entry: str) -> int | None:
    try:
        return int(entry[len('{"seq":') : entry.index(",")])
    except ValueError:
        return None


def link_problem(expected: int, entry: str, prev_hash: str) -> str:
    """Why an entry does not follow the one before it."""
    seq = _seq_of(entry)
    if seq is not None and seq > expected:
        return f"event {expected} is missing (the next entry is event {seq})"
    if seq != expected:
        return f"event {expected} is out of place (found the entry of event {seq})"
    return f"event {expected} does not follow event {expected - 1} (chain link broken)"


def iter_entries(session: Session, batch: int = 5000) -> Iterator[tuple[int, str, str]]:
    """(seq, entry, hash) of every event in chain order, streamed in batches."""
    result = session.connection().execution_options(stream_results=True).exec_driver_sql(
        "SELECT seq, entry, hash FROM audit_events ORDER BY seq"
    )  # fmt: skip
    while rows := result.fetchmany(batch):
        yield from rows


def walk_chain(session: Session, on_event: Callable[[int, str], None] | None = None) -> ChainReport:
    """Recompute the chain; ``on_event(n, hash)`` sees each good event (the tree is built so)."""
    count, prev = 0, GENESIS_HASH
    for _, entry, stored in iter_entries(session):
        expected = count + 1
        if not entry.startswith(entry_prefix(expected, prev)):
            return ChainReport(False, count, expected, link_problem(expected, entry, prev), prev)
        digest = entry_hash(entry)
        if digest != stored:
            problem = f"event {expected} was altered (its entry does not match its hash)"
            return ChainReport(False, count, expected, problem, prev)
        if on_event is not None:
            on_event(expected, digest)
        count, prev = expected, digest
    return ChainReport(True, count, head=prev)


def verify_chain(session: Session) -> ChainReport:
    """Recompute the whole chain and name the first event that is missing, moved or altered."""
    return walk_chain(session)
