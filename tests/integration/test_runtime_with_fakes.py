"""The services take what they need from the runtime they are handed: a runtime built with an
in-memory store, a fixed clock and a fake signer runs a whole approval on them."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

from permits.http.request import runtime_of
from permits.models import Application
from permits.services.applications import perform_action
from tests.factories import Cast, application_in
from tests.fakes import FAKE_SIGNATURE, FakeSigner, FixedClock, InMemoryStore, fake_issuer

# 19:30 UTC on New Year's Eve is half past midnight on 1 January in Astana (UTC+5).
NEW_YEAR_IN_ASTANA = datetime(2026, 12, 31, 19, 30, tzinfo=UTC)


def test_an_approval_runs_on_the_store_clock_and_signer_of_the_runtime_it_is_handed(
    app, session, db
):
    cast = Cast()
    application = application_in(session, cast, "awaiting_decision")
    installed, store, signer = runtime_of(app), InMemoryStore(), FakeSigner()
    fakes = dataclasses.replace(
        installed,
        intake=dataclasses.replace(installed.intake, store=store),
        clock=FixedClock(NEW_YEAR_IN_ASTANA),
    ).with_issuer(lambda _: fake_issuer(store, signer))
    perform_action(session, cast.approver, application.id, "approve", runtime=fakes)
    with db.scoped() as s:
        approved = s.get(Application, application.id)
        permit = approved.permit
        assert (permit.number, permit.valid_from) == ("KZ-IMP-2027-000001", date(2027, 1, 1))
        assert approved.decided_at == NEW_YEAR_IN_ASTANA
        signed_by = store.get(permit.pdf_sha256).split(FAKE_SIGNATURE)[1].decode()
    assert signed_by.endswith(f"at {NEW_YEAR_IN_ASTANA.isoformat()}")
    assert [moment for _, moment in signer.signed] == [NEW_YEAR_IN_ASTANA]
    assert not installed.intake.store.exists(permit.pdf_sha256)
    assert installed.issuer().store is installed.intake.store  # the copy opened its own issuer
