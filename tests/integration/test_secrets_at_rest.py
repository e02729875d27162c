"""Secrets at rest: authenticator secrets encrypted with a key outside the database, rotated by
a command; the audit log's key under a passphrase of its own, changed by a command."""

from __future__ import annotations

from pathlib import Path

import pyotp
import pytest
from click.testing import CliRunner
from freezegun import freeze_time
from sqlalchemy import select

from documents.pki import create_keys
from permits.assembly.app import create_app
from permits.assembly.console import main
from permits.audit.checkpoints import create_log_key
from permits.domain import errors
from permits.domain.actors import cli_actor
from permits.http.request import runtime_of
from permits.models import AuditEvent, User
from permits.models.base import utcnow
from permits.services.keyring import Keyring
from permits.services.second_factor import (
    accept_code,
    enrol_second_factor,
    rotate_second_factor_key,
)
from permits.services.second_factor_keys import PREFIX, SecondFactorKeys
from tests.factories import Cast


def stored_secret(session, user_id: int) -> str:
    """The value in the database, read in a transaction of its own."""
    session.rollback()
    value = session.scalar(select(User.totp_secret).where(User.id == user_id))
    session.rollback()
    return value


def test_an_enrolled_secret_is_stored_encrypted_and_opens_only_with_the_key_file(session, tmp_path):
    cast, keys = Cast(), SecondFactorKeys(tmp_path / "totp.keys")
    totp = pyotp.TOTP(pyotp.random_base32())
    with freeze_time(utcnow()):
        enrol_second_factor(session, cast.approver, totp.secret, totp.now(), keys)
    stored = stored_secret(session, cast.approver.id)
    assert stored.startswith(PREFIX) and totp.secret not in stored
    assert keys.open(stored) == totp.secret
    with pytest.raises(errors.ServiceUnavailable):
        SecondFactorKeys(tmp_path / "another.keys").open(stored)


def test_a_secret_stored_before_encryption_still_works_and_is_sealed_on_its_next_use(
    session, tmp_path
):
    cast, keys = Cast(), SecondFactorKeys(tmp_path / "totp.keys")
    totp = pyotp.TOTP(pyotp.random_base32())
    with session.begin():
        session.get(User, cast.approver.id).totp_secret = totp.secret  # as 0010 stored it
    with freeze_time(utcnow()), session.begin():
        accept_code(session, cast.approver.id, totp.now(), keys)
    stored = stored_secret(session, cast.approver.id)
    assert stored.startswith(PREFIX) and keys.open(stored) == totp.secret


def test_rotation_re_encrypts_every_secret_and_drops_the_old_key(session, tmp_path):
    cast, keys = Cast(), SecondFactorKeys(tmp_path / "totp.keys")
    totp = pyotp.TOTP(pyotp.random_base32())
    with freeze_time(utcnow()) as clock:
        enrol_second_factor(session, cast.approver, totp.secret, totp.now(), keys)
        before, old_key = stored_secret(session, cast.approver.id), keys.path.read_bytes()
        assert rotate_second_factor_key(session, cli_actor(), keys) == 1
        after = stored_secret(session, cast.approver.id)
        assert after != before and keys.open(after) == totp.secret
        assert keys.is_sealed_with_current_key(after)
        assert old_key not in keys.path.read_bytes()
        assert (keys.path.stat().st_mode & 0o777) == 0o600
        clock.tick(31)
        with session.begin():
            accept_code(session, cast.approver.id, totp.now(), keys)
    actions = session.scalars(select(AuditEvent.action)).all()
    assert "keys.second_factor_rotated" in actions


def test_only_an_administrator_rotates_the_key(session, tmp_path):
    with pytest.raises(errors.PermissionDenied):
        rotate_second_factor_key(session, Cast().approver, SecondFactorKeys(tmp_path / "k"))


def test_the_audit_log_key_does_not_open_with_the_signing_passphrase(tmp_path):
    create_keys(tmp_path, b"signing passphrase")
    create_log_key(tmp_path, b"log key passphrase")
    assert Keyring(tmp_path, "signing passphrase", "log key passphrase").log_signer()
    with pytest.raises(errors.InvalidInput) as wrong:
        Keyring(tmp_path, "signing passphrase", "signing passphrase").log_signer()
    assert "PERMITS_LOG_KEY_PASSPHRASE" in wrong.value.errors


def test_keys_init_refuses_one_passphrase_for_both_keys(tmp_path):
    with pytest.raises(errors.InvalidInput) as same:
        Keyring(tmp_path, "one passphrase for all", "one passphrase for all").init()
    assert "PERMITS_LOG_KEY_PASSPHRASE" in same.value.errors
    assert not (tmp_path / "log_key.pem").exists()


@pytest.mark.parametrize(("key", "setting"), [
    ("log", "PERMITS_LOG_KEY_PASSPHRASE"), ("signing", "PERMITS_SIGNING_PASSPHRASE"),
])  # fmt: skip
def test_a_keys_passphrase_is_changed_by_a_command(env, tmp_path, key, setting):
    env = {**env, "PERMITS_KEYS_PATH": str(tmp_path / "keys"),
           "PERMITS_SIGNING_PASSPHRASE": "signing passphrase",
           "PERMITS_LOG_KEY_PASSPHRASE": "log key passphrase"}  # fmt: skip
    assert CliRunner().invoke(main, ["keys", "init"], env=env).exit_code == 0
    changed = CliRunner().invoke(
        main, ["keys", "change-passphrase", key],
        env={**env, "PERMITS_NEW_PASSPHRASE": "a brand new passphrase"},
    )  # fmt: skip
    assert changed.exit_code == 0, changed.output
    assert setting in changed.output
    old = CliRunner().invoke(main, ["keys", "show"], env=env)
    assert old.exit_code == 1 and setting in old.output
    new = CliRunner().invoke(main, ["keys", "show"], env={**env, setting: "a brand new passphrase"})
    assert new.exit_code == 0, new.output


def test_a_new_passphrase_equal_to_the_other_keys_is_refused(env, tmp_path):
    env = {**env, "PERMITS_KEYS_PATH": str(tmp_path / "keys"),
           "PERMITS_SIGNING_PASSPHRASE": "signing passphrase",
           "PERMITS_LOG_KEY_PASSPHRASE": "log key passphrase"}  # fmt: skip
    CliRunner().invoke(main, ["keys", "init"], env=env)
    same = CliRunner().invoke(
        main, ["keys", "change-passphrase", "log"],
        env={**env, "PERMITS_NEW_PASSPHRASE": "signing passphrase"},
    )  # fmt: skip
    assert same.exit_code == 1 and "must differ" in same.output


def test_the_second_factor_key_is_rotated_by_a_command(env, session):
    cast = Cast()
    totp = pyotp.TOTP(pyotp.random_base32())
    keys = Keyring(Path(env["PERMITS_KEYS_PATH"])).second_factor_keys()
    with freeze_time(utcnow()):
        enrol_second_factor(session, cast.approver, totp.secret, totp.now(), keys)
    result = CliRunner().invoke(main, ["keys", "rotate-second-factor"], env=env)
    assert result.exit_code == 0, result.output
    assert "re-encrypted under a new key: 1" in result.output


def test_without_a_virus_scanner_the_app_refuses_to_start_unless_told_explicitly(
    database_url, tmp_path
):
    settings = {"DATABASE_URL": database_url, "INSTANCE_PATH": str(tmp_path / "i")}
    with pytest.raises(errors.InvalidInput) as refused:
        create_app({**settings, "ALLOW_UNSCANNED": ""})
    assert "PERMITS_CLAMD_ADDRESS" in refused.value.errors
    assert "PERMITS_ALLOW_UNSCANNED=1" in refused.value.message
    for allowed in ({"ALLOW_UNSCANNED": "1"}, {"CLAMD_ADDRESS": "127.0.0.1:3310"}):
        runtime_of(create_app({**settings, "ALLOW_UNSCANNED": "", **allowed})).database.dispose()
