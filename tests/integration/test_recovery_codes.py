"""Recovery codes of the second factor (ten, hashed, each usable once) and the admin's reset of
another user's second factor (audited, never one's own), through the services and the CLI."""

from __future__ import annotations

import pyotp
import pytest
from click.testing import CliRunner
from freezegun import freeze_time
from sqlalchemy import select

from permits.assembly.console import main
from permits.domain import errors
from permits.models import ApiToken, AuditEvent, RecoveryCode, User
from permits.models.base import utcnow
from permits.services.applications import perform_action
from permits.services.auth import LoginPolicy, issue_token
from permits.services.recovery_codes import recovery_codes_left
from permits.services.second_factor import (
    accept_code,
    enrol_second_factor,
    reset_second_factor,
)
from permits.services.uow import unit_of_work
from tests.factories import PASSWORD, Cast, application_in, runtime


def keys():
    """The test installation's key for authenticator secrets."""
    return runtime().keyring.second_factor_keys()


def enrolled(session, user) -> list[str]:
    """Enrol a fresh authenticator for the user; the recovery codes it gives."""
    totp = pyotp.TOTP(pyotp.random_base32())
    return enrol_second_factor(session, user, totp.secret, totp.now(), keys())


def test_enrolment_gives_ten_different_codes_stored_only_as_salted_hashes(session):
    cast = Cast()
    codes = enrolled(session, cast.officer)
    assert len(codes) == len(set(codes)) == 10
    stored = session.scalars(select(RecoveryCode.code_hash)).all()
    assert len(stored) == 10 and len({h.split("$")[0] for h in stored}) == 10  # a salt each
    for code in codes:
        assert not any(code in h or code.replace("-", "") in h for h in stored)
    assert recovery_codes_left(session, cast.officer.id) == 10


def test_a_recovery_code_stands_in_for_a_code_once(session):
    cast = Cast()
    codes = enrolled(session, cast.officer)
    with unit_of_work(session):
        accept_code(session, cast.officer.id, codes[3].upper().replace("-", " "), keys())
    assert recovery_codes_left(session, cast.officer.id) == 9
    with pytest.raises(errors.InvalidInput), unit_of_work(session):
        accept_code(session, cast.officer.id, codes[3], keys())
    with pytest.raises(errors.InvalidInput), unit_of_work(session):
        accept_code(session, cast.officer.id, "abcd-efgh-jkmn", keys())


def test_an_approver_approves_with_a_recovery_code_once(session):
    cast = Cast()
    application = application_in(session, cast, "awaiting_decision")
    codes = enrolled(session, cast.approver)
    approved = perform_action(session, cast.approver, application.id, "approve",
                              runtime=runtime(), code=codes[0])  # fmt: skip
    assert approved.status == "approved"
    assert recovery_codes_left(session, cast.approver.id) == 9


def test_enrolling_again_replaces_the_recovery_codes(session):
    cast = Cast()
    first = enrolled(session, cast.officer)
    with freeze_time(utcnow()) as clock:
        clock.tick(31)
        enrolled(session, cast.officer)
    with pytest.raises(errors.InvalidInput), unit_of_work(session):
        accept_code(session, cast.officer.id, first[0], keys())
    assert recovery_codes_left(session, cast.officer.id) == 10


def test_an_admin_resets_another_users_second_factor_audited_and_their_sessions_end(session):
    cast = Cast()
    enrolled(session, cast.officer)
    issue_token(session, cast.officer.username, PASSWORD, "test", LoginPolicy())
    reset_second_factor(session, cast.admin, cast.officer.id)
    officer = session.get(User, cast.officer.id)
    assert officer.totp_secret is None and recovery_codes_left(session, officer.id) == 0
    tokens = session.scalars(select(ApiToken).where(ApiToken.user_id == officer.id)).all()
    assert tokens and all(token.revoked_at is not None for token in tokens)
    event = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "user.second_factor_reset")
    ).one()
    assert event.actor_username == cast.admin.username and event.subject_id == str(cast.officer.id)


def test_an_admin_cannot_reset_their_own_second_factor_nor_may_others_reset_any(session):
    cast = Cast()
    with pytest.raises(errors.PermissionDenied, match="own"):
        reset_second_factor(session, cast.admin, cast.admin.id)
    for who in (cast.officer, cast.approver, cast.auditor):
        with pytest.raises(errors.PermissionDenied):
            reset_second_factor(session, who, cast.approver2.id)
    with pytest.raises(errors.NotFound):
        reset_second_factor(session, cast.admin, 999_999)


def test_the_cli_resets_a_users_second_factor(session, env):
    cast = Cast()
    enrolled(session, cast.officer)
    session.commit()
    result = CliRunner().invoke(main, ["admin", "reset-second-factor", cast.officer.username],
                                env=env)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "enrol again" in result.output
    session.commit()  # a new transaction, to see what the command wrote
    assert session.get(User, cast.officer.id).totp_secret is None
    unknown = CliRunner().invoke(main, ["admin", "reset-second-factor", "nobody"], env=env)
    assert unknown.exit_code != 0 and "nobody" in unknown.output
