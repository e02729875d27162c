"""The ``permits`` console script: the command line, handed installations the root builds."""

from __future__ import annotations

from flask import Flask

from permits.assembly.app import create_app
from permits.cli import command_line
from permits.cli.context import Installation
from permits.http.request import runtime_of
from permits.services.runtime import Runtime


def installation_from_environment() -> tuple[Flask, Runtime]:
    """The app and its runtime from the ``PERMITS_*`` environment."""
    app = create_app()
    return app, runtime_of(app)


main = command_line(Installation(installation_from_environment))
