"""Every setting an installation can change is in the README's settings table."""

from __future__ import annotations

from pathlib import Path

from permits.assembly.config import DEFAULTS, ENV_PREFIX

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_setting_is_documented_in_the_readme():
    table = [line for line in README.read_text().splitlines() if line.startswith("| `PERMITS_")]
    documented = " ".join(table)
    missing = [name for name in DEFAULTS if f"`{ENV_PREFIX}{name}`" not in documented]
    assert missing == [], f"settings missing from the README's table: {missing}"
