"""The database: one engine and session factory per installation, shared by the app, CLI and tests.

SQLite runs in WAL mode with ``synchronous=FULL``. A service's write transaction takes the write
lock at ``BEGIN IMMEDIATE`` (SQLite ignores ``SELECT ... FOR UPDATE``, and a deferred transaction
that later writes could fail to upgrade its lock); reads begin deferred and never block writers.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

WRITE = "permits_write"


def normalise_url(url: str) -> str:
    """Accept ``postgres://`` and ``postgresql://`` and use the psycopg 3 driver for both."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Hand transaction control to the "begin" hook below instead of pysqlite's own.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in (
            "journal_mode=WAL",
            "synchronous=FULL",
            "foreign_keys=ON",
            f"busy_timeout={busy_timeout_ms}",
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        writing = connection.get_execution_options().get(WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


def make_engine(
    url: str, pool_size: int = 10, max_overflow: int = 20, busy_timeout_ms: int = 30000
) -> Engine:
    """Create the engine for a database URL, with the settings each backend needs."""
    url = normalise_url(url)
    pool = {"pool_size": pool_size, "max_overflow": max_overflow}
    if make_url(url).get_backend_name() == "sqlite":
        if make_url(url).database in (None, "", ":memory:"):
            raise ValueError("an in-memory SQLite database cannot be shared; name a file")
        engine = create_engine(url, **pool)
        _configure_sqlite(engine, busy_timeout_ms)
        return engine
    return create_engine(url, pool_pre_ping=True, **pool)


def begin_write(session: Session) -> None:
    """Make the session's new transaction a write transaction (the SQLite write lock, at once)."""
    session.connection(execution_options={WRITE: True})


class Database:
    """An engine with its session factory."""

    def __init__(self, url: str, **engine_options: Any):
        self.engine = make_engine(url, **engine_options)
        # Public so that the composition root can listen to the sessions it makes (the audit
        # log's periodic checkpoints).
        self.sessions = sessionmaker(self.engine)

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    def session(self) -> Session:
        """A new session; services open their own transactions on it."""
        return self.sessions()

    @contextmanager
    def scoped(self) -> Iterator[Session]:
        """A session closed on exit, for a CLI command or a request."""
        session = self.session()
        try:
            yield session
        finally:
            session.close()

    def ping(self) -> bool:
        """True when the database answers a trivial query."""
        with self.engine.connect() as connection:
            return connection.execute(text("SELECT 1")).scalar() == 1

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
