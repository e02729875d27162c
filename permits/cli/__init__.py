"""The ``permits`` command line: operators and scripts depend on these exact forms."""

from __future__ import annotations

from typing import Any

import click
from sqlalchemy.exc import OperationalError
from werkzeug.utils import import_string

from permits.cli.context import Installation
from permits.domain.errors import DomainError
from workflows import WorkflowError

COMMANDS = (
    "permits.cli.core:init",
    "permits.cli.core:serve",
    "permits.cli.core:demo",
    "permits.cli.admin:firms",
    "permits.cli.admin:users",
    "permits.cli.admin:admin",
    "permits.cli.audit:audit",
    "permits.cli.documents:documents",
    "permits.cli.keys:keys",
    "permits.cli.permits_cli:verify",
    "permits.cli.permits_cli:permits_group",
    "permits.cli.workflow:workflow",
    "permits.cli.reference_lists:embargo",
    "permits.cli.reference_lists:sanctions",
    "permits.cli.reference_lists:reference",
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


def command_line(installation: Installation) -> click.Group:
    """The ``permits`` command with every subcommand, working on the given installation."""
    group = PermitsGroup(
        "permits",
        help="Permit workflow engine for small arms and light weapons.",
        context_settings={"obj": installation},
    )
    for path in COMMANDS:
        group.add_command(import_string(path.replace(":", ".")))
    return group
