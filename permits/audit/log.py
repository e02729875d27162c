"""The audit log as a Merkle tree in the database: writing signed checkpoints, and verifying
the chain, the tree and every checkpoint (stored or given) in one pass over the events."""

from __future__ import annotations

import base64
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import pairwise
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import event, select
from sqlalchemy.orm import Session, sessionmaker

from permits.audit.chain import _lock_chain, entry_hash, entry_prefix, walk_chain
from permits.audit.checkpoints import Checkpoint, LogSigner, signature_valid
from permits.audit.merkle import CompactRange
from permits.domain import errors
from permits.models import AuditEvent
from permits.models.audit import GENESIS_HASH, AuditCheckpoint, canonical_time
from permits.models.base import utcnow


def as_checkpoint(row: AuditCheckpoint) -> Checkpoint:
    """A stored checkpoint as the signed statement it is."""
    return Checkpoint(
        row.tree_size,
        row.root_hash,
        canonical_time(row.issued_at),
        row.key_id,
        base64.b64encode(row.signature).decode(),
    )


def latest_checkpoint(session: Session) -> AuditCheckpoint | None:
    """The newest stored checkpoint."""
    return session.scalars(select(AuditCheckpoint).order_by(AuditCheckpoint.id.desc())).first()


def _extend(session: Session, compact: CompactRange, prev: str) -> CompactRange:
    """Append the events after the compact range, checking their chain before trusting them."""
    rows = session.execute(
        select(AuditEvent.seq, AuditEvent.entry, AuditEvent.hash)
        .where(AuditEvent.seq > compact.size)
        .order_by(AuditEvent.seq)
    )
    for _, entry, stored in rows:
        expected = compact.size + 1
        if not entry.startswith(entry_prefix(expected, prev)) or entry_hash(entry) != stored:
            raise errors.ServiceUnavailable(
                f"The audit log is damaged at event {expected}: no checkpoint is signed over it; "
                "run 'permits audit verify'"
            )
        compact.append(bytes.fromhex(stored))
        prev = stored
    return compact


def write_checkpoint(session: Session, signer: LogSigner) -> AuditCheckpoint:
    """Sign the log as it stands, continuing from the last checkpoint (so never inconsistent
    with it); the last checkpoint itself when nothing was appended since."""
    _lock_chain(session)
    last = latest_checkpoint(session)
    compact, prev = CompactRange(), GENESIS_HASH
    if last is not None:
        compact = CompactRange(last.tree_size, [bytes.fromhex(n) for n in last.frontier])
        if last.tree_size:
            prev = session.scalar(select(AuditEvent.hash).where(AuditEvent.seq == last.tree_size))
        if compact.root().hex() != last.root_hash or prev is None:
            raise errors.ServiceUnavailable("The last checkpoint does not match the audit log")
    size_before = compact.size
    _extend(session, compact, prev)
    if last is not None and compact.size == size_before:
        return last
    issued = utcnow()
    signed = signer.sign(compact.size, compact.root().hex(), canonical_time(issued))
    row = AuditCheckpoint(
        tree_size=compact.size,
        root_hash=signed.root_hash,
        issued_at=issued,
        key_id=signed.key_id,
        signature=base64.b64decode(signed.signature),
        frontier=[n.hex() for n in compact.nodes],
    )
    session.add(row)
    session.flush()
    return row


def checkpoint_if_due(session: Session, signer: LogSigner, minutes: int) -> None:
    """Sign a checkpoint when the last one is older than ``minutes`` (or there is none)."""
    last = latest_checkpoint(session)
    if last is None or utcnow() - last.issued_at >= timedelta(minutes=minutes):
        write_checkpoint(session, signer)


class PeriodicCheckpoints:
    """Signs a checkpoint in every transaction that appended events, once the last is due.

    Installed by the composition root on the installation's session factory: a transaction that
    appended events checks, just before it commits, whether the interval has passed. Without a
    log key (``signer`` returns None) nothing is signed; approvals still need the key.
    """

    def __init__(self, signer: Callable[[], LogSigner | None], minutes: int):
        self._signer, self._minutes = signer, minutes
        self._appended: weakref.WeakSet[Session] = weakref.WeakSet()
        self._lock = threading.Lock()

    def install(self, sessions: sessionmaker) -> None:
        """Listen to the sessions the factory makes."""
        event.listen(sessions, "after_flush", self._noticed)
        event.listen(sessions, "before_commit", self._before_commit)
        event.listen(sessions, "after_rollback", self._forget)

    def _noticed(self, session: Session, _context: Any) -> None:
        if any(isinstance(row, AuditEvent) for row in session.new):
            with self._lock:
                self._appended.add(session)

    def _forget(self, session: Session) -> None:
        with self._lock:
            self._appended.discard(session)

    def _before_commit(self, session: Session) -> None:
        session.flush()  # an event added but not yet flushed is noticed in this commit
        with self._lock:
            appended = session in self._appended
            self._appended.discard(session)
        signer = self._signer() if appended else None
        if signer is not None:
            checkpoint_if_due(session, signer, self._minutes)


@dataclass
class LogReport:
    """What ``permits audit verify`` found."""

    ok: bool = True
    events: int = 0
    checkpoints: int = 0
    first_bad_event: int | None = None
    problems: list[str] = field(default_factory=list)

    def fail(self, event: int | None, problem: str) -> None:
        """Record a problem; keep the earliest bad event."""
        self.ok = False
        self.problems.append(problem)
        if event is not None and (self.first_bad_event is None or event < self.first_bad_event):
            self.first_bad_event = event

    def as_json(self) -> dict:
        """The report as the API returns it."""
        return {
            "ok": self.ok,
            "events": self.events,
            "checkpoints": self.checkpoints,
            "first_bad_event": self.first_bad_event,
            "problems": self.problems,
        }


def _signed(
    checkpoints: list[tuple[str, Checkpoint]], key: Ed25519PublicKey | None, report: LogReport
) -> list[tuple[str, Checkpoint]]:
    good = []
    for name, checkpoint in checkpoints:
        if key is not None and not signature_valid(checkpoint, key):
            report.fail(None, f"{name} is not signed by the log key")
        else:
            good.append((name, checkpoint))
    return good


def verify_log(
    session: Session, key: Ed25519PublicKey | None, given: list[tuple[str, Checkpoint]] = ()
) -> LogReport:
    """Verify the chain, the tree at every checkpoint's size, and each checkpoint's signature."""
    report = LogReport()
    rows = session.scalars(select(AuditCheckpoint).order_by(AuditCheckpoint.id))
    stored = [(f"stored checkpoint {r.id} (size {r.tree_size})", as_checkpoint(r)) for r in rows]
    _check_growth([c for _, c in stored], report)
    checkpoints = _signed([*stored, *given], key, report)
    wanted: dict[int, list[tuple[str, Checkpoint]]] = {}
    for name, checkpoint in checkpoints:
        wanted.setdefault(checkpoint.tree_size, []).append((name, checkpoint))
    chain, roots = walk_chain(session, CompactRange(), set(wanted))
    report.events = chain.events
    if not chain.ok:
        report.fail(chain.first_bad_event, chain.problem or "chain broken")
    _compare(wanted, roots, chain.events, report)
    report.checkpoints = len(checkpoints)
    return report


def _check_growth(stored: list[Checkpoint], report: LogReport) -> None:
    for earlier, later in pairwise(stored):
        if later.tree_size < earlier.tree_size:
            report.fail(
                later.tree_size + 1,
                f"a checkpoint of size {later.tree_size} follows "
                f"one of size {earlier.tree_size}: the log shrank",
            )


def _compare(wanted: dict, roots: dict[int, str], events: int, report: LogReport) -> None:
    good_sizes = [0]
    for size in sorted(wanted):
        for name, checkpoint in wanted[size]:
            if size in roots and roots[size] == checkpoint.root_hash:
                good_sizes.append(size)
            elif size > events and size not in roots:
                report.fail(
                    events + 1,
                    f"{name}: the log has {events} good events, fewer "
                    f"than the {size} it held at {checkpoint.issued_at}",
                )
            else:
                since = max(s for s in good_sizes if s < size)
                report.fail(
                    since + 1,
                    f"{name}: events {since + 1} to {size} were rewritten "
                    "(the tree no longer has the root signed then)",
                )
