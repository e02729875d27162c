"""Approval issues the signed permit in the same transaction, or nothing happens at all."""

from __future__ import annotations

import dataclasses
import hashlib
import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from documents.pki import load_keys
from documents.signing import check_signature
from permits.domain import errors
from permits.http.request import runtime_of
from permits.models import Document, Permit, PermitCounter
from permits.services.applications import perform_action
from permits.services.keyring import Keyring
from tests.conftest import SIGNING_PASSPHRASE
from tests.factories import Cast, application_in, clock, runtime
from tests.integration.helpers import counts, reload


def permits(db) -> list[Permit]:
    with db.scoped() as s:
        return list(s.scalars(select(Permit).order_by(Permit.id)))


def test_an_approval_issues_a_signed_permit_stored_by_hash(session, db, app, keys_path):
    cast = Cast()
    application = application_in(session, cast, "approved")
    (permit,) = permits(db)
    year = clock().today().year
    assert (permit.number, permit.status, permit.application_id) == (
        f"KZ-IMP-{year}-000001", "active", application.id)  # fmt: skip
    signed = runtime_of(app).intake.store.get(permit.pdf_sha256)
    assert hashlib.sha256(signed).hexdigest() == permit.pdf_sha256
    root = load_keys(keys_path, SIGNING_PASSPHRASE.encode()).root
    check = check_signature(signed, root)
    assert check.ok, check.reasons
    assert check.subject == f"permit:{permit.number}"


def test_numbers_are_gapless_per_type_and_year(session, db):
    cast = Cast()
    for _ in range(2):
        application_in(session, cast, "approved")
    application_in(session, cast, "approved", "export", counterpart_country="UZ",
                   customs_point="ZHIBEK-ZHOLY",
                   end_user={"name": "Club", "country": "UZ", "address": None},
                   consignee={"name": "Club", "country": "UZ", "address": None})  # fmt: skip
    year = clock().today().year
    assert [p.number for p in permits(db)] == [
        f"KZ-IMP-{year}-000001", f"KZ-IMP-{year}-000002", f"KZ-EXP-{year}-000001"]  # fmt: skip


def test_validity_never_outlasts_a_licence_the_permit_rests_on(session, db):
    cast = Cast()
    application = application_in(session, cast, "awaiting_decision")
    soon = clock().today() + timedelta(days=20)
    with db.scoped() as s, s.begin():
        query = select(Document).where(
            Document.application_id == application.id, Document.kind == "industry_licence"
        )
        licence = s.scalars(query).one()
        licence.valid_until = soon
    perform_action(session, cast.approver, application.id, "approve", runtime=runtime())
    assert permits(db)[0].valid_until == soon


class BrokenSigner:
    def sign(self, pdf, approver, moment):
        raise RuntimeError("the signing device is unplugged")


def test_a_signing_failure_leaves_the_application_exactly_as_it_was(session, db):
    cast = Cast()
    application = application_in(session, cast, "awaiting_decision")
    before = counts(db)
    broken = dataclasses.replace(runtime().issuer(), signer=BrokenSigner())
    with pytest.raises(RuntimeError, match="unplugged"):
        perform_action(
            session,
            cast.approver,
            application.id,
            "approve",
            runtime=runtime().with_issuer(lambda _: broken),
        )
    session.rollback()
    assert reload(db, application.id).status == "awaiting_decision"
    assert counts(db) == before
    assert permits(db) == []
    with db.scoped() as s:
        assert s.scalar(select(PermitCounter.last)) in (None, 0)
    perform_action(session, cast.approver, application.id, "approve", runtime=runtime())
    assert permits(db)[0].sequence == 1


def test_an_approval_without_signing_keys_is_refused(session, db, tmp_path):
    cast = Cast()
    application = application_in(session, cast, "awaiting_decision")
    keyless = Keyring(tmp_path / "no-keys", SIGNING_PASSPHRASE)
    unsigned = dataclasses.replace(runtime(), keyring=keyless)
    with pytest.raises(errors.ServiceUnavailable):
        perform_action(session, cast.approver, application.id, "approve", runtime=unsigned)
    assert reload(db, application.id).status == "awaiting_decision"


@pytest.mark.slow
def test_sixteen_concurrent_approvals_get_sixteen_gapless_numbers(session, db):
    cast = Cast()
    applications = [application_in(session, cast, "awaiting_decision") for _ in range(16)]
    barrier, failures = threading.Barrier(16), []
    signing = runtime()

    def approve(application_id: int) -> None:
        with db.scoped() as own:
            barrier.wait()
            try:
                perform_action(own, cast.approver, application_id, "approve", runtime=signing)
            except Exception as error:  # reported below
                failures.append(error)

    threads = [threading.Thread(target=approve, args=(a.id,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert failures == []
    assert sorted(p.sequence for p in permits(db)) == list(range(1, 17))
