"""``./scripts/demo`` issues its permits with links to where it serves (HOST and PORT)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RECORDER = '#!/bin/sh\necho "$PERMITS_PUBLIC_URL $*" >> "$(dirname "$0")/calls"\n'


def run_demo(tmp_path: Path, **env: str) -> list[str]:
    """The script run in a copy of the repository whose ``.venv`` only records its calls."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "demo", tmp_path / "scripts" / "demo")
    bin_folder = tmp_path / ".venv" / "bin"
    bin_folder.mkdir(parents=True)
    for name in ("python", "permits"):
        (bin_folder / name).write_text(RECORDER)
        (bin_folder / name).chmod(0o755)
    base = {k: v for k, v in os.environ.items() if not k.startswith("PERMITS_")}
    base.pop("HOST", None)
    base.pop("PORT", None)
    subprocess.run(["bash", str(tmp_path / "scripts" / "demo")], env={**base, **env},
                   check=True, timeout=60)  # fmt: skip
    return [c for c in (bin_folder / "calls").read_text().splitlines() if "pip" not in c]


@pytest.mark.parametrize(
    ("env", "url", "serve"),
    [
        ({}, "http://127.0.0.1:5000", "serve --host 127.0.0.1 --port 5000"),
        ({"PORT": "5077"}, "http://127.0.0.1:5077", "serve --host 127.0.0.1 --port 5077"),
        ({"HOST": "::1", "PORT": "8080"}, "http://[::1]:8080", "serve --host ::1 --port 8080"),
        ({"PORT": "5077", "PERMITS_PUBLIC_URL": "https://permits.example.kz"},
         "https://permits.example.kz", "serve --host 127.0.0.1 --port 5077"),
    ],
)  # fmt: skip
def test_the_demo_links_its_permits_to_the_port_it_serves_on(tmp_path, env, url, serve):
    assert run_demo(tmp_path, **env) == [f"{url} init", f"{url} demo", f"{url} {serve}"]
