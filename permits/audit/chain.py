"""Appending to and verifying the hash-chained audit log.

Each event is one canonical JSON ``entry`` that starts with its sequence number and the previous
event's hash; its own hash is the RFC 6962 leaf hash ``SHA-256(0x00 || entry)``, so the chain and
the Merkle tree over the log (``permits.audit.merkle``) share one hash per event. Changing,
deleting or reordering any row breaks the chain from that row on. Appends are serialised (an
advisory lock on PostgreSQL, the ``BEGIN IMMEDIATE`` write lock on SQLite): two transactions that
both read "the last hash" and insert after it would fork the chain.
"""

from __future__ import annotations

import hashlib
import json
import queue
import threading
from binascii import hexlify
from collections.abc import Container, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from permits.audit.merkle import CompactRange
from permits.domain.actors import Principal
from permits.models import AuditEvent
from permits.models.audit import GENESIS_HASH, canonical_time
from permits.models.base import utcnow

# An arbitrary constant naming the audit chain's advisory lock on PostgreSQL.
AUDIT_CHAIN_LOCK = 0x5045524D  # "PERM"
_LEAF, _NODE = hashlib.sha256(b"\x00"), hashlib.sha256(b"\x01")


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


SEPARATOR = b"\x1e"  # never raw inside an entry: JSON escapes every control character
_CHUNK_SQL = {
    "sqlite": "SELECT CAST(group_concat(entry, char(30)) AS BLOB), "
              "CAST(group_concat(hash, char(30)) AS BLOB), "
              "max(seq) FROM (SELECT seq, entry, hash FROM audit_events WHERE seq > :after "
              "ORDER BY seq LIMIT :size)",
    "postgresql": "SELECT convert_to(string_agg(entry, chr(30) ORDER BY seq), 'UTF8'), "
                  "convert_to(string_agg(hash, chr(30) ORDER BY seq), 'UTF8'), max(seq) "
                  "FROM (SELECT seq, entry, "
                  "hash FROM audit_events WHERE seq > :after ORDER BY seq LIMIT :size) AS page",
}  # fmt: skip


def _read_chunks(bind: Engine, size: int, out: queue.Queue, stop: threading.Event) -> None:
    query, after = text(_CHUNK_SQL[bind.dialect.name]), 0
    try:
        with bind.connect() as connection:
            while not stop.is_set():
                joined, hashes, last = connection.execute(
                    query, {"after": after, "size": size}
                ).one()
                if last is None:
                    break
                chunk = (bytes(joined).split(SEPARATOR), bytes(hashes).split(SEPARATOR))
                while not stop.is_set():
                    try:
                        out.put(chunk, timeout=0.1)
                        break
                    except queue.Full:
                        continue
                after = last
        out.put(None)
    except Exception as error:  # handed to the consumer, raised there
        out.put(error)


def iter_entry_chunks(session: Session, size: int = 20_000) -> Iterator[tuple[list, list]]:
    """Every event's (entry bytes, hash bytes) in chain order, a chunk of rows per query.

    The database joins each chunk into one string (a million events cost fifty round trips and
    no per-row objects), and a reader thread fetches the next chunk while this one is hashed:
    the database driver releases the GIL while it reads.
    """
    bind = session.get_bind()
    if not isinstance(bind, Engine):
        raise TypeError("verification reads through an engine")
    chunks: queue.Queue = queue.Queue(maxsize=2)
    stop = threading.Event()
    reader = threading.Thread(target=_read_chunks, args=(bind, size, chunks, stop), daemon=True)
    reader.start()
    try:
        while (chunk := chunks.get()) is not None:
            if isinstance(chunk, Exception):
                raise chunk
            yield chunk
    finally:
        stop.set()
        reader.join(timeout=10)


def walk_chain(session: Session, tree: CompactRange | None = None,
               wanted: Container[int] = ()) -> tuple[ChainReport, dict[int, str]]:  # fmt: skip
    """Recompute the chain and, when given a compact range, the Merkle tree with it; return the
    report and the tree's root at each wanted size (the checkpoints' sizes)."""
    nodes = tree.nodes if tree is not None else None
    count, prev, roots, leaf, node = 0, GENESIS_HASH.encode(), {}, _LEAF.copy, _NODE.copy
    for entries, hashes in iter_entry_chunks(session):
        if len(entries) != len(hashes):
            problem = f"the stored hashes after event {count} cannot be read (a separator in one)"
            return ChainReport(False, count, count + 1, problem, prev.decode()), roots
        for entry, stored in zip(entries, hashes, strict=True):
            expected = count + 1
            if not entry.startswith(b'{"seq":%d,"prev_hash":"%b",' % (expected, prev)):
                problem = link_problem(expected, entry.decode(errors="replace"), prev.decode())
                return ChainReport(False, count, expected, problem, prev.decode()), roots
            digest = leaf()
            digest.update(entry)
            raw = digest.digest()
            current = hexlify(raw)
            if current != stored:
                problem = f"event {expected} was altered (its entry does not match its hash)"
                return ChainReport(False, count, expected, problem, prev.decode()), roots
            if nodes is not None:
                size = count
                while size & 1:  # a binary counter's carry: merge equal-sized subtrees
                    merged = node()
                    merged.update(nodes.pop())
                    merged.update(raw)
                    raw, size = merged.digest(), size >> 1
                nodes.append(raw)
                if expected in wanted:
                    tree.size = expected
                    roots[expected] = tree.root().hex()
            count, prev = expected, current
    if tree is not None:
        tree.size = count
    return ChainReport(True, count, head=prev.decode()), roots


def verify_chain(session: Session) -> ChainReport:
    """Recompute the whole chain and name the first event that is missing, moved or altered."""
    return walk_chain(session)[0]
