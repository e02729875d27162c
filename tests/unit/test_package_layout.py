"""The shape of the house: regular packages, a light ``permits.models``, settings handed over
explicitly, and action effects declared as data rather than branched on by name."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
PRODUCT = ("permits", "workflows", "documents")
# Where the workflows' actions and their effects are declared: the only place names are matched.
DECLARATIONS = {"workflows/definitions.py", "workflows/effects.py"}
BRANCH_ON_ACTION = re.compile(r"""\baction\s*(==|!=)\s*["']|\baction\s+(not\s+)?in\s*[(\[{]""")


def sources() -> list[Path]:
    """Every Python module of the product."""
    return [
        path for package in PRODUCT for path in sorted((ROOT / package).rglob("*.py"))
        if "__pycache__" not in path.parts
    ]  # fmt: skip


def test_every_folder_of_python_modules_is_a_regular_package():
    folders = {path.parent for path in sources()}
    assert (
        sorted(str(f.relative_to(ROOT)) for f in folders if not (f / "__init__.py").exists()) == []
    )


@pytest.mark.parametrize(
    "module", ["permits", "permits.models", "permits.services.applications", "permits.audit.chain"]
)
def test_importing_the_lower_layers_loads_no_flask(module):
    probe = f"import {module}, sys; print(sorted(m for m in sys.modules if m.startswith('flask')))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_no_code_branches_on_an_actions_name_outside_the_workflow_declarations():
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sources() if str(path.relative_to(ROOT)) not in DECLARATIONS
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if BRANCH_ON_ACTION.search(line)
    ]  # fmt: skip
    assert found == []


def test_templates_read_an_actions_effects_not_its_name():
    pages = sorted((ROOT / "templates").rglob("*.html"))
    assert pages
    found = [
        f"{page.name}: {line.strip()}" for page in pages
        for line in page.read_text().splitlines() if re.search(r"option\.action\s*(==|in)", line)
    ]  # fmt: skip
    assert found == []


def test_no_settings_travel_on_database_sessions():
    found = [
        f"{path.relative_to(ROOT)}: {line.strip()}" for path in sources()
        for line in path.read_text().splitlines() if re.search(r"\bsession\.info\b|\binfo=", line)
    ]  # fmt: skip
    assert found == []


def test_only_the_entry_points_import_the_assembly():
    graph = grimp.build_graph(*PRODUCT)
    importers = {
        importer
        for module in graph.find_descendants("permits.assembly")
        for importer in graph.find_modules_that_directly_import(module)
    }
    outside = {m for m in importers if not m.startswith("permits.assembly")}
    # ``python -m permits`` and the lazy ``permits.create_app`` are the entry points.
    assert outside == {"permits.__main__", "permits"}


def test_the_top_level_templates_folder_holds_the_real_pages():
    pages = {page.name for page in (ROOT / "templates").glob("*.html")}
    assert {"base.html", "application.html", "verify.html", "error.html"} <= pages
    assert not (ROOT / "permits" / "templates").exists()
