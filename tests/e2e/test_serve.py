"""The product as an operator runs it: init, demo, serve, then HTTP from outside the process."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def permits(env, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "permits", *args], cwd=ROOT, env=env, capture_output=True,
        text=True, timeout=120, check=False,
    )  # fmt: skip


def get_json(url: str, attempts: int = 100) -> tuple[int, dict]:
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status, json.loads(response.read())
        except (ConnectionError, urllib.error.URLError):
            time.sleep(0.1)
    raise AssertionError(f"nothing answered at {url}")


@pytest.mark.slow
def test_init_demo_and_serve_answer_the_health_check(env):
    assert permits(env, "init").returncode == 0
    demo = permits(env, "demo")
    assert demo.returncode == 0, demo.stderr
    assert "approver  approver  password:" in demo.stdout
    port = free_port()
    env = {**env, "PERMITS_PUBLIC_URL": f"http://127.0.0.1:{port}"}
    server = subprocess.Popen(
        [sys.executable, "-m", "permits", "serve", "--port", str(port)], cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        status, body = get_json(f"http://127.0.0.1:{port}/api/v1/healthz")
        assert (status, body) == (200, {"status": "ok", "database": "ok"})
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/no/such/thing", timeout=5)
        assert missing.value.code == 404
        assert missing.value.headers["Content-Type"] == "application/problem+json"
        with pytest.raises(urllib.error.HTTPError) as page:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/no/such/page", timeout=5)
        assert page.value.code == 404
        assert page.value.headers["Content-Type"].startswith("text/html")
    finally:
        server.terminate()
        server.wait(timeout=30)
        output = server.stdout.read()
        server.stdout.close()
    log = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    health = next(entry for entry in log if entry["path"] == "/api/v1/healthz")
    assert (health["method"], health["status"], health["user_id"]) == ("GET", 200, None)
    assert health["request_id"] and health["duration_ms"] >= 0
    assert permits(env, "audit", "verify").returncode == 0


def test_serve_refuses_a_loopback_public_url_on_another_port(env):
    port = free_port()
    refused = permits(env, "serve", "--port", str(port))  # PERMITS_PUBLIC_URL: :5000, default
    assert refused.returncode != 0
    assert f"this server listens on port {port}" in refused.stderr
    assert f"PERMITS_PUBLIC_URL=http://127.0.0.1:{port}" in refused.stderr
