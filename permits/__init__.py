"""Permit workflow engine for small arms and light weapons."""

from permits.app import create_app, get_db

__all__ = ["create_app", "get_db"]
