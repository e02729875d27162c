"""kill -9 in the middle of an action: the database holds the old state or the new, never half."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from permits.audit.chain import verify_chain
from permits.services.applications import perform_action
from tests.factories import Cast, UserFactory, application_in, runtime
from tests.integration.helpers import events, reload

ROOT = Path(__file__).resolve().parents[2]
UNCOMMITTED = ["after_update", "after_audit_insert", "before_commit"]


def kill_at(point: str, application_id: int, user_id: int, env: dict[str, str]) -> None:
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.integration.crash_child", point, str(application_id),
         str(user_id)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        line = child.stdout.readline().strip()
        assert line == "PAUSED", f"child never reached {point}: {line} {child.stderr.read()}"
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=30)
        child.stdout.close()
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL


@pytest.mark.slow
@pytest.mark.parametrize("point", [*UNCOMMITTED, "after_commit"])
def test_a_process_killed_mid_action_leaves_old_state_and_no_event_or_new_state_and_one(
    session, db, env, point
):
    cast = Cast()
    application = application_in(session, cast, "awaiting_decision")
    approver = UserFactory(role="approver")
    before = len(events(db))

    kill_at(point, application.id, approver.id, env)

    status = reload(db, application.id).status
    approvals = [e for e in events(db, application.id) if e.action == "application.approve"]
    if point in UNCOMMITTED:
        assert (status, len(approvals), len(events(db))) == ("awaiting_decision", 0, before)
        # Nothing is left locked: another approver can still decide.
        perform_action(session, cast.approver, application.id, "approve", runtime=runtime())
    else:
        assert (status, len(approvals), len(events(db))) == ("approved", 1, before + 1)
    with db.scoped() as s:
        assert verify_chain(s).ok
