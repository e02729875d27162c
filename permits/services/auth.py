"""Signing in for API tokens, checking tokens, revoking them; failed sign-ins are rate limited.

The limits live in the database, not in a process, so they hold across every app process.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from permits.audit.chain import record_event
from permits.domain import errors
from permits.domain.actors import Principal, SystemActor
from permits.domain.passwords import hash_password, needs_rehash, verify_password
from permits.models import ApiToken, LoginAttempt, User
from permits.models.base import utcnow
from permits.services.uow import unit_of_work

# Verifying against a real hash when the user does not exist keeps timing from revealing names.
_DUMMY_HASH = hash_password("no such user - constant-time comparison")


@dataclass(frozen=True)
class LoginPolicy:
    """How long tokens live and how many failed sign-ins a window allows.

    ``max_failures`` counts one account's failures from one address, so one person's typos
    lock only that person there; the account across all addresses gets three times as many
    (slow guessing from many places); an address across all accounts gets
    ``max_failures_per_address``, a ceiling high enough for an office behind one NAT.
    """

    token_ttl: timedelta = timedelta(hours=8)
    max_failures: int = 10
    max_failures_per_address: int = 200
    window: timedelta = timedelta(minutes=1)

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any], token_ttl: timedelta) -> LoginPolicy:
        """The limits an installation's settings give, with the interface's token lifetime."""
        return cls(
            token_ttl=token_ttl,
            max_failures=int(settings["LOGIN_MAX_FAILURES_PER_MINUTE"]),
            max_failures_per_address=int(settings["LOGIN_MAX_FAILURES_PER_ADDRESS"]),
        )


@dataclass(frozen=True)
class IssuedToken:
    """A new token: shown to its owner once, stored only as a hash."""

    token: str
    expires_at: datetime
    user: User


def token_hash(token: str) -> str:
    """The SHA-256 (hex) under which a token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def _failures(session: Session, since: datetime, *conditions: Any) -> int:
    query = select(func.count()).where(LoginAttempt.attempted_at >= since, *conditions)
    return session.scalar(query) or 0


def _check_rate(session: Session, username: str, address: str, policy: LoginPolicy) -> None:
    since = utcnow() - policy.window
    by_account = LoginAttempt.username == username[:128]
    by_address = LoginAttempt.address == address[:64]
    limits = (
        ((by_account, by_address), policy.max_failures, "this account from this address"),
        ((by_account,), 3 * policy.max_failures, "this account"),
        ((by_address,), policy.max_failures_per_address, "this address"),
    )
    for conditions, limit, whose in limits:
        if _failures(session, since, *conditions) >= limit:
            seconds = int(policy.window.total_seconds())
            raise errors.TooManyAttempts(
                f"Too many failed sign-ins for {whose}; try again in {seconds} seconds",
                retry_after=seconds,
            )


def _record_failure(session: Session, username: str, address: str, user: User | None) -> None:
    session.add(LoginAttempt(username=username[:128], address=address[:64]))
    actor = user or SystemActor(username=username[:128], role="anonymous")
    record_event(
        session, actor, "auth.login_failed", ("user", user.id if user else "-"),
        payload={"address": address},
    )  # fmt: skip


def new_token(
    session: Session, user: User, password: str, address: str, policy: LoginPolicy, kind: str
) -> IssuedToken:
    """A fresh token for a user whose password was just checked (inside the caller's work)."""
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    token, expires_at = secrets.token_urlsafe(32), utcnow() + policy.token_ttl
    session.add(ApiToken(user_id=user.id, token_hash=token_hash(token), expires_at=expires_at,
                         kind=kind, last_seen_at=utcnow()))  # fmt: skip
    record_event(session, user, "auth.login", ("user", user.id),
                 payload={"address": address, "kind": kind})  # fmt: skip
    return IssuedToken(token=token, expires_at=expires_at, user=user)


def issue_token(
    session: Session, username: str, password: str, address: str, policy: LoginPolicy,
    kind: str = "api",
) -> IssuedToken:  # fmt: skip
    """Check the password and issue a token (a bearer token, or a browser session record with
    ``kind="web"``); failures are recorded and rate limited."""
    issued = None
    with unit_of_work(session):
        _check_rate(session, username, address, policy)
        user = session.scalar(select(User).where(User.username == username))
        valid = verify_password(user.password_hash if user else _DUMMY_HASH, password)
        if user is not None and user.active and valid:
            issued = new_token(session, user, password, address, policy, kind)
        else:
            # Committed, not rolled back: the failure must count towards the limit.
            _record_failure(session, username, address, user)
    if issued is None:
        raise errors.AuthenticationFailed("Wrong username or password")
    return issued


def authenticate(session: Session, token: str, kind: str = "api") -> User | None:
    """The active user a valid, unexpired, unrevoked token of that kind belongs to; else None."""
    return session.scalar(
        select(User)
        .join(ApiToken, ApiToken.user_id == User.id)
        .where(
            ApiToken.token_hash == token_hash(token),
            ApiToken.kind == kind,
            ApiToken.revoked_at.is_(None),
            ApiToken.expires_at > utcnow(),
            User.active.is_(True),
        )
    )


def revoke_token(session: Session, actor: Principal, token: str) -> None:
    """Revoke one token (signing out)."""
    with unit_of_work(session):
        session.execute(
            update(ApiToken)
            .where(ApiToken.token_hash == token_hash(token), ApiToken.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
        record_event(session, actor, "auth.logout", ("user", actor.id))


def revoke_all_tokens(session: Session, user_id: int) -> None:
    """Revoke every token of a user, inside the caller's transaction."""
    session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def record_denied(session: Session, actor: Principal, method: str, path: str, reason: str) -> None:
    """Audit a refused attempt to use something the actor's role may not."""
    with unit_of_work(session):
        record_event(
            session, actor, "auth.denied", ("user", actor.id or "-"), reason=reason,
            payload={"method": method, "path": path},
        )  # fmt: skip
