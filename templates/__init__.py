"""Jinja templates of the web pages; the wheel installs this folder as ``permits.templates``."""
