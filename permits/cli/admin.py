"""``permits firms create``, ``permits users create`` and ``permits admin reset-second-factor``."""

from __future__ import annotations

import sys
from datetime import datetime

import click

from permits.cli.context import session_scope
from permits.domain.actors import cli_actor
from permits.models.firms import ROLES
from permits.services.firms import create_firm, create_user
from permits.services.second_factor import reset_second_factor, user_by_name


@click.group()
def firms() -> None:
    """Manage firms."""


@firms.command("create")
@click.option("--name", required=True, help="The firm's registered name.")
@click.option("--bin", "bin_number", required=True, help="12-digit business identification number.")
@click.option("--licence-number", required=True, help="Number of the MIA trade licence.")
@click.option(
    "--licence-valid-until", required=True, type=click.DateTime(["%Y-%m-%d"]), help="YYYY-MM-DD."
)
@click.option("--address", default="", help="Registered address.")
def create_firm_command(
    name: str, bin_number: str, licence_number: str, licence_valid_until: datetime, address: str
) -> None:
    """Register a firm licensed to trade in civilian or service weapons."""
    with session_scope() as session:
        firm = create_firm(
            session,
            cli_actor(),
            name=name,
            bin_number=bin_number,
            licence_number=licence_number,
            licence_valid_until=licence_valid_until.date(),
            address=address,
        )
        click.echo(f"firm {firm.id} created: {firm.name} (BIN {firm.bin})")


@click.group()
def users() -> None:
    """Manage users."""


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@users.command("create")
@click.option("--username", required=True)
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--firm", "firm_bin", help="BIN of the applicant's firm.")
@click.option("--head", is_flag=True, help="The applicant is the head of the firm (may submit).")
@click.option("--full-name", default="", help="The person's full name.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_user_command(
    username: str, role: str, firm_bin: str | None, head: bool, full_name: str, password_stdin: bool
) -> None:
    """Create a user; the password is read from standard input, never from the command line."""
    password = _read_password(password_stdin)
    with session_scope() as session:
        user = create_user(
            session,
            cli_actor(),
            username=username,
            role=role,
            password=password,
            firm_bin=firm_bin,
            is_head=head,
            full_name=full_name,
        )
        click.echo(f"user {user.id} created: {user.username} ({user.role})")


@click.group()
def admin() -> None:
    """Administer users' sign-in."""


@admin.command("reset-second-factor")
@click.argument("username")
def reset_second_factor_command(username: str) -> None:
    """Forget a user's authenticator and recovery codes and end their sessions (audited): the
    user enrols again at the next sign-in."""
    with session_scope() as session:
        user = user_by_name(session, username)
        reset_second_factor(session, cli_actor(), user.id)
        click.echo(f"second factor of {username} reset: they enrol again at the next sign-in")
