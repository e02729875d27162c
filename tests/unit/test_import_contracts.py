"""The walls of ``.importlinter`` hold, and each one bites: a copy of the sources with one
forbidden import added makes ``lint-imports`` name exactly that contract as broken."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
PRODUCT = ("permits", "workflows", "documents")
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"

# contract key -> (module file to break, the import that breaks that contract)
BREAKS = {
    "layers": ("workflows/model.py", "import permits.domain.errors"),
    "permits-layers": ("permits/domain/actors.py", "import permits.services.policy"),
    "no-flask-below-the-edge": ("permits/models/base.py", "import flask"),
    "workflows-pure": ("workflows/model.py", "import sqlalchemy"),
    "documents-no-flask": ("documents/store.py", "import flask"),
}
# The layers inside permits, each broken by a lower layer importing a higher or a sibling.
LAYER_BREAKS = {
    "the web imports the API": ("permits/web/render.py", "import permits.api.presenters"),
    "the API imports the web": ("permits/api/base.py", "import permits.web.render"),
    "the CLI imports the assembly": ("permits/cli/context.py", "import permits.assembly.app"),
    "request plumbing imports the API": ("permits/http/request.py", "import permits.api.guard"),
    "the audit log imports the services": ("permits/audit/chain.py", "import permits.services.uow"),
    "models import the domain": ("permits/models/base.py", "import permits.domain.errors"),
}  # fmt: skip


def contracts() -> dict[str, str]:
    """Every contract of ``.importlinter``: key -> name."""
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    prefix = "importlinter:contract:"
    return {
        section[len(prefix) :]: config[section]["name"]
        for section in config.sections()
        if section.startswith(prefix)
    }


def lint_with(tmp_path: Path, module: str, line: str) -> subprocess.CompletedProcess:
    """``lint-imports`` on a copy of the sources where ``module`` also says ``line``."""
    for package in PRODUCT:
        shutil.copytree(ROOT / package, tmp_path / package,
                        ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    shutil.copy2(ROOT / ".importlinter", tmp_path / ".importlinter")
    target = tmp_path / module
    target.write_text(target.read_text() + f"\n{line}\n")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)  # fmt: skip


def broken_contracts(output: str) -> set[str]:
    """The names of the contracts ``lint-imports`` reported broken."""
    flat = " ".join(output.split())
    return {name for name in contracts().values() if f"{' '.join(name.split())} BROKEN" in flat}


def test_every_contract_is_broken_by_one_test():
    assert set(BREAKS) == set(contracts())


def test_the_sources_keep_every_contract(tmp_path):
    done = lint_with(tmp_path, "permits/__init__.py", "")
    assert done.returncode == 0, done.stdout


@pytest.mark.parametrize("key", sorted(BREAKS))
def test_a_forbidden_import_breaks_its_contract(tmp_path, key):
    module, line = BREAKS[key]
    done = lint_with(tmp_path, module, line)
    assert done.returncode == 1, done.stdout
    # Others may break with it (a module that imports Flask also breaks what imports it).
    assert contracts()[key] in broken_contracts(done.stdout)


@pytest.mark.parametrize("wall", sorted(LAYER_BREAKS))
def test_each_wall_inside_permits_is_checked(tmp_path, wall):
    module, line = LAYER_BREAKS[wall]
    done = lint_with(tmp_path, module, line)
    assert done.returncode == 1, done.stdout
    assert contracts()["permits-layers"] in broken_contracts(done.stdout)
