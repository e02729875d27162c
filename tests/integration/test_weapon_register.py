"""The State register of weapon models imported from CSV files, and what the checklist asks."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from permits.assembly.console import main
from permits.domain import errors
from permits.domain.actors import SystemActor
from permits.models import AuditEvent, GoodsLine, RegisterVersion, WeaponModel
from permits.services.checklist import application_checklist
from permits.services.weapon_register import import_weapon_register
from tests.factories import Cast, application_in, clock

ADMIN = SystemActor("cli:admin")
HEADER = (
    "register_number,model,manufacturer,calibre,kind,category,country_of_manufacture,date_added"
)
BERETTA = "GR-001,686 Silver Pigeon I,Beretta,12/76,firearm,civilian,IT,2019-04-01"
SAUER = "GR-002,S404 Classic,Sauer,.308 Win,firearm,civilian,DE,2020-02-10"
FMJ = "GR-003,FMJ,Sellier & Bellot,9x19 mm,cartridges,service,CZ,2021-06-30"


@pytest.fixture
def cast(session):
    return Cast()


def register_file(*rows: str, header: str = HEADER) -> bytes:
    return "\n".join((header, *rows)).encode() + b"\n"


def load(session, content: bytes, **options):
    return import_weapon_register(session, ADMIN, content, "register.csv", clock=clock(), **options)


def register(session) -> dict[str, WeaponModel]:
    session.expire_all()
    return {w.register_number: w for w in session.scalars(select(WeaponModel))}


def written(session) -> tuple[int, int, int]:
    """(register entries, register versions, register audit events) as stored."""
    session.expire_all()
    events = select(func.count()).where(AuditEvent.action == "reference.weapon_models.load")
    return (
        session.scalar(select(func.count()).select_from(WeaponModel)),
        session.scalar(select(func.count()).select_from(RegisterVersion)),
        session.scalar(events.select_from(AuditEvent)),
    )


def asks_for_register_agreement(session, cast, application) -> bool:
    checklist = application_checklist(session, cast.clerk, application.id, clock())
    return "state_register" in {entry.status.key for entry in checklist}


def test_a_clean_import_fills_the_register_as_version_1_with_one_audit_event(session):
    content = register_file(BERETTA, SAUER)
    plan = load(session, content)
    assert (plan.version, plan.applied, len(plan.added)) == (1, True, 2)
    entries = register(session)
    beretta = entries["GR-001"]
    assert (beretta.model, beretta.manufacturer, beretta.calibre, beretta.kind) == (
        "686 Silver Pigeon I", "Beretta", "12/76", "firearm")  # fmt: skip
    assert (beretta.category, beretta.country_of_manufacture, str(beretta.date_added)) == (
        "civilian", "IT", "2019-04-01")  # fmt: skip
    assert beretta.date_removed is None
    event = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "reference.weapon_models.load")
    ).one()
    assert event.payload["sha256"] == hashlib.sha256(content).hexdigest()
    assert (event.payload["added"], event.payload["changed"], event.payload["removed"]) == (2, 0, 0)
    assert written(session) == (2, 1, 1)


def test_a_second_version_reports_added_changed_and_removed_rows_before_applying_them(session):
    load(session, register_file(BERETTA, SAUER))
    seen = []

    def report(plan):
        seen.append(([e["register_number"] for e in plan.added],
                     [(e["register_number"], fields) for e, fields in plan.changed],
                     [w.register_number for w in plan.removed], written(session)))  # fmt: skip

    sauer_in_service = SAUER.replace("civilian,DE,2020-02-10", "service,DE,2020-02-10")
    plan = load(session, register_file(sauer_in_service, FMJ), report=report)
    assert seen == [(["GR-003"], [("GR-002", ["category"])], ["GR-001"], (2, 1, 1))]
    assert plan.version == 2
    entries = register(session)
    assert entries["GR-002"].category == "service"
    assert entries["GR-003"].in_force
    # Removed, never deleted: the entry stays, dated.
    assert entries["GR-001"].date_removed == clock().today()
    event = session.scalars(
        select(AuditEvent).where(AuditEvent.subject_id == "weapon_models@2")
    ).one()
    assert (event.payload["added"], event.payload["changed"], event.payload["removed"]) == (1, 1, 1)


def test_a_removed_model_listed_again_is_back_in_force(session):
    load(session, register_file(BERETTA, SAUER))
    load(session, register_file(SAUER))
    plan = load(session, register_file(SAUER, BERETTA))
    assert [e["register_number"] for e in plan.added] == ["GR-001"]
    assert register(session)["GR-001"].in_force


def test_a_dry_run_reports_the_changes_and_writes_nothing(session):
    load(session, register_file(BERETTA))
    plan = load(session, register_file(SAUER), dry_run=True)
    assert (len(plan.added), len(plan.removed), plan.applied) == (1, 1, False)
    assert written(session) == (1, 1, 1)
    assert register(session)["GR-001"].in_force


@pytest.mark.parametrize(
    ("rows", "header", "where", "message"),
    [
        ([BERETTA], HEADER.replace(",calibre", ""), "line 1", "Missing column 'calibre'"),
        ([BERETTA, SAUER.replace("GR-002", "GR-001")], HEADER, "line 3.register_number",
         "'GR-001' is also on line 2"),
        ([BERETTA, SAUER.replace(",DE,", ",ZZ,")], HEADER, "line 3.country_of_manufacture",
         "'ZZ' is not in the country list"),
        ([SAUER.replace("firearm", "cannon")], HEADER, "line 2.kind", "'cannon' is not one of"),
        ([SAUER.replace("civilian", "military")], HEADER, "line 2.category",
         "'military' is not one of"),
        ([BERETTA, SAUER.replace("2020-02-10", "10.02.2020")], HEADER, "line 3.date_added",
         "'10.02.2020' is not a date"),
    ],
)  # fmt: skip
def test_a_bad_file_names_the_line_of_each_problem_and_writes_nothing(
    session, rows, header, where, message
):
    with pytest.raises(errors.InvalidInput) as refused:
        load(session, register_file(*rows, header=header))
    assert any(message in m for m in refused.value.errors[where])
    assert written(session) == (0, 0, 0)


def test_every_problem_of_a_file_is_listed_at_once(session):
    bad = [SAUER.replace("firearm", "cannon"), FMJ.replace(",CZ,", ",ZZ,"), SAUER]
    with pytest.raises(errors.InvalidInput) as refused:
        load(session, register_file(*bad))
    assert {"line 2.kind", "line 3.country_of_manufacture", "line 4.register_number"} <= set(
        refused.value.errors
    )


def test_a_file_dropping_a_model_a_live_permit_allows_is_refused(session, cast):
    load(session, register_file(BERETTA, SAUER))
    approved = application_in(session, cast, "approved")
    with pytest.raises(errors.InvalidInput) as refused:
        load(session, register_file(SAUER))
    assert any(approved.permit.number in m for m in refused.value.errors["register_number GR-001"])
    assert register(session)["GR-001"].in_force
    assert written(session) == (2, 1, 1)


def test_the_checklist_asks_for_the_register_agreement_only_for_a_model_not_in_force(session, cast):
    before = application_in(session, cast, "draft")
    assert asks_for_register_agreement(session, cast, before)
    load(session, register_file(BERETTA))
    registered = application_in(session, cast, "draft")
    assert not asks_for_register_agreement(session, cast, registered)
    load(session, register_file(SAUER))
    after_removal = application_in(session, cast, "draft")
    assert asks_for_register_agreement(session, cast, after_removal)
    # The application written while the model was in force still reads its entry.
    line = session.scalars(select(GoodsLine).where(GoodsLine.application_id == registered.id)).one()
    assert line.in_state_register and line.register_entry.register_number == "GR-001"
    assert line.register_entry.date_removed == clock().today()
    assert not asks_for_register_agreement(session, cast, registered)


@pytest.fixture
def run(env):
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, list(args), env=env, catch_exceptions=False)

    return invoke


def test_the_command_reports_a_dry_run_then_applies_the_file_as_a_version(run, tmp_path, db):
    path = tmp_path / "register-2026.csv"
    path.write_bytes(register_file(BERETTA, SAUER))
    dry = run("reference", "weapon-models", str(path), "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "added    GR-001: Beretta 686 Silver Pigeon I (12/76)" in dry.output
    assert "dry run, nothing written: 2 added, 0 changed, 0 removed" in dry.output
    done = run("reference", "weapon-models", str(path))
    assert done.exit_code == 0, done.output
    assert "register version 1: 2 added, 0 changed, 0 removed" in done.output
    path.write_bytes(register_file(SAUER.replace("2020-02-10", "2020-02-11"), FMJ))
    second = run("reference", "weapon-models", str(path))
    assert "changed  GR-002: date_added" in second.output
    assert "removed  GR-001: Beretta 686 Silver Pigeon I (12/76)" in second.output
    assert "register version 2: 1 added, 1 changed, 1 removed" in second.output


def test_the_command_prints_one_line_per_problem_and_exits_non_zero(run, tmp_path, session):
    path = tmp_path / "bad.csv"
    path.write_bytes(register_file(SAUER.replace("firearm", "cannon"), SAUER))
    result = run("reference", "weapon-models", str(path))
    assert result.exit_code == 1
    assert "bad.csv: line 2.kind: 'cannon' is not one of firearm, cartridges, parts." in (
        result.stderr
    )
    assert "bad.csv: line 3.register_number: 'GR-002' is also on line 2." in result.stderr
    assert "nothing imported" in result.stderr
    assert written(session) == (0, 0, 0)


def test_the_register_import_benchmark_runs_in_its_smoke_mode():
    script = Path(__file__).resolve().parents[2] / "benchmarks" / "register_import.py"
    done = subprocess.run([sys.executable, str(script), "--smoke"],
                          capture_output=True, text=True, timeout=300, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "rows/s" in done.stdout and "2 added, 2 changed, 2 removed" in done.stdout
