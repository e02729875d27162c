"""The second factor is a rule of the service: an enrolled approver confirms every approval
with a fresh code, through the API as through the pages."""

from __future__ import annotations

import pyotp
import pytest
from freezegun import freeze_time

from permits.domain import errors
from permits.models.base import utcnow
from permits.services.applications import perform_action
from permits.services.second_factor import enrol_second_factor
from tests.factories import Cast, application_in, runtime


def keys():
    """The test installation's key for authenticator secrets."""
    return runtime().keyring.second_factor_keys()


def test_an_enrolled_approver_needs_a_fresh_code_whatever_the_door(session):
    cast = Cast()
    application = application_in(session, cast, "awaiting_decision")
    totp = pyotp.TOTP(pyotp.random_base32())
    with freeze_time(utcnow()) as clock:
        enrol_second_factor(session, cast.approver, totp.secret, totp.now(), keys())
        with pytest.raises(errors.InvalidInput) as missing:
            perform_action(session, cast.approver, application.id, "approve", runtime=runtime())
        assert list(missing.value.errors) == ["code"]
        with pytest.raises(errors.InvalidInput):  # the enrolment's code was used already
            perform_action(session, cast.approver, application.id, "approve", runtime=runtime(),
                           code=totp.now())  # fmt: skip
        clock.tick(31)
        approved = perform_action(session, cast.approver, application.id, "approve",
                                  runtime=runtime(), code=totp.now())  # fmt: skip
    assert approved.status == "approved"


def test_only_ministry_staff_enrol(session):
    cast = Cast()
    with pytest.raises(errors.PermissionDenied):
        enrol_second_factor(session, cast.head, pyotp.random_base32(), "000000", keys())
