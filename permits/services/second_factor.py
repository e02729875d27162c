"""The second factor for Ministry staff (TOTP, RFC 6238, via pyotp): enrolment, the code after
the password at sign-in, and the fresh code an enrolled approver gives for every approval,
whichever door the approval comes through. A code is accepted once; a single-use recovery code
may stand in for one. ``PERMITS_SECOND_FACTOR_ROLES`` names the roles that must enrol."""

from __future__ import annotations

import time

import pyotp
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from permits.audit.chain import record_event
from permits.domain import errors
from permits.domain.access import is_record_id, require_role
from permits.domain.actors import STAFF_ROLES, Principal
from permits.models import ApiToken, LoginAttempt, User
from permits.models.base import utcnow
from permits.services.auth import IssuedToken, revoke_all_tokens, token_hash
from permits.services.recovery_codes import (
    forget_recovery_codes,
    looks_like_recovery_code,
    replace_recovery_codes,
    use_recovery_code,
)
from permits.services.second_factor_keys import SecondFactorKeys
from permits.services.uow import unit_of_work

STAFF = STAFF_ROLES
NOT_ENROLLED = "No authenticator is enrolled."
WRONG_CODE = "The code is wrong or was already used."
ENROL_FIRST = (
    "Your role needs a second factor: sign in to the web interface and enrol an "
    "authenticator at /totp, then ask for a token with its code."
)


class EnrolmentRequired(errors.PermissionDenied):
    """A user of a role that needs a second factor has not enrolled one yet."""

    code = "second_factor_enrolment_required"
    title = "Second factor enrolment required"


def must_enrol(user: Principal, enrolled: bool, roles: frozenset[str]) -> bool:
    """True when the user's role needs a second factor and none is enrolled."""
    return user.role in roles and not enrolled


def accept_code(
    session: Session, user_id: int, code: str | None, keys: SecondFactorKeys,
    secret: str | None = None,
) -> None:  # fmt: skip
    """Accept a code once (inside the caller's transaction): an authenticator's, or a recovery
    code of an enrolled user (not while enrolling); InvalidInput naming ``code``."""
    user = session.get(User, user_id)
    stored = user.totp_secret if user else None
    if user is not None and stored and secret is None and looks_like_recovery_code(code):
        if use_recovery_code(session, user.id, code or ""):
            return
        raise errors.InvalidInput({"code": [WRONG_CODE]})
    secret = secret or (keys.open(stored) if stored else None)
    if user is None or secret is None:
        raise errors.InvalidInput({"code": [NOT_ENROLLED]})
    totp = pyotp.TOTP(secret)
    step = int(time.time() // totp.interval)
    for candidate in (step, step - 1):  # the current window and the one before (clock drift)
        if code and totp.verify(code.strip(), for_time=candidate * totp.interval):
            if user.totp_last_step is not None and candidate <= user.totp_last_step:
                break
            user.totp_last_step = candidate
            if stored and not keys.is_sealed_with_current_key(stored):
                user.totp_secret = keys.seal(secret)  # stored before encryption: sealed now
            return
    raise errors.InvalidInput({"code": [WRONG_CODE]})


def enrol_second_factor(
    session: Session, actor: Principal, secret: str, code: str | None, keys: SecondFactorKeys
) -> list[str]:
    """Keep a new secret, encrypted, once its first code is confirmed (Ministry staff), audited;
    return ten new recovery codes, to be shown this once (any earlier ones stop working)."""
    require_role(actor, *STAFF)
    with unit_of_work(session):
        user = session.get(User, actor.id)
        user.totp_last_step = None  # the steps of an earlier secret say nothing of this one
        accept_code(session, actor.id, code, keys, secret)
        user.totp_secret = keys.seal(secret)
        codes = replace_recovery_codes(session, actor.id)
        record_event(session, actor, "user.totp_enrolled", ("user", actor.id))
    return codes


def reset_second_factor(session: Session, actor: Principal, user_id: int) -> User:
    """Forget a user's authenticator and recovery codes (admins, never their own), audited: the
    user signs in again (every session ends) and enrols anew."""
    require_role(actor, "admin")
    if actor.id is not None and actor.id == user_id:
        raise errors.PermissionDenied("An admin cannot reset their own second factor.")
    with unit_of_work(session):
        user = session.get(User, user_id) if is_record_id(user_id) else None
        if user is None:
            raise errors.NotFound(f"User {user_id} not found")
        user.totp_secret, user.totp_last_step = None, None
        forget_recovery_codes(session, user.id)
        revoke_all_tokens(session, user.id)
        record_event(session, actor, "user.second_factor_reset", ("user", user.id))
    return user


def user_by_name(session: Session, username: str) -> User:
    """The user with that username; NotFound otherwise."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise errors.NotFound(f"User {username} not found")
    return user


def rotate_second_factor_key(session: Session, actor: Principal, keys: SecondFactorKeys) -> int:
    """Re-encrypt every stored secret under a new key (admins); return how many, audited."""
    require_role(actor, "admin")
    keys.begin_rotation()
    with unit_of_work(session):
        users = session.scalars(select(User).where(User.totp_secret.is_not(None))).all()
        for user in users:
            user.totp_secret = keys.seal(keys.open(user.totp_secret))
        record_event(session, actor, "keys.second_factor_rotated", ("keys", "totp"),
                     payload={"secrets": len(users)})  # fmt: skip
    keys.finish_rotation()
    return len(users)


def refuse_unenrolled(session: Session, issued: IssuedToken, roles: frozenset[str]) -> None:
    """A token is no use to someone who must enrol first: it is revoked and EnrolmentRequired
    says where to enrol (the password was right, so saying so reveals nothing new)."""
    if not must_enrol(issued.user, issued.user.totp_secret is not None, roles):
        return
    with unit_of_work(session):
        session.execute(
            update(ApiToken)
            .where(ApiToken.token_hash == token_hash(issued.token))
            .values(revoked_at=utcnow())
        )
        record_event(session, issued.user, "auth.second_factor_missing", ("user", issued.user.id))
    raise EnrolmentRequired(ENROL_FIRST)


def second_factor_passed(
    session: Session, issued: IssuedToken, code: str | None, address: str,
    keys: SecondFactorKeys,
) -> bool:  # fmt: skip
    """After the password: an enrolled user also gives a fresh code, else the new session ends
    and the failure counts towards the sign-in limit, like a wrong password."""
    if issued.user.totp_secret is None:
        return True
    try:
        with unit_of_work(session):
            accept_code(session, issued.user.id, code, keys)
    except errors.InvalidInput:
        with unit_of_work(session):
            session.execute(
                update(ApiToken)
                .where(ApiToken.token_hash == token_hash(issued.token))
                .values(revoked_at=utcnow())
            )
            session.add(LoginAttempt(username=issued.user.username[:128], address=address[:64]))
            record_event(
                session, issued.user, "auth.second_factor_failed", ("user", issued.user.id)
            )
        return False
    return True


def require_approval_code(
    session: Session, actor: Principal, code: str | None, keys: SecondFactorKeys
) -> None:
    """An enrolled approver confirms each approval with a fresh code (in the caller's work)."""
    user = session.get(User, actor.id) if actor.id is not None else None
    if user is not None and user.totp_secret is not None:
        accept_code(session, user.id, code, keys)
