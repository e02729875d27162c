"""``permits audit verify`` on honest and tampered logs: the chain, the Merkle tree, stored
checkpoints and checkpoints kept outside the database (a permit PDF, an earlier file)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import JSON, bindparam, select, text
from sqlalchemy.exc import DatabaseError

from permits.assembly.console import main
from permits.audit.chain import build_entry, entry_hash
from permits.audit.checkpoints import LogSigner, create_log_key
from permits.models import AuditCheckpoint, AuditEvent, Permit
from tests.integration.helpers import events


@pytest.fixture
def demo(env):
    """The demo data, loaded through the CLI (it approves one permit: one checkpoint on it)."""
    result = CliRunner().invoke(main, ["demo"], env=env)
    assert result.exit_code == 0, result.output
    return env


def run(env, *args):
    return CliRunner().invoke(main, list(args), env=env)


def verify(env, *args):
    return run(env, "audit", "verify", *args)


def as_dba(db, *statements: str, params: dict | None = None) -> None:
    """What only someone with the database's own rights can do: lift the triggers, then write."""
    with db.engine.begin() as connection:
        if db.dialect == "postgresql":
            connection.exec_driver_sql("ALTER TABLE audit_events DISABLE TRIGGER USER")
            connection.exec_driver_sql("ALTER TABLE audit_checkpoints DISABLE TRIGGER USER")
        else:
            for table in ("audit_events", "audit_checkpoints"):
                for verb in ("update", "delete"):
                    connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_no_{verb}")
        for statement in statements:
            if params is None:
                connection.exec_driver_sql(statement)
            else:
                connection.execute(text(statement), params)


def saved_checkpoint(env, tmp_path):
    """A checkpoint taken now and kept outside the database."""
    taken = run(env, "audit", "checkpoint")
    assert taken.exit_code == 0, taken.output
    path = tmp_path / "checkpoint.json"
    path.write_text(taken.output)
    return path, json.loads(taken.output)


def permit_pdf(app, db, tmp_path):
    from permits.http.request import runtime_of

    with db.scoped() as s:
        permit = s.scalars(select(Permit)).first()
    path = tmp_path / f"{permit.number}.pdf"
    path.write_bytes(runtime_of(app).intake.store.get(permit.pdf_sha256))
    return path


def forge_from(db, first: int, change) -> None:
    """Rewrite event ``first`` with ``change`` and recompute every entry and hash after it."""
    with db.engine.connect() as connection:
        rows = connection.execute(text("SELECT seq, entry FROM audit_events ORDER BY seq")).all()
    prev, forged = "0" * 64, []
    for seq, entry in rows:
        data = json.loads(entry)
        if seq == first:
            change(data)
        payload = data.pop("payload")
        for key in ("seq", "prev_hash"):
            data.pop(key)
        new = build_entry(seq, prev, data, payload) if seq >= first else entry
        prev = entry_hash(new)
        if seq >= first:
            forged.append({"seq": seq, "entry": new, "hash": prev})
    as_dba(db, "DELETE FROM audit_events WHERE seq >= :first", params={"first": first})
    with db.engine.begin() as connection:
        connection.execute(text("INSERT INTO audit_events (seq, entry, hash) "
                                "VALUES (:seq, :entry, :hash)"), forged)  # fmt: skip


def test_the_demo_log_verifies_with_its_checkpoints(demo, db):
    result = verify(demo)
    assert result.exit_code == 0, result.output
    assert "audit log intact" in result.output
    with db.scoped() as s:
        assert s.scalars(select(AuditCheckpoint)).first() is not None


def test_the_database_refuses_to_change_or_delete_audit_events(demo, db):
    for statement in ("UPDATE audit_events SET entry = entry WHERE seq = 1",
                      "DELETE FROM audit_events WHERE seq = 1",
                      "DELETE FROM audit_checkpoints"):  # fmt: skip
        with pytest.raises(DatabaseError, match="append-only"), db.engine.begin() as connection:
            connection.execute(text(statement))
    if db.dialect == "postgresql":
        with pytest.raises(DatabaseError, match="append-only"), db.engine.begin() as connection:
            connection.execute(text("TRUNCATE audit_events"))
    assert verify(demo).exit_code == 0


def test_generated_columns_always_say_what_the_hashed_entry_says(demo, db):
    with pytest.raises(DatabaseError), db.engine.begin() as connection:
        connection.execute(text("UPDATE audit_events SET reason = 'x' WHERE seq = 2"))
    (first, *_) = events(db)
    assert json.loads(first.entry)["action"] == first.action


def test_one_changed_payload_byte_is_detected_and_the_event_named(demo, db):
    # Event 7 made user "approver" an approver; one byte makes it an "approves".
    as_dba(db, "UPDATE audit_events SET entry = replace(entry, '\"role\":\"approver\"', "
               "'\"role\":\"approves\"') WHERE seq = 7")  # fmt: skip
    with db.scoped() as s:
        assert '"role":"approves"' in s.get(AuditEvent, 7).entry
    result = verify(demo)
    assert result.exit_code == 1
    assert "BROKEN at event 7" in result.output and "altered" in result.output


def test_a_deleted_middle_event_is_detected_and_named(demo, db):
    as_dba(db, "DELETE FROM audit_events WHERE seq = 12")
    result = verify(demo)
    assert result.exit_code == 1
    assert "BROKEN at event 12" in result.output and "event 12 is missing" in result.output


def test_two_swapped_events_are_detected(demo, db):
    as_dba(db, "UPDATE audit_events SET seq = -9 WHERE seq = 9",
           "UPDATE audit_events SET seq = 9 WHERE seq = 10",
           "UPDATE audit_events SET seq = 10 WHERE seq = -9")  # fmt: skip
    result = verify(demo)
    assert result.exit_code == 1 and "BROKEN at event 9" in result.output


def test_a_deleted_tail_is_detected_by_the_checkpoints(demo, db, tmp_path):
    path, taken = saved_checkpoint(demo, tmp_path)
    size = taken["tree_size"]
    as_dba(db, f"DELETE FROM audit_events WHERE seq > {size - 3}")
    result = verify(demo)
    assert result.exit_code == 1
    assert f"BROKEN at event {size - 2}" in result.output and "fewer than" in result.output
    # Tail and checkpoints gone: the copy kept outside still tells.
    as_dba(db, "DELETE FROM audit_checkpoints")
    assert verify(demo).exit_code == 0
    outside = verify(demo, "--checkpoint", str(path))
    assert outside.exit_code == 1 and f"BROKEN at event {size - 2}" in outside.output


def test_a_rehashed_table_with_a_forged_chain_is_caught_by_a_permits_checkpoint(
    app, demo, db, tmp_path
):
    pdf = permit_pdf(app, db, tmp_path)
    assert verify(demo, "--checkpoint", str(pdf)).exit_code == 0

    def blame_someone_else(data):
        data["actor_username"] = "someone_else"

    forge_from(db, 5, blame_someone_else)
    as_dba(db, "DELETE FROM audit_checkpoints")
    assert verify(demo).exit_code == 0  # the chain alone is consistent again
    result = verify(demo, "--checkpoint", str(pdf))
    assert result.exit_code == 1
    assert "were rewritten" in result.output and "BROKEN at event 1" in result.output


def test_stored_checkpoints_narrow_down_where_a_forged_chain_begins(demo, db, tmp_path):
    saved_checkpoint(demo, tmp_path)
    with db.scoped() as s:
        sizes = sorted(s.scalars(select(AuditCheckpoint.tree_size)))
    target = sizes[-2] + 2  # after the second-to-last checkpoint

    def new_reason(data):
        data["reason"] = "rewritten"

    forge_from(db, target, new_reason)
    result = verify(demo)
    assert result.exit_code == 1
    assert f"BROKEN at event {sizes[-2] + 1}" in result.output


def test_truncate_and_reinsert_is_caught_by_a_permits_checkpoint(app, demo, db, tmp_path):
    pdf = permit_pdf(app, db, tmp_path)
    with db.engine.connect() as connection:
        rows = [dict(r._mapping) for r in connection.execute(
            text("SELECT seq, entry, hash FROM audit_events ORDER BY seq"))]  # fmt: skip
    wipe = "TRUNCATE audit_events" if db.dialect == "postgresql" else "DELETE FROM audit_events"
    as_dba(db, wipe, "DELETE FROM audit_checkpoints")
    prev, forged = "0" * 64, []
    for row in rows[1:]:  # the first event quietly dropped, the rest renumbered
        data = json.loads(row["entry"])
        payload = data.pop("payload")
        seq = len(forged) + 1
        data.pop("seq"), data.pop("prev_hash")
        entry = build_entry(seq, prev, data, payload)
        prev = entry_hash(entry)
        forged.append({"seq": seq, "entry": entry, "hash": prev})
    with db.engine.begin() as connection:
        connection.execute(text("INSERT INTO audit_events (seq, entry, hash) "
                                "VALUES (:seq, :entry, :hash)"), forged)  # fmt: skip
    assert verify(demo).exit_code == 0
    result = verify(demo, "--checkpoint", str(pdf))
    assert result.exit_code == 1 and "BROKEN at event 1" in result.output


def test_a_checkpoint_signed_by_another_key_is_refused(demo, tmp_path):
    path, taken = saved_checkpoint(demo, tmp_path)
    impostor: LogSigner = create_log_key(tmp_path / "impostor", b"impostor passphrase")
    forged = impostor.sign(taken["tree_size"], taken["root_hash"], taken["issued_at"])
    path.write_text(json.dumps(forged.to_json()))
    result = verify(demo, "--checkpoint", str(path))
    assert result.exit_code == 1 and "not signed by the log key" in result.output


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "neither JSON nor a permit PDF"),
    ('{"log": "permits audit log", "tree_size": -1, "root_hash": "00", "issued_at": "x", '
     '"key_id": "k", "signature": "s"}', "tree_size must be a whole number"),
    ('{"log": "another log"}', "not a checkpoint"),
    ("%PDF-1.4 broken", "not a readable PDF"),
])  # fmt: skip
def test_a_malformed_checkpoint_file_gets_a_clear_message(demo, tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    result = verify(demo, "--checkpoint", str(path))
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output


def test_checkpoints_continue_from_the_last_and_stay_consistent(demo, db):
    from permits.audit.merkle import MerkleTree, verify_consistency

    run(demo, "audit", "checkpoint")
    with db.scoped() as s:
        stored = list(s.scalars(select(AuditCheckpoint).order_by(AuditCheckpoint.id)))
        leaves = [
            bytes.fromhex(h) for h in s.scalars(select(AuditEvent.hash).order_by(AuditEvent.seq))
        ]
    tree = MerkleTree(leaves)
    for old, new in pairwise(stored):
        assert tree.root(old.tree_size).hex() == old.root_hash
        proof = tree.consistency_proof(old.tree_size, new.tree_size)
        assert verify_consistency(old.tree_size, new.tree_size, bytes.fromhex(old.root_hash),
                                  bytes.fromhex(new.root_hash), proof)  # fmt: skip
    again = run(demo, "audit", "checkpoint")
    assert json.loads(again.output)["tree_size"] == stored[-1].tree_size


def test_an_export_verifies_offline_and_damage_to_it_is_named(demo, tmp_path, keys_path):
    export = tmp_path / "audit.jsonl"
    written = run(
        demo, "audit", "export", "--from", "2020-01-01", "--to", "2099-12-31", str(export)
    )
    assert written.exit_code == 0, written.output
    key = str(keys_path / "log_key.pub")
    assert verify(demo, "--export", str(export), "--root-key", key).exit_code == 0
    lines = export.read_text().splitlines()
    damaged = tmp_path / "damaged.jsonl"
    record = json.loads(lines[5])
    record["entry"] = record["entry"].replace('"actor_role":"', '"actor_role":"x', 1)
    damaged.write_text("\n".join([*lines[:5], json.dumps(record), *lines[6:]]))
    result = verify(demo, "--export", str(damaged), "--root-key", key)
    assert result.exit_code == 1 and "does not match its hash" in result.output
    truncated = tmp_path / "truncated.jsonl"
    truncated.write_text("\n".join(lines[:-2]) + "\n" + lines[-2][:40])
    result = verify(demo, "--export", str(truncated), "--root-key", key)
    assert result.exit_code == 1 and "truncated" in result.output
    other = create_log_key(tmp_path / "other", b"other passphrase")
    assert other.key_id
    wrong = verify(
        demo, "--export", str(export), "--root-key", str(tmp_path / "other" / "log_key.pub")
    )
    assert wrong.exit_code == 1 and "not signed by this log key" in wrong.output


def test_export_dates_in_the_wrong_order_are_refused(demo, tmp_path):
    result = run(demo, "audit", "export", "--from", "2026-12-31", "--to", "2026-01-01",
                 str(tmp_path / "x.jsonl"))  # fmt: skip
    assert result.exit_code == 1 and "wrong order" in result.output
    assert not (tmp_path / "x.jsonl").exists()


def test_an_export_verifies_offline_in_a_process_with_no_database(demo, tmp_path, keys_path):
    export = tmp_path / "audit.jsonl"
    assert run(demo, "audit", "export", str(export)).exit_code == 0
    key = tmp_path / "log.pub"
    key.write_bytes((keys_path / "log_key.pub").read_bytes())
    bare = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "LANG": "C.UTF-8",
            "PERMITS_INSTANCE_PATH": str(tmp_path / "no-instance")}  # fmt: skip
    permits = Path(sys.executable).parent / "permits"
    done = subprocess.run(
        [str(permits), "audit", "verify", "--export", str(export), "--root-key", str(key)],
        env=bare,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "export verified" in done.stdout
    assert not (tmp_path / "no-instance").exists()  # no app, no database was ever opened


def test_events_written_before_the_verifiable_format_are_carried_over(empty_database_url):
    from permits.migrations import upgrade
    from permits.models.database import Database

    db = Database(empty_database_url)
    upgrade(db.engine, "0008")
    with db.engine.begin() as connection:
        insert = text(
            "INSERT INTO audit_events (seq, occurred_at, actor_id, actor_username, actor_role, "
            "action, subject_type, subject_id, from_state, to_state, reason, payload, prev_hash, "
            "hash) VALUES (:seq, '2026-01-05 10:00:00.000001', NULL, 'cli:root', 'admin', "
            "'firm.create', 'firm', :subject, NULL, NULL, :reason, :payload, 'old', :hash)"
        ).bindparams(bindparam("payload", type_=JSON))
        connection.execute(insert, [
            {"seq": n, "subject": str(n), "reason": f"r{n}", "hash": f"h{n}",
             "payload": {"b": 1, "a": ["x"]}} for n in (1, 2, 3)
        ])  # fmt: skip
    upgrade(db.engine)
    with db.scoped() as session:
        from permits.audit.chain import verify_chain

        assert verify_chain(session).ok and verify_chain(session).events == 3
        event = session.get(AuditEvent, 2)
        assert (event.reason, event.payload) == ("r2", {"a": ["x"], "b": 1})
        assert event.occurred_at.isoformat() == "2026-01-05T10:00:00.000001+00:00"
    db.dispose()


def test_a_checkpoint_is_signed_at_least_every_configured_minutes_of_activity(session, db):
    from freezegun import freeze_time

    from tests.factories import Cast, application_in

    def sizes():
        with db.scoped() as s:
            return list(s.scalars(select(AuditCheckpoint.tree_size).order_by(AuditCheckpoint.id)))

    with freeze_time("2026-11-30 08:00:00"):
        cast = Cast()
        application_in(session, cast, "draft")
    first = sizes()
    assert len(first) == 1  # the first event after a quiet log is signed at once
    with freeze_time("2026-11-30 08:05:00"):
        application_in(session, cast, "draft")
    assert sizes() == first
    with freeze_time("2026-11-30 08:11:00"):
        application_in(session, cast, "draft")
    later = sizes()
    assert len(later) == 2 and later[1] > later[0]


def test_no_checkpoint_is_signed_over_a_damaged_log(session, db):
    from permits.domain import errors
    from permits.services.applications import perform_action
    from tests.factories import Cast, application_in, runtime

    cast = Cast()
    application = application_in(session, cast, "awaiting_decision")
    session.commit()  # end the test session's read snapshot before the schema changes below
    with db.scoped() as s:
        last = s.scalars(select(AuditEvent.seq).order_by(AuditEvent.seq.desc())).first()
    as_dba(db, f"UPDATE audit_events SET entry = replace(entry, '\"reason\":', "
               f"'\"reason\" :') WHERE seq = {last}")  # fmt: skip
    with pytest.raises(errors.ServiceUnavailable, match="damaged"):
        perform_action(session, cast.approver, application.id, "approve", runtime=runtime())
    with db.scoped() as s:
        assert s.scalars(select(Permit)).first() is None
