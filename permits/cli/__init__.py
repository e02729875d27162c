"""The ``permits`` command line: operators and scripts depend on these exact forms."""

from __future__ import annotations

from typing import Any

import click
from sqlalchemy.exc import OperationalError
from werkzeug.utils import import_string

from permits.errors import DomainError
from workflows import WorkflowError

COMMANDS = (
    "permits.cli.core:init",
    "permits.cli.core:serve",
    "permits.cli.core:demo",
    "permits.cli.admin:firms",
    "permits.cli.admin:users",
    "permits.cli.audit:audit",
    "permits.cli.documents:documents",
    "permits.cli.keys:keys",
    "permits.cli.permits_cli:verify",
    "permits.cli.permits_cli:permits_group",
    "permits.cli.workflow:workflow",
    "permits.cli.compliance:embargo",
    "permits.cli.compliance:sanctions",
    "permits.cli.compliance:reference",
    "permits.cli.report:report",
)


class PermitsGroup(click.Group):
    """Turns every user error into one line on standard error and a non-zero exit."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; domain and database errors become one-line messages."""
        try:
            return super().invoke(ctx)
        except DomainError as error:
            raise click.ClickException(error.message) from None
        except WorkflowError as error:
            raise click.ClickException(str(error)) from None
        except OperationalError as error:
            raise click.ClickException(f"database error: {error.orig}") from None


@click.group(cls=PermitsGroup)
def main() -> None:
    """Permit workflow engine for small arms and light weapons."""


for _path in COMMANDS:
    main.add_command(import_string(_path.replace(":", ".")))
