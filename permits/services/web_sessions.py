"""Browser sessions kept on the server: a signed cookie carries only a token whose record says
whether the session is still alive. Signing out, an idle spell or a password change ends it, so
a copied cookie stops working at once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from permits.audit.chain import record_event
from permits.domain import errors
from permits.domain.passwords import hash_password, password_problem, verify_password
from permits.models import ApiToken, User
from permits.models.base import utcnow
from permits.services.auth import (
    IssuedToken,
    LoginPolicy,
    new_token,
    revoke_all_tokens,
    token_hash,
)
from permits.services.uow import unit_of_work

TOUCH_EVERY = timedelta(minutes=1)  # how stale last_seen_at may get before it is written


def session_user(session: Session, token: str, idle: timedelta) -> User | None:
    """The user of a live web session; an idle one is ended and gives None."""
    now = utcnow()
    row = session.execute(
        select(ApiToken, User).join(User, User.id == ApiToken.user_id).where(
            ApiToken.token_hash == token_hash(token), ApiToken.kind == "web",
            ApiToken.revoked_at.is_(None), ApiToken.expires_at > now, User.active.is_(True))
    ).first()  # fmt: skip
    if row is None:
        return None
    record, user = row
    seen = record.last_seen_at or record.created_at
    if now - seen > idle or now - seen > TOUCH_EVERY:
        with unit_of_work(session):
            values = {"revoked_at": now} if now - seen > idle else {"last_seen_at": now}
            session.execute(update(ApiToken).where(ApiToken.id == record.id).values(**values))
        if now - seen > idle:
            return None
        user = session.get(User, user.id)
    return user


def end_session(session: Session, actor: User, token: str) -> None:
    """Sign out: the session record ends, whoever holds a copy of the cookie."""
    with unit_of_work(session):
        session.execute(update(ApiToken).where(
            ApiToken.token_hash == token_hash(token), ApiToken.revoked_at.is_(None)
        ).values(revoked_at=utcnow()))  # fmt: skip
        record_event(session, actor, "auth.logout", ("user", actor.id), payload={"kind": "web"})


def change_password(session: Session, user_id: int, current: str, new: str, address: str,
                    policy: LoginPolicy) -> IssuedToken:  # fmt: skip
    """Replace one's own password; every session and token of the user ends, and this browser
    gets a fresh session."""
    with unit_of_work(session):
        user = session.get(User, user_id)
        problems = {}
        if user is None or not verify_password(user.password_hash, current):
            problems["current_password"] = ["This is not your current password."]
        if problem := password_problem(new):
            problems["new_password"] = [f"The password {problem}."]
        if problems:
            raise errors.InvalidInput(problems)
        user.password_hash = hash_password(new)
        user.must_change_password = False
        revoke_all_tokens(session, user.id)
        record_event(session, user, "user.password_change", ("user", user.id))
        return new_token(session, user, new, address, policy, "web")
