"""Helpers for integration tests: counting what a call wrote, in a session of its own."""

from __future__ import annotations

from sqlalchemy import func, select

from permits.models import Application, AuditEvent, GoodsLine, Marking
from permits.models.base import Base
from permits.models.database import Database


def counts(db: Database) -> dict[str, int]:
    """Rows per table that a service could write."""
    with db.scoped() as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model))
            for model in (Application, GoodsLine, Marking, AuditEvent)
        }


def rows(db: Database) -> dict[str, int]:
    """Rows in every table: what a refused request must leave as it was."""
    with db.scoped() as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table))
            for table in Base.metadata.sorted_tables
        }


def events(db: Database, subject_id: int | None = None) -> list[AuditEvent]:
    """The audit events, of one application if given, in chain order."""
    query = select(AuditEvent).order_by(AuditEvent.seq)
    if subject_id is not None:
        query = query.where(
            AuditEvent.subject_type == "application", AuditEvent.subject_id == str(subject_id)
        )
    with db.scoped() as session:
        return list(session.scalars(query))


def reload(db: Database, application_id: int) -> Application:
    """The application as stored now."""
    with db.scoped() as session:
        return session.get(Application, application_id)
