"""Full application lifecycles through the service layer vs the bare SQL they need, on SQLite.

    python benchmarks/lifecycle.py [--n 200]

Each lifecycle is five actions: create -> submit -> accept -> recommend -> approve, each its own
transaction with its audit event (the checklist is attached and accepted between them,
untimed); ``approve`` includes rendering and signing the permit PDF. The floor, measured in the
same run on an identical database, is the same rows written with plain ``sqlite3`` in the same
transactions (``BEGIN IMMEDIATE``, WAL, ``synchronous=FULL``) plus, in the approval, a bare
reportlab render + pyHanko sign of a permit: what the lifecycle costs with no ORM, workflow
engine or checks.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import secrets
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from documents.permit_pdf import GoodsEntry, PermitData, render_permit
from documents.pki import create_keys
from documents.signing import PermitSigner
from permits.assembly.app import build_runtime
from permits.audit.checkpoints import create_log_key
from permits.domain.actors import ActorSnapshot
from permits.migrations import upgrade
from permits.models import Firm, User
from permits.services.applications import create_application, perform_action
from permits.services.demo_data import application, goods
from permits.services.runtime import Runtime
from permits.services.sample_documents import accept_all_documents, attach_sample_checklist

SAMPLE_PERMIT = PermitData(
    number="KZ-IMP-2026-000001", permit_type="import", issued_on="29.11.2026",
    valid_from="29.11.2026", valid_until="27.05.2027", holder="Steppe Hunter LLP",
    holder_bin="190540001230",
    trade_licence="MIA-TL-0457", consignee="Steppe Hunter LLP, Almaty",
    end_user="Steppe Hunter LLP, Almaty", country_of_export="Italy (IT)",
    country_of_import="Kazakhstan (KZ)", countries_of_transit="", country_of_origin="Italy (IT)",
    customs_point="ALA-AIR Almaty International Airport",
    goods=(GoodsEntry("Beretta 686 Silver Pigeon I", "firearm, civilian", "12/76", 2, "pcs",
                      Decimal("2450.00"), "EUR", "930320", ("S1A", "S1B")),),
    references=(("Contract", "BER-2026/114"),), conditions=("No re-export without consent",),
    verification_url="https://permits.example/verify/KZ-IMP-2026-000001?t=" + "x" * 32,
)  # fmt: skip
ACTIONS = (("head", "submit", {}), ("officer", "accept", {}),
           ("officer", "recommend", {"recommendation": "approve", "reason": "complete"}),
           ("approver", "approve", {}))  # fmt: skip


# The keys live in a temporary folder for one run: any passphrase will do.
PASSPHRASE, LOG_PASSPHRASE = secrets.token_urlsafe(16), secrets.token_urlsafe(16)


def prepare(folder: Path) -> tuple:
    """A runtime on a migrated database with signing keys, a firm and the four users a
    lifecycle needs."""
    create_keys(folder / "keys", PASSPHRASE.encode())
    create_log_key(folder / "keys", LOG_PASSPHRASE.encode())
    runtime = build_runtime({"INSTANCE_PATH": str(folder), "SECRET_KEY": "bench",
                             "SIGNING_PASSPHRASE": PASSPHRASE, "LOG_KEY_PASSPHRASE": LOG_PASSPHRASE,
                             "PUBLIC_URL": "https://permits.example",
                             "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}"})  # fmt: skip
    db = runtime.database
    upgrade(db.engine)
    with db.scoped() as session, session.begin():
        firm = Firm(name="Bench LLP", bin="190340001237", licence_number="L-1",
                    licence_valid_until=datetime(2031, 1, 1).date())  # fmt: skip
        session.add(firm)
        session.flush()
        users = {
            "clerk": User(username="clerk", password_hash="x", role="applicant", firm_id=firm.id),
            "head": User(username="head", password_hash="x", role="applicant", firm_id=firm.id,
                         is_head=True),
            "officer": User(username="officer", password_hash="x", role="officer"),
            "approver": User(username="approver", password_hash="x", role="approver"),
        }  # fmt: skip
        session.add_all(users.values())
        session.flush()
        snapshots = {name: ActorSnapshot.of(user) for name, user in users.items()}
    return runtime, snapshots, folder / "bench.sqlite3"


def run_services(runtime: Runtime, users, n: int) -> float:
    """Seconds for n lifecycles through the service layer.

    Attaching the checklist and the officer's acceptance of each document happen between the
    timed actions and are not counted: the floor has no documents either.
    """
    elapsed = 0.0
    for i in range(n):
        form = application("import", goods=[goods("686 Silver Pigeon I", 2, f"S{i}-")])
        with runtime.database.scoped() as session:
            started = time.perf_counter()
            app_id = create_application(session, users["clerk"], form).id
            elapsed += time.perf_counter() - started
            attach_sample_checklist(session, users["clerk"], app_id, runtime.intake, runtime.clock)
            for who, action, params in ACTIONS:
                if "recommendation" in params:  # the officer verifies every document first
                    accept_all_documents(session, users[who], app_id, runtime.clock)
                started = time.perf_counter()
                perform_action(session, users[who], app_id, action, runtime=runtime, **params)
                elapsed += time.perf_counter() - started
    return elapsed


def _audit(cur: sqlite3.Cursor, action: str, subject: int, prev: str) -> str:
    """Insert one audit event the way the chain does: read the last, hash, insert."""
    row = cur.execute("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (row[0] + 1, row[1]) if row else (1, prev)
    now = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
    digest = hashlib.sha256(json.dumps([seq, now, action, subject, prev]).encode()).hexdigest()
    cur.execute(
        "INSERT INTO audit_events (seq, occurred_at, actor_id, actor_username, actor_role, action,"
        " subject_type, subject_id, payload, prev_hash, hash) VALUES (?,?,1,'u','r',?,"
        "'application',?,'{}',?,?)", (seq, now, action, str(subject), prev, digest),
    )  # fmt: skip
    return digest


def _bare_lifecycle(con: sqlite3.Connection, users: dict, i: int, signer: PermitSigner) -> None:
    cur, now = con.cursor(), datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
    cur.execute("BEGIN IMMEDIATE")
    cur.execute(
        "INSERT INTO applications (firm_id, created_by_id, permit_type, status, version,"
        " definition_version, counterpart_country, customs_point, created_at, updated_at)"
        " VALUES (?, ?, 'import', 'draft', 1, 1, 'IT', 'ALA-AIR', ?, ?)",
        (users["clerk"].firm_id, users["clerk"].id, now, now),
    )  # fmt: skip
    app_id = cur.lastrowid
    cur.execute(
        "INSERT INTO goods_lines (application_id, position, kind, category, model, calibre,"
        " manufacturer, country_of_manufacture, quantity, unit, unit_value, currency, hs_code,"
        " in_state_register) VALUES (?, 0, 'firearm', 'civilian', 'm', 'c', 'b', 'IT', 2, 'pcs',"
        " 1, 'EUR', '930320', 0)", (app_id,),
    )  # fmt: skip
    line = cur.lastrowid
    cur.executemany("INSERT INTO markings (goods_line_id, position, serial) VALUES (?, ?, ?)",
                    [(line, 0, f"S{i}A"), (line, 1, f"S{i}B")])  # fmt: skip
    _audit(cur, "application.create", app_id, "0" * 64)
    cur.execute("COMMIT")
    for version, (_, action, _) in enumerate(ACTIONS, start=1):
        cur.execute("BEGIN IMMEDIATE")
        cur.execute("UPDATE applications SET status = ?, version = version + 1, updated_at = ?"
                    " WHERE id = ? AND version = ?", (action, now, app_id, version))  # fmt: skip
        _audit(cur, f"application.{action}", app_id, "0" * 64)
        if action == "approve":
            signer.sign(render_permit(SAMPLE_PERMIT), "Approver", datetime.now(UTC))
        cur.execute("COMMIT")


def run_bare(path: Path, users: dict, n: int, signer: PermitSigner) -> float:
    """Seconds for the same rows written with plain sqlite3 in the same transactions."""
    con = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
        con.execute(f"PRAGMA {pragma}")
    started = time.perf_counter()
    for i in range(n):
        _bare_lifecycle(con, users, i, signer)
    elapsed = time.perf_counter() - started
    con.close()
    return elapsed


def main() -> None:
    """Measure both, alternating rounds so machine noise hits them alike; print the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="lifecycles per round")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        runtime, users, _ = prepare(Path(tmp) / "services")
        signer = PermitSigner(create_keys(Path(tmp) / "bare-keys", PASSPHRASE.encode()))
        bare_runtime, bare_users, bare_path = prepare(Path(tmp) / "bare")
        bare_runtime.database.dispose()
        service_times, bare_times = [], []
        for _ in range(args.rounds):
            service_times.append(run_services(runtime, users, args.n))
            bare_times.append(run_bare(bare_path, bare_users, args.n, signer))
        runtime.database.dispose()
    actions = 5 * args.n
    service, bare = statistics.median(service_times), statistics.median(bare_times)
    print(f"lifecycles per round:          {args.n} ({actions} actions), {args.rounds} rounds")
    print(f"service layer:                 {actions / service:8.1f} actions/s "
          f"({1000 * service / actions:.2f} ms/action)")  # fmt: skip
    print(f"bare SQL + render/sign:        {actions / bare:8.1f} actions/s "
          f"({1000 * bare / actions:.2f} ms/action)")  # fmt: skip
    print(f"ratio service / bare (time):   {service / bare:8.2f}x")


if __name__ == "__main__":
    main()
