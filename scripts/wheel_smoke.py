"""Smoke test of the artifact a ministry deploys: the built wheel, installed (not editable) into a
fresh virtual environment, run from there.

    python3 scripts/wheel_smoke.py [--keep]

Builds the wheel, installs it into a new venv outside the source tree, then from that venv runs
``permits init``, ``permits keys init`` and ``permits demo``, starts ``permits serve`` on a free
loopback port, checks ``/api/v1/healthz``, signs in as the demo firm's head with the password the
demo printed, downloads the demo permit and verifies it through ``POST /api/v1/verify``. Exits 1
naming the step that failed. Nothing here imports the source tree.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("setup.py", "setup.cfg", "pyproject.toml", "README.md", "permits", "workflows",
           "documents", "templates")  # fmt: skip


def step(name: str) -> None:
    """Say what is being tried."""
    print(f"== wheel smoke: {name}", flush=True)


def run(*args: str | Path, env: dict[str, str] | None = None, cwd: Path | None = None) -> str:
    """Run a command; fail the smoke with its output when it fails."""
    done = subprocess.run([str(a) for a in args], env=env, cwd=cwd, capture_output=True,
                          text=True, timeout=900)  # fmt: skip
    if done.returncode != 0:
        sys.exit(f"FAILED: {' '.join(map(str, args))}\n{done.stdout}\n{done.stderr}")
    return done.stdout


def build_wheel(work: Path) -> tuple[Path, str]:
    """The wheel, built from a copy of the sources as ``pip install .`` builds it (the source
    tree stays untouched), and everything the build printed (``tests/e2e/test_wheel.py`` reads
    it for warnings)."""
    source = work / "source"
    for name in SOURCES:
        origin = ROOT / name
        if origin.is_dir():
            shutil.copytree(origin, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            source.mkdir(parents=True, exist_ok=True)
            shutil.copy2(origin, source / name)
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-v", "--no-deps", "--no-build-isolation",
         "--disable-pip-version-check", "-w", str(work / "dist"), str(source)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    if done.returncode != 0:
        sys.exit(f"FAILED: building the wheel\n{done.stdout}\n{done.stderr}")
    (wheel,) = (work / "dist").glob("permits-*.whl")
    return wheel, done.stdout + done.stderr


def install(work: Path, wheel: Path) -> Path:
    """A fresh venv with the wheel and its dependencies; its ``bin`` folder."""
    venv = work / "venv"
    run(sys.executable, "-m", "venv", venv)
    run(venv / "bin" / "python", "-m", "pip", "install", "-q", "--disable-pip-version-check",
        wheel)  # fmt: skip
    return venv / "bin"


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> bytes:
    """The body of a GET (or, with data, a POST) to the local server; OSError unless 2xx."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        method = "GET" if data is None else "POST"
        connection.request(method, parts.path, body=data, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    if not 200 <= response.status < 300:
        raise OSError(f"{method} {parts.path} answered {response.status}: {body[:300]!r}")
    return body


def wait_for(url: str, server: subprocess.Popen) -> None:
    """Until the server answers (or died, or a minute passed)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"FAILED: permits serve exited with {server.returncode}")
        try:
            request(url)
            return
        except OSError:
            time.sleep(0.3)
    sys.exit("FAILED: permits serve did not answer within a minute")


def multipart(field: str, filename: str, content: bytes) -> tuple[bytes, str]:
    """A multipart/form-data body with one file."""
    boundary = uuid.uuid4().hex
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
        f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'
    ).encode()
    body += content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"  # fmt: skip


def check_server(base: str, password: str) -> str:
    """Health, sign-in, the demo permit downloaded and verified; return the verdict line."""
    step("GET /api/v1/healthz")
    health = json.loads(request(f"{base}/api/v1/healthz"))
    if health.get("status") != "ok":
        sys.exit(f"FAILED: healthz said {health}")
    step("sign in as the demo firm's head")
    credentials = json.dumps({"username": "head", "password": password}).encode()
    token = json.loads(request(f"{base}/api/v1/auth/token", credentials,
                               {"Content-Type": "application/json"}))["token"]  # fmt: skip
    bearer = {"Authorization": f"Bearer {token}"}
    permits = json.loads(request(f"{base}/api/v1/permits", headers=bearer))
    if not permits:
        sys.exit("FAILED: the demo firm has no permit")
    number = permits[0]["number"]
    step(f"verify permit {number} through POST /api/v1/verify")
    pdf = request(f"{base}/api/v1/permits/{number}/pdf", headers=bearer)
    body, content_type = multipart("file", f"{number}.pdf", pdf)
    verdict = json.loads(request(f"{base}/api/v1/verify", body, {"Content-Type": content_type}))
    if verdict["verdict"] != "authentic" or verdict["permit_number"] != number:
        sys.exit(f"FAILED: the demo permit was not verified: {verdict}")
    return f"{number}: {verdict['verdict']} ({verdict['status']})"


def smoke(work: Path) -> None:
    """Build, install, initialise, serve and check, all from the installed wheel."""
    step("build the wheel")
    wheel, _ = build_wheel(work)
    step(f"install {wheel.name} into a fresh virtual environment")
    bin_dir = install(work, wheel)
    instance = work / "instance"
    env = {"PATH": f"{bin_dir}:{os.environ['PATH']}", "HOME": str(work), "LANG": "C.UTF-8",
           "PERMITS_INSTANCE_PATH": str(instance),
           "PERMITS_SIGNING_PASSPHRASE": "wheel smoke passphrase",
           "PERMITS_LOG_KEY_PASSPHRASE": "wheel smoke log passphrase",
           "PERMITS_ALLOW_UNSCANNED": "1"}  # fmt: skip
    for command in (("init",), ("keys", "init")):
        step(f"permits {' '.join(command)}")
        print(run(bin_dir / "permits", *command, env=env, cwd=work).strip())
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env["PERMITS_PUBLIC_URL"] = base  # before the demo issues its permits: their links go here
    step("permits demo")
    demo = run(bin_dir / "permits", "demo", env=env, cwd=work)
    password = re.search(r"^\s*head\s+applicant\s+password: (\S+)$", demo, re.M)
    if password is None:
        sys.exit(f"FAILED: the demo printed no password for head:\n{demo}")
    step(f"permits serve on {base}")
    log = (work / "serve.log").open("w")
    server = subprocess.Popen([bin_dir / "permits", "serve", "--port", str(port)], env=env,
                              cwd=work, stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
    try:
        wait_for(f"{base}/api/v1/healthz", server)
        print(check_server(base, password.group(1)))
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    print("wheel smoke: passed")


def main() -> None:
    """Run the smoke in a temporary folder (kept with --keep, for a look afterwards)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="permits-wheel-smoke-"))
    try:
        smoke(work)
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
