"""Shared fixtures: an app on a fresh, migrated database (SQLite by default, PostgreSQL when
``PERMITS_TEST_DATABASE_URL`` names one), and sessions bound to it."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
import pytest
from flask import Flask
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from documents.pki import create_keys
from permits.assembly.app import create_app
from permits.audit.checkpoints import create_log_key
from permits.domain.actors import SystemActor
from permits.http.request import runtime_of
from permits.migrations import upgrade
from permits.models.database import Database, normalise_url
from permits.services.reference_lists import import_sanctions_list
from tests import factories

PG_URL = os.environ.get("PERMITS_TEST_DATABASE_URL")
SAMPLE_SANCTIONS = Path(__file__).parent.parent / "permits" / "data" / "un-consolidated-sample.xml"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each test (migrating each time would be slow)."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    db = Database(f"sqlite:///{path}")
    upgrade(db.engine)
    load_sample_sanctions_list(db)
    db.dispose()
    return path


def load_sample_sanctions_list(db: Database) -> None:
    """Every test database starts with the sample UN list loaded (approvals need a list)."""
    with db.scoped() as session:
        import_sanctions_list(session, SystemActor("tests"), SAMPLE_SANCTIONS.read_bytes(),
                              SAMPLE_SANCTIONS.name)  # fmt: skip


@contextmanager
def postgres_schema(migrate: bool, name: str | None = None) -> Iterator[str]:
    """A URL on a PostgreSQL schema of its own (migrated and seeded, or empty), dropped after."""
    schema = name or f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(normalise_url(PG_URL), isolation_level="AUTOCOMMIT")
    template = migrated_schema_sql() if migrate and name is None else None
    if template is not None:
        replay(template[0].replace(template[1], schema))
    else:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    separator = "&" if "?" in PG_URL else "?"
    url = f"{PG_URL}{separator}options={quote(f'-csearch_path={schema}')}"
    if migrate and template is None:
        db = Database(url)
        upgrade(db.engine)
        load_sample_sanctions_list(db)
        db.dispose()
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


@functools.cache
def migrated_schema_sql() -> tuple[str, str] | None:
    """A schema migrated and seeded once, as ``pg_dump`` prints it, with its name: each test
    replays it under a name of its own in one round trip (migrating costs a second a test).
    None without ``pg_dump``: each test migrates then."""
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        return None
    name = f"template_{uuid.uuid4().hex[:12]}"
    server = make_url(normalise_url(PG_URL)).set(drivername="postgresql")
    with postgres_schema(migrate=True, name=name):
        dump = subprocess.run(
            [pg_dump, "--no-owner", "--no-privileges", "--inserts", "--schema", name,
             server.render_as_string(hide_password=False)],
            capture_output=True, text=True, check=True, timeout=300,
        ).stdout  # fmt: skip
    return dump, name


def replay(sql: str) -> None:
    """Run a pg_dump script on a connection of its own (it changes the session's settings);
    psql's meta-commands (``\\restrict``) are psql's, not SQL."""
    script = "\n".join(line for line in sql.splitlines() if not line.startswith("\\"))
    server = make_url(normalise_url(PG_URL)).set(drivername="postgresql")
    with psycopg.connect(server.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(script)  # no parameters: sent as written, '%' included


@pytest.fixture
def database_url(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """The URL of a migrated database of the test's own, with no rows but reference data."""
    if PG_URL:
        with postgres_schema(migrate=True) as url:
            yield url
        return
    target = tmp_path / "permits.sqlite3"
    shutil.copy(request.getfixturevalue("sqlite_template"), target)
    yield f"sqlite:///{target}"


@pytest.fixture
def empty_database_url(tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database (no tables) of the test's own."""
    if PG_URL:
        with postgres_schema(migrate=False) as url:
            yield url
        return
    yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"


SIGNING_PASSPHRASE = "test signing passphrase"
LOG_KEY_PASSPHRASE = "test audit log passphrase"


@pytest.fixture(scope="session")
def keys_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Signing keys made once for the whole run (each test app reads them)."""
    folder = tmp_path_factory.mktemp("keys")
    create_keys(folder, SIGNING_PASSPHRASE.encode())
    create_log_key(folder, LOG_KEY_PASSPHRASE.encode())
    return folder


def app_settings(database_url: str, tmp_path: Path, keys_path: Path) -> dict[str, object]:
    """The settings of a test's app: its database, instance folder and signing keys."""
    return {
        "DATABASE_URL": database_url,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "SECRET_KEY": "test-secret-key",
        "TESTING": True,
        "KEYS_PATH": str(keys_path),
        "SIGNING_PASSPHRASE": SIGNING_PASSPHRASE,
        "LOG_KEY_PASSPHRASE": LOG_KEY_PASSPHRASE,
        "ALLOW_UNSCANNED": "1",  # the tests that scan start their own clamd and say so
        # Staff sign in without a second factor here; the tests of the rule turn it on.
        "SECOND_FACTOR_ROLES": "",
    }


@pytest.fixture
def app(database_url: str, tmp_path: Path, keys_path: Path) -> Iterator[Flask]:
    """The app on the test's database, able to sign permits."""
    app = create_app(app_settings(database_url, tmp_path, keys_path))
    yield app
    runtime_of(app).database.dispose()


@pytest.fixture
def app_with(database_url: str, tmp_path: Path, keys_path: Path) -> Iterator[Any]:
    """``app_with(DOCUMENT_MAX_BYTES=100)``: another app on the test's database and instance,
    with some settings changed (settings are read once, when an app is built)."""
    made: list[Flask] = []

    def build(**overrides: Any) -> Flask:
        made.append(create_app({**app_settings(database_url, tmp_path, keys_path), **overrides}))
        return made[-1]

    yield build
    for app in made:
        runtime_of(app).database.dispose()


@pytest.fixture
def db(app: Flask) -> Database:
    """The test app's database."""
    return runtime_of(app).database


@pytest.fixture
def session(app: Flask, db: Database) -> Iterator[Session]:
    """A session for the test; factories write through it."""
    with db.scoped() as session:
        factories.bind(session, runtime_of(app))
        yield session
        factories.bind(None)


@pytest.fixture
def env(database_url: str, tmp_path: Path, keys_path: Path) -> dict[str, str]:
    """Environment for a ``permits`` subprocess on the test's database."""
    return {
        **os.environ,
        "PERMITS_DATABASE_URL": database_url,
        "PERMITS_INSTANCE_PATH": str(tmp_path / "instance"),
        "PERMITS_SECRET_KEY": "test-secret-key",
        "PERMITS_KEYS_PATH": str(keys_path),
        "PERMITS_SIGNING_PASSPHRASE": SIGNING_PASSPHRASE,
        "PERMITS_LOG_KEY_PASSPHRASE": LOG_KEY_PASSPHRASE,
        "PERMITS_ALLOW_UNSCANNED": "1",
        "PERMITS_SECOND_FACTOR_ROLES": "",
    }
