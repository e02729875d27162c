"""Sixteen approvers press "approve" at the same moment: exactly one wins."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from permits.audit.chain import verify_chain
from permits.domain import errors
from permits.models import AuditEvent
from permits.services.applications import perform_action
from tests.factories import Cast, UserFactory, application_in, runtime
from tests.integration.helpers import events, reload

THREADS = 16


@pytest.mark.slow
def test_sixteen_concurrent_approvals_give_one_success_one_approval_and_one_event(session, db):
    cast = Cast()
    application = application_in(session, cast, "awaiting_decision")
    approvers = [UserFactory(role="approver") for _ in range(THREADS)]
    version = application.version
    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []

    def approve(approver):
        with db.scoped() as own_session:
            barrier.wait()
            try:
                perform_action(
                    own_session,
                    approver,
                    application.id,
                    "approve",
                    expected_version=version,
                    runtime=runtime(),
                )
                outcomes.append("approved")
            except errors.Conflict as conflict:
                outcomes.append(type(conflict).__name__)

    threads = [threading.Thread(target=approve, args=(a,)) for a in approvers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    assert len(outcomes) == THREADS
    assert outcomes.count("approved") == 1
    assert set(outcomes) - {"approved"} <= {"StaleVersion", "InvalidState"}
    assert reload(db, application.id).status == "approved"
    approvals = [e for e in events(db, application.id) if e.action == "application.approve"]
    assert len(approvals) == 1
    with db.scoped() as s:
        seqs = list(s.scalars(select(AuditEvent.seq).order_by(AuditEvent.seq)))
    assert seqs == list(range(1, len(seqs) + 1))


@pytest.mark.slow
def test_concurrent_actions_on_different_applications_keep_the_audit_chain_intact(session, db):
    cast = Cast()
    applications = [application_in(session, cast, "submitted") for _ in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    failures: list[Exception] = []

    def accept(application):
        with db.scoped() as own_session:
            barrier.wait()
            try:
                perform_action(
                    own_session, cast.officer, application.id, "accept", runtime=runtime()
                )
            except Exception as error:  # the test reports any failure below
                failures.append(error)

    threads = [threading.Thread(target=accept, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    with db.scoped() as s:
        report = verify_chain(s)
    assert report.ok, report.problem
