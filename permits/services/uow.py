"""The unit of work: each service call is one transaction, all or nothing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from permits.domain import errors
from permits.models.database import begin_write


@contextmanager
def unit_of_work(session: Session) -> Iterator[Session]:
    """One write transaction; a concurrent change to a versioned row becomes StaleVersion.

    A read-only transaction the caller left open (lazy loads autobegin one) is ended first, so
    the service's reads and writes all happen in its own transaction.
    """
    if session.in_transaction():
        if session.new or session.dirty or session.deleted:
            raise RuntimeError("unflushed changes outside a service transaction")
        session.commit()
    try:
        with session.begin():
            begin_write(session)
            yield session
    except StaleDataError:
        raise errors.StaleVersion(
            "The record was changed by someone else; reload it and try again"
        ) from None
