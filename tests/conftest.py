"""Shared fixtures: an app on a fresh, migrated database (SQLite by default, PostgreSQL when
``PERMITS_TEST_DATABASE_URL`` names one), and sessions bound to it."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from flask import Flask
from sqlalchemy import create_engine
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
def postgres_schema(migrate: bool) -> Iterator[str]:
    """A URL on a PostgreSQL schema of its own, dropped afterwards."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(normalise_url(PG_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    separator = "&" if "?" in PG_URL else "?"
    url = f"{PG_URL}{separator}options={quote(f'-csearch_path={schema}')}"
    if migrate:
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


@pytest.fixture(scope="session")
def keys_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Signing keys made once for the whole run (each test app reads them)."""
    folder = tmp_path_factory.mktemp("keys")
    create_keys(folder, SIGNING_PASSPHRASE.encode())
    create_log_key(folder, SIGNING_PASSPHRASE.encode())
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
    }
