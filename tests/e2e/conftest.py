"""Fixtures for HTTP tests: the people of a story and API clients signed in as them."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from waitress.server import create_server

from tests.api_client import ApiClient
from tests.factories import Cast, UserFactory


class People(Cast):
    """A cast with an applicant of another firm and a customs officer too."""

    def __init__(self) -> None:
        super().__init__()
        self.outsider = UserFactory(role="applicant", is_head=True)
        self.customs = UserFactory(role="customs")


@pytest.fixture
def people(session) -> People:
    return People()


@pytest.fixture
def as_user(app, people):
    """``as_user("officer")``: an API client signed in as that member of the cast."""
    clients: dict[str, ApiClient] = {}

    def client(member: str | None) -> ApiClient:
        if member not in clients:
            username = getattr(people, member).username if member else None
            clients[member] = ApiClient(app, username)
        return clients[member]

    return client


@pytest.fixture
def live_server(app) -> Iterator[str]:
    """The app served by waitress on a free loopback port; yields the base URL."""
    server = create_server(app, host="127.0.0.1", port=0, threads=24)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()
    thread.join(timeout=10)


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, driven by Playwright (one per test module)."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed (scripts/system-packages installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        yield launched
        launched.close()
