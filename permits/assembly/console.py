"""The ``permits`` console script: the command line, handed installations the root builds."""

from __future__ import annotations

from flask import Flask

from permits.assembly.app import build_runtime, create_app
from permits.cli import command_line
from permits.cli.context import Installation
from permits.http.request import runtime_of
from permits.services.runtime import Runtime


def app_and_runtime() -> tuple[Flask, Runtime]:
    """The web app and its runtime from the ``PERMITS_*`` environment (``permits serve``)."""
    app = create_app()
    return app, runtime_of(app)


main = command_line(Installation(runtime=build_runtime, app=app_and_runtime))
