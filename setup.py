"""Package discovery: the metadata and dependencies are in ``setup.cfg``.

Only this much is code because the top-level ``templates/`` folder ships inside the ``permits``
package as ``permits.templates``, and ``setup.cfg`` cannot add one mapped package to those that
``find:`` discovers. Every other folder of the product is found here, data folders included, so a
new package can never be left out of the wheel (``tests/e2e/test_wheel.py`` checks the wheel).
"""

from setuptools import find_namespace_packages, setup

PRODUCT = ("permits", "workflows", "documents")
FOUND = find_namespace_packages(
    include=[f"{name}{suffix}" for name in PRODUCT for suffix in ("", ".*")],
    exclude=["*.__pycache__"],
)

# The templates' own subfolders (e.g. ``templates/admin``) ship under ``permits.templates`` too.
TEMPLATES = [
    "permits.templates",
    *(f"permits.templates.{p}" for p in find_namespace_packages("templates")),
]

setup(
    packages=[*FOUND, *TEMPLATES],
    package_dir={"permits.templates": "templates"},
)
