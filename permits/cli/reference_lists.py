"""``permits embargo``, ``sanctions`` and ``reference``: loading the compliance lists."""

from __future__ import annotations

from pathlib import Path

import click

from permits.cli.context import runtime_from_environment, session_scope
from permits.domain.actors import cli_actor
from permits.domain.errors import InvalidInput
from permits.services import lists_in_force, reference_lists
from permits.services.weapon_register import RegisterPlan, import_weapon_register

FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.group()
def embargo() -> None:
    """The UN arms-embargo list (versioned; the newest is in force)."""


@embargo.command("import")
@click.argument("file", type=FILE)
@click.option("--label", help="What this version is, e.g. 'UNSC list of 2026-03-01'.")
def embargo_import(file: Path, label: str | None) -> None:
    """Load FILE (CSV or JSON) as a new version; permits it embargoes are suspended."""
    runtime = runtime_from_environment()
    with session_scope(runtime) as session:
        version = reference_lists.import_embargo_list(
            session, cli_actor(), file.read_bytes(), file.name, label, clock=runtime.clock
        )
        click.echo(f"embargo list version {version.version}: {version.record_count} regimes")


@embargo.command("show")
def embargo_show() -> None:
    """Print the regimes of the list in force."""
    with session_scope() as session:
        listing = lists_in_force.embargo_list(session)
        if listing.version is None:
            raise click.ClickException("no embargo list is loaded")
        click.echo(f"version {listing.version.version} ({listing.version.label or '-'})")
        for r in listing.regimes:
            click.echo(
                f"{r.regime:20} {r.country or '--':3} {r.scope:15} {r.direction:5} "
                f"{' '.join(r.resolutions)}"
            )


@click.group()
def sanctions() -> None:
    """The UN Security Council consolidated sanctions list (versioned)."""


@sanctions.command("import")
@click.argument("file", type=FILE)
def sanctions_import(file: Path) -> None:
    """Load the consolidated list XML as a new version (never fetched from the network)."""
    with session_scope() as session:
        version = reference_lists.import_sanctions_list(
            session, cli_actor(), file.read_bytes(), file.name
        )
        click.echo(
            f"sanctions list version {version.version}: {version.record_count} "
            f"parties (generated {version.label or 'unknown'})"
        )


@click.group()
def reference() -> None:
    """Reference data the rules read."""


@reference.command("year-codes")
@click.argument("file", type=FILE)
def year_codes(file: Path) -> None:
    """Add marking year codes from a CSV (year,code); a year's code never changes."""
    with session_scope() as session:
        added = reference_lists.import_year_codes(
            session, cli_actor(), file.read_bytes(), file.name
        )
        click.echo(f"year codes added: {added}")


@reference.command("country-flags")
@click.argument("file", type=FILE)
def country_flags(file: Path) -> None:
    """Set which countries' law requires an end-user certificate (CSV: code and a yes/no
    requires_end_user_certificate)."""
    with session_scope() as session:
        changed = reference_lists.import_country_flags(
            session, cli_actor(), file.read_bytes(), file.name
        )
        click.echo(f"countries changed: {changed}")


def _report(plan: RegisterPlan) -> None:
    click.echo(f"register file {plan.source}: {plan.rows} models, sha256 {plan.sha256}")
    for entry in plan.added:
        click.echo(f"added    {entry['register_number']}: {entry['manufacturer']} "
                   f"{entry['model']} ({entry['calibre']})")  # fmt: skip
    for entry, fields in plan.changed:
        click.echo(f"changed  {entry['register_number']}: {', '.join(fields)}")
    for model in plan.removed:
        click.echo(f"removed  {model.register_number}: {model.manufacturer} {model.model} "
                   f"({model.calibre})")  # fmt: skip


@reference.command("weapon-models")
@click.argument("file", type=FILE)
@click.option("--dry-run", is_flag=True, help="Report the changes and write nothing.")
def weapon_models(file: Path, dry_run: bool) -> None:
    """Import the State register of weapon models from a CSV as a new version (columns
    register_number,model,manufacturer,calibre,kind,category,country_of_manufacture,date_added);
    models it no longer lists are removed from the register, never deleted."""
    runtime = runtime_from_environment()
    try:
        with session_scope(runtime) as session:
            content = file.read_bytes()
            plan = import_weapon_register(
                session, cli_actor(), content, file.name,
                clock=runtime.clock, dry_run=dry_run, report=_report,
            )  # fmt: skip
    except InvalidInput as error:
        for where, messages in error.errors.items():
            for message in messages:
                click.echo(f"{file.name}: {where}: {message}", err=True)
        raise click.ClickException(f"{file.name}: nothing imported") from None
    counts = f"{len(plan.added)} added, {len(plan.changed)} changed, {len(plan.removed)} removed"
    if plan.applied:
        click.echo(f"register version {plan.version}: {counts}")
    else:
        click.echo(f"dry run, nothing written: {counts}")
