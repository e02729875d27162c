"""Permit workflow engine for small arms and light weapons.

Importing the package loads nothing else (``import permits.models`` needs no Flask);
``permits.create_app`` is the composition root, ``permits.assembly.app.create_app``, loaded on
first use.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    """``permits.create_app``, imported only when asked for."""
    if name == "create_app":
        from permits.assembly.app import create_app

        return create_app
    raise AttributeError(f"module 'permits' has no attribute {name!r}")
