"""Auditor exports: JSON Lines with a signed checkpoint, the events and each event's inclusion
proof, verifiable offline with nothing but the file and the log's public key."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from permits.audit.chain import entry_hash, entry_prefix
from permits.audit.checkpoints import (
    LOG_NAME,
    CheckpointFormatError,
    LogSigner,
    checkpoint_from_json,
    signature_valid,
)
from permits.audit.log import as_checkpoint, write_checkpoint
from permits.audit.merkle import MerkleTree, verify_inclusion
from permits.domain.clock import Clock
from permits.models import AuditEvent

FORMAT = 2


def _bounds(start: date | None, end: date | None,
            clock: Clock) -> tuple[datetime | None, ...]:  # fmt: skip
    if start and end and end < start:
        raise ValueError(f"the dates are in the wrong order: {start} is after {end}")
    return clock.day_bounds(start, end)


def write_export(session: Session, signer: LogSigner, out: IO[str], start: date | None = None,
                 end: date | None = None, *, clock: Clock) -> int:  # fmt: skip
    """Write the events of the Ministry's days ``start`` to ``end`` with their proofs against a
    fresh checkpoint."""
    lower, upper = _bounds(start, end, clock)
    checkpoint = as_checkpoint(write_checkpoint(session, signer))
    hashes = session.scalars(
        select(AuditEvent.hash)
        .where(AuditEvent.seq <= checkpoint.tree_size)
        .order_by(AuditEvent.seq)
    ).all()
    tree = MerkleTree([bytes.fromhex(h) for h in hashes])
    query = select(AuditEvent.seq, AuditEvent.entry, AuditEvent.hash).where(
        AuditEvent.seq <= checkpoint.tree_size
    )
    if lower:
        query = query.where(AuditEvent.occurred_at >= lower)
    if upper:
        query = query.where(AuditEvent.occurred_at < upper)
    rows = session.execute(query.order_by(AuditEvent.seq)).all()
    header = {
        "type": "header",
        "log": LOG_NAME,
        "format": FORMAT,
        "events": len(rows),
        "from": start.isoformat() if start else None,
        "to": end.isoformat() if end else None,
    }
    out.write(json.dumps(header) + "\n")
    out.write(json.dumps({"type": "checkpoint", **checkpoint.to_json()}) + "\n")
    for seq, entry, digest in rows:
        proof = [p.hex() for p in tree.inclusion_proof(seq - 1, checkpoint.tree_size)]
        line = {"type": "event", "seq": seq, "entry": entry, "hash": digest, "proof": proof}
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
    return len(rows)


class ExportError(ValueError):
    """An export file that cannot be read at all: not JSON, truncated, no checkpoint."""


@dataclass
class ExportReport:
    """What the offline verification of an export found."""

    events: int = 0
    tree_size: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every event and the checkpoint verified."""
        return not self.problems


def _records(lines: Iterable[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            raise ExportError(f"line {number} is not JSON (a truncated or damaged file)") from None
        if not isinstance(record, dict) or "type" not in record:
            raise ExportError(f"line {number} is not an export record")
        yield number, record


def _check_event(number: int, record: dict, checkpoint: Any, previous: dict | None) -> list[str]:
    try:
        seq, entry, digest, proof = (record["seq"], record["entry"], record["hash"],
                                     [bytes.fromhex(p) for p in record["proof"]])  # fmt: skip
    except (KeyError, TypeError, ValueError):
        return [f"line {number}: an event record needs seq, entry, hash and proof"]
    problems = []
    if not isinstance(entry, str) or entry_hash(entry) != digest:
        problems.append(f"line {number}: event {seq} does not match its hash")
    elif not entry.startswith(f'{{"seq":{seq},'):
        problems.append(f"line {number}: the entry is not event {seq}")
    elif (
        previous
        and previous["seq"] == seq - 1
        and not entry.startswith(entry_prefix(seq, previous["hash"]))
    ):
        problems.append(f"line {number}: event {seq} does not follow event {seq - 1}")
    root = bytes.fromhex(checkpoint.root_hash)
    if not verify_inclusion(seq - 1, checkpoint.tree_size, bytes.fromhex(digest), proof, root):
        problems.append(f"line {number}: event {seq} is not in the checkpoint's tree")
    return problems


def verify_export(lines: Iterable[str], key: Ed25519PublicKey) -> ExportReport:
    """Verify an export offline: the checkpoint's signature, each event's hash, link and proof."""
    report, checkpoint, header, previous = ExportReport(), None, None, None
    for number, record in _records(lines):
        kind = record["type"]
        if kind == "header":
            header = record
        elif kind == "checkpoint":
            try:
                checkpoint = checkpoint_from_json({k: v for k, v in record.items() if k != "type"})
            except CheckpointFormatError as error:
                raise ExportError(f"line {number}: {error}") from None
            if not signature_valid(checkpoint, key):
                report.problems.append("the checkpoint is not signed by this log key")
            report.tree_size = checkpoint.tree_size
        elif kind == "event":
            if checkpoint is None:
                raise ExportError(f"line {number}: an event before the checkpoint")
            report.problems += _check_event(number, record, checkpoint, previous)
            report.events, previous = report.events + 1, record
    if header is None or checkpoint is None:
        raise ExportError("the file has no header or no checkpoint: not an audit export")
    if header.get("events") != report.events:
        report.problems.append(
            f"the header promises {header.get('events')} events, the file holds {report.events} "
            "(truncated?)"
        )
    return report
