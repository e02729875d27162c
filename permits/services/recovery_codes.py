"""Single-use recovery codes of the staff second factor: ten are made at each enrolment, shown
once, and each may be given once in place of an authenticator code (sign-in, approvals).

Each code is stored as a salted SHA-256, not argon2: a code is 59 random bits (twelve symbols
of a 31-symbol alphabet), so there is no dictionary to slow down and a fast hash resists a
stolen database as well as a slow one would; a slow hash would instead cost ten argon2 runs
at every sign-in that gives a code (each unused code is compared). The salt keeps equal codes
of two people from having equal hashes.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from permits.models import RecoveryCode
from permits.models.base import utcnow

COUNT = 10
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no i, l, o, 0, 1: easily misread
GROUP, GROUPS = 4, 3


def looks_like_recovery_code(code: str | None) -> bool:
    """True when the code has a recovery code's shape (twelve letters and digits, hyphens or
    spaces anywhere); an authenticator's code is six digits."""
    typed = _normal(code or "")
    return len(typed) == GROUP * GROUPS and typed.isalnum() and not typed.isdigit()


def _normal(code: str) -> str:
    return re.sub(r"[\s-]", "", code.lower())


def _hash(code: str, salt: str) -> str:
    return hashlib.sha256(f"{salt}${_normal(code)}".encode()).hexdigest()


def _new_code() -> str:
    letters = "".join(secrets.choice(ALPHABET) for _ in range(GROUP * GROUPS))
    return "-".join(letters[i : i + GROUP] for i in range(0, len(letters), GROUP))


def replace_recovery_codes(session: Session, user_id: int) -> list[str]:
    """Ten new codes for a user (inside the caller's work), the old ones gone; only their
    hashes are kept, so the returned list is the one time they can be shown."""
    forget_recovery_codes(session, user_id)
    codes = [_new_code() for _ in range(COUNT)]
    for code in codes:
        salt = secrets.token_hex(8)
        session.add(RecoveryCode(user_id=user_id, code_hash=f"{salt}${_hash(code, salt)}"))
    return codes


def forget_recovery_codes(session: Session, user_id: int) -> None:
    """Remove every recovery code of a user (inside the caller's work)."""
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))


def use_recovery_code(session: Session, user_id: int, code: str) -> bool:
    """Mark the unused code matching ``code`` as used (inside the caller's work); False if none."""
    unused = session.scalars(
        select(RecoveryCode)
        .where(RecoveryCode.user_id == user_id, RecoveryCode.used_at.is_(None))
        .with_for_update()
    ).all()
    for stored in unused:
        salt, digest = stored.code_hash.split("$", 1)
        if hmac.compare_digest(digest, _hash(code, salt)):
            stored.used_at = utcnow()
            return True
    return False


def recovery_codes_left(session: Session, user_id: int) -> int:
    """How many of a user's recovery codes are still unused."""
    query = select(func.count()).where(
        RecoveryCode.user_id == user_id, RecoveryCode.used_at.is_(None)
    )
    return session.scalar(query) or 0
