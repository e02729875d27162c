"""The wheel a ministry installs carries the whole product, and building it warns of nothing.

Built from a copy of the sources, as ``pip install .`` builds it; every module, template,
translation, font, migration and data file of the product must be inside, where the installed
code looks for it (the top-level ``templates/`` as ``permits/templates/``).
"""

from __future__ import annotations

import importlib.util
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
PRODUCT = ("permits", "workflows", "documents")
# Where a source folder lands in the wheel when it is not where it sits in the tree.
INSTALLED_AS = {"templates": "permits/templates"}
# distutils' notes that PYTHONDONTWRITEBYTECODE is set: about this machine, not the package.
HARMLESS = ("byte-compiling is disabled",)


def product_files() -> list[str]:
    """Every file of the product in the source tree, as the wheel must name it."""
    files = []
    for top in (*PRODUCT, "templates"):
        for path in sorted((ROOT / top).rglob("*")):
            if path.is_dir() or "__pycache__" in path.parts or path.suffix == ".pyc":
                continue
            relative = path.relative_to(ROOT / top).as_posix()
            files.append(f"{INSTALLED_AS.get(top, top)}/{relative}")
    return files


def wheel_smoke() -> ModuleType:
    """``scripts/wheel_smoke.py``, whose ``build_wheel`` the CI smoke uses too."""
    spec = importlib.util.spec_from_file_location(
        "wheel_smoke", ROOT / "scripts" / "wheel_smoke.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The wheel built from a copy of the sources, and everything the build printed."""
    return wheel_smoke().build_wheel(tmp_path_factory.mktemp("wheel"))


def test_the_wheel_carries_every_module_and_data_file_of_the_product(built):
    wheel, _ = built
    inside = set(zipfile.ZipFile(wheel).namelist())
    missing = [name for name in product_files() if name not in inside]
    assert missing == []


def test_the_wheel_carries_the_files_the_code_opens_at_run_time(built):
    wheel, _ = built
    inside = set(zipfile.ZipFile(wheel).namelist())
    needed = {
        "permits/templates/base.html", "permits/templates/verify.html",
        "permits/translations/ru/LC_MESSAGES/messages.mo", "permits/data/embargoes-2025-11.csv",
        "permits/data/un-consolidated-sample.xml", "permits/migrations/env.py",
        "permits/migrations/script.py.mako", "documents/fonts/DejaVuSans.ttf",
        "permits/assembly/console.py", "permits/services/applications.py",
        "permits/static/permits.css", "permits/static/api-docs.js",
        "permits/templates/swagger_ui.html",
    }  # fmt: skip
    assert needed <= inside


def test_the_wheel_installs_the_permits_command_from_the_assembly(built):
    wheel, _ = built
    with zipfile.ZipFile(wheel) as archive:
        (entry_points,) = [n for n in archive.namelist() if n.endswith("entry_points.txt")]
        text = archive.read(entry_points).decode()
    assert "permits = permits.assembly.console:main" in text


def test_the_wheel_holds_nothing_but_the_product(built):
    wheel, _ = built
    tops = {name.split("/")[0] for name in zipfile.ZipFile(wheel).namelist()}
    assert {t for t in tops if not t.endswith(".dist-info")} == set(PRODUCT)


def test_building_the_wheel_prints_no_packaging_warning(built):
    _, output = built
    warnings = [
        line.strip() for line in output.splitlines()
        if ("warning" in line.lower() or "!!" in line) and not any(h in line for h in HARMLESS)
    ]  # fmt: skip
    assert warnings == []
