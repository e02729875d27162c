"""``permits audit verify`` on a log of 1,000,000 events vs bare SHA-256 over the same bytes.

    python benchmarks/audit_verify.py [--events 1000000]

Builds a SQLite database of realistic events (the entries the application writes) with a signed
checkpoint every 100,000 events, then, in one run: hashes every entry's bytes with bare
``hashlib.sha256`` (the floor), and runs the verification ``permits audit verify`` performs
(read every entry, recompute the chain, the Merkle tree and every checkpoint). It also times
the command itself in a fresh process. Target: verification at >= 30% of the bare rate.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from permits.audit.chain import build_entry, entry_hash
from permits.audit.checkpoints import create_log_key, load_public_key
from permits.audit.merkle import CompactRange
from permits.audit.service import verify_audit_log
from permits.domain.actors import SystemActor
from permits.migrations import upgrade
from permits.models.database import Database

ACTIONS = ("application.submit", "application.accept", "document.upload", "permit.shipment")
EVERY = 100_000


def entries(count: int):
    """Realistic entries, chained, as the application writes them."""
    prev = "0" * 64
    for seq in range(1, count + 1):
        fields = {
            "occurred_at": f"2026-{1 + seq % 12:02d}-{1 + seq % 28:02d}T10:{seq % 60:02d}:00."
            f"{seq % 999999:06d}Z",
            "actor_id": seq % 97,
            "actor_username": f"officer.{seq % 97}",
            "actor_role": "officer",
            "action": ACTIONS[seq % 4],
            "subject_type": "application",
            "subject_id": str(seq // 7),
            "from_state": "submitted",
            "to_state": "under_review",
            "reason": "Checklist complete; documents verified against the originals",
        }
        payload = {
            "version": seq % 11,
            "definition": "application.import@2",
            "document": {"kind": "supply_contract", "sha256": f"{seq:064x}"},
        }
        entry = build_entry(seq, prev, fields, payload)
        prev = entry_hash(entry)
        yield seq, entry, prev


def build(path: Path, count: int, keys: Path) -> list[bytes]:
    """Write the log and its checkpoints; return the entries' bytes for the floor."""
    db = Database(f"sqlite:///{path}")
    upgrade(db.engine)
    signer = create_log_key(keys, b"benchmark passphrase")
    compact, raw, batch, checkpoints = CompactRange(), [], [], []
    for seq, entry, digest in entries(count):
        raw.append(entry.encode())
        batch.append((seq, entry, digest))
        compact.append(bytes.fromhex(digest))
        if seq % EVERY == 0 or seq == count:
            signed = signer.sign(
                seq, compact.root().hex(), f"2026-11-29T00:00:{seq % 60:02d}.000000Z"
            )
            checkpoints.append(
                (
                    seq,
                    signed.root_hash,
                    f"2026-11-29 00:00:{seq % 60:02d}.000000",
                    signed.key_id,
                    base64.b64decode(signed.signature),
                    "[" + ",".join(f'"{n.hex()}"' for n in compact.nodes) + "]",
                )
            )
        if len(batch) == 50_000:
            _insert(db, batch)
            batch = []
    _insert(db, batch)
    with db.engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO audit_checkpoints (tree_size, root_hash, issued_at, key_id, signature, "
            "frontier) VALUES (?, ?, ?, ?, ?, ?)",
            checkpoints,
        )
    db.dispose()
    return raw


def _insert(db: Database, rows: list) -> None:
    if rows:
        with db.engine.begin() as connection:
            connection.exec_driver_sql(
                "INSERT INTO audit_events (seq, entry, hash) VALUES (?, ?, ?)", rows
            )


def bare(raw: list[bytes]) -> float:
    """Seconds for bare SHA-256 over every entry's bytes."""
    sha256 = hashlib.sha256
    began = time.perf_counter()
    for data in raw:
        sha256(data).digest()
    return time.perf_counter() - began


def verify(path: Path, keys: Path) -> tuple[float, int]:
    """Seconds for the verification ``permits audit verify`` runs, in this process."""
    db = Database(f"sqlite:///{path}")
    key = load_public_key(keys / "log_key.pub")
    with db.scoped() as session:
        began = time.perf_counter()
        report = verify_audit_log(session, SystemActor("benchmark", role="auditor"), key)
        elapsed = time.perf_counter() - began
    db.dispose()
    if not report.ok:
        sys.exit(f"verification failed: {report.problems}")
    return elapsed, report.checkpoints


def command(path: Path, keys: Path, tmp: Path) -> float:
    """Wall seconds of ``permits audit verify`` as an operator runs it (fresh process)."""
    env = {
        **os.environ,
        "PERMITS_DATABASE_URL": f"sqlite:///{path}",
        "PERMITS_KEYS_PATH": str(keys),
        "PERMITS_INSTANCE_PATH": str(tmp / "instance"),
    }
    began = time.perf_counter()
    done = subprocess.run(
        [str(Path(sys.executable).parent / "permits"), "audit", "verify"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - began
    if done.returncode:
        sys.exit(done.stderr)
    return elapsed


def main() -> None:
    """Build the log, then measure the floor and the verification in one run; print the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        path, keys = tmp / "log.sqlite3", tmp / "keys"
        raw = build(path, args.events, keys)
        floor = min(bare(raw) for _ in range(3))
        took, checkpoints = min((verify(path, keys) for _ in range(2)), key=lambda r: r[0])
        wall = command(path, keys, tmp)
    n = args.events
    print(f"events:                          {n:>12,}")
    print(f"entry bytes (average):           {sum(map(len, raw)) / n:>12.0f}")
    print(f"checkpoints verified:            {checkpoints:>12}")
    print(f"bare sha256 over the entries:    {n / floor:>12,.0f} events/s")
    print(f"audit verify (in process):       {n / took:>12,.0f} events/s")
    print(f"ratio verify / bare:             {floor / took:>12.2f}  (target >= 0.30)")
    print(f"permits audit verify (command):  {wall:>12.1f} s wall, {n / wall:,.0f} events/s")


if __name__ == "__main__":
    main()
