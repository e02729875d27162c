"""Idempotency keys: a repeated request replays the first successful response.

A key is reserved before the request runs (so two concurrent repeats cannot both run), filled
with the response when it succeeds, and released when it fails: a failed request wrote nothing,
so running it again is safe.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from permits.domain import errors
from permits.models import IdempotencyRecord
from permits.services.uow import unit_of_work


@dataclass(frozen=True)
class StoredResponse:
    """A response kept for replay."""

    status: int
    content_type: str
    headers: dict[str, str]
    body: bytes


def _stored(record: IdempotencyRecord) -> StoredResponse:
    return StoredResponse(
        status=record.status or 200,
        content_type=record.content_type or "application/json",
        headers=json.loads(record.headers or "{}"),
        body=record.body or b"",
    )


def _existing(session: Session, user_id: int, key: str, request_hash: str) -> StoredResponse:
    record = session.scalar(
        select(IdempotencyRecord).where(
            IdempotencyRecord.user_id == user_id, IdempotencyRecord.key == key
        )
    )
    if record is None:  # released by a failure in the meantime
        raise errors.Conflict("The earlier request with this Idempotency-Key failed; retry")
    if record.request_hash != request_hash:
        raise errors.InvalidInput(
            {"Idempotency-Key": ["This key was used for a different request; use a new key."]}
        )
    if record.status is None:
        raise errors.Conflict("A request with this Idempotency-Key is still being processed")
    return _stored(record)


def reserve_key(
    session: Session, user_id: int, key: str, request_hash: str
) -> StoredResponse | None:
    """Reserve the key for this request; return the stored response if it already ran."""
    try:
        with unit_of_work(session):
            session.add(IdempotencyRecord(user_id=user_id, key=key, request_hash=request_hash))
        return None
    except IntegrityError:
        session.rollback()
    return _existing(session, user_id, key, request_hash)


def store_response(session: Session, user_id: int, key: str, response: StoredResponse) -> None:
    """Keep the successful response of a reserved key."""
    with unit_of_work(session):
        record = session.scalar(
            select(IdempotencyRecord).where(
                IdempotencyRecord.user_id == user_id, IdempotencyRecord.key == key
            )
        )
        record.status, record.content_type = response.status, response.content_type
        record.headers, record.body = json.dumps(response.headers), response.body


def release_key(session: Session, user_id: int, key: str) -> None:
    """Forget a reservation whose request failed."""
    with unit_of_work(session):
        session.execute(
            delete(IdempotencyRecord).where(
                IdempotencyRecord.user_id == user_id, IdempotencyRecord.key == key
            )
        )
