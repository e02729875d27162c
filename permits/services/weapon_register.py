"""The State register of weapon models, imported from a file as a new version.

An import compares the file with the register in force by register number: numbers new to the
register (or back after a removal) are added, numbers whose values differ are changed, and
numbers in force that the file no longer lists are removed — never deleted, only dated, so
the applications that named them still read them. One transaction: a file with any problem
writes nothing, and a dry run reports the same changes and writes nothing either.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from permits.audit.chain import record_event
from permits.compliance.files import RowErrors
from permits.compliance.weapon_register import COLUMNS, parse_weapon_register
from permits.domain.access import require_role
from permits.domain.actors import Principal
from permits.domain.clock import Clock
from permits.models import Country, GoodsLine, Permit, RegisterVersion, WeaponModel
from permits.services.uow import unit_of_work

COMPARED = tuple(c for c in COLUMNS if c != "register_number")
LIVE_PERMITS = ("active", "suspended")


@dataclass
class RegisterPlan:
    """What an import changes: register numbers added, changed (with the fields) and removed."""

    source: str
    sha256: str
    rows: int
    version: int
    added: list[dict[str, Any]] = field(default_factory=list)
    changed: list[tuple[dict[str, Any], list[str]]] = field(default_factory=list)
    removed: list[WeaponModel] = field(default_factory=list)
    applied: bool = False


def _plan(session: Session, entries: dict[str, dict[str, Any]], plan: RegisterPlan) -> None:
    existing = {w.register_number: w for w in session.scalars(select(WeaponModel))}
    for number, entry in entries.items():
        known = existing.get(number)
        if known is None or not known.in_force:
            plan.added.append(entry)
            continue
        differs = [name for name in COMPARED if getattr(known, name) != entry[name]]
        if differs:
            plan.changed.append((entry, differs))
    plan.removed = [
        w for number, w in sorted(existing.items()) if w.in_force and number not in entries
    ]


def _refuse_removing_live_models(session: Session, removed: list[WeaponModel]) -> None:
    """A model a live permit allows stays on the register until the permit ends."""
    ids = {w.id: w.register_number for w in removed}
    problems = RowErrors()
    for start in range(0, len(ids), 500):
        chunk = list(ids)[start : start + 500]
        used = session.execute(
            select(GoodsLine.weapon_model_id, Permit.number)
            .join(Permit, Permit.application_id == GoodsLine.application_id)
            .where(GoodsLine.weapon_model_id.in_(chunk), Permit.status.in_(LIVE_PERMITS))
            .order_by(Permit.number)
        )
        for model_id, number in used:
            problems.add(
                f"register_number {ids[model_id]}",
                f"The file drops it, but live permit {number} allows this model.",
            )
    problems.raise_if_any()


def _apply(session: Session, plan: RegisterPlan, clock: Clock) -> None:
    existing = {w.register_number: w for w in session.scalars(select(WeaponModel))}
    for entry in plan.added:
        values = {name: entry[name] for name in COLUMNS}
        known = existing.get(entry["register_number"])
        if known is None:
            session.add(WeaponModel(**values))
        else:  # back on the register after a removal: the same entry, in force again
            for name, value in values.items():
                setattr(known, name, value)
            known.date_removed = None
    for entry, differs in plan.changed:
        known = existing[entry["register_number"]]
        for name in differs:
            setattr(known, name, entry[name])
    for removed in plan.removed:
        removed.date_removed = clock.today()


def _record(session: Session, actor: Principal, plan: RegisterPlan) -> None:
    counts = {"added": len(plan.added), "changed": len(plan.changed), "removed": len(plan.removed)}
    session.add(
        RegisterVersion(version=plan.version, source_name=plan.source, sha256=plan.sha256,
                        record_count=plan.rows, loaded_by=actor.username, **counts)
    )  # fmt: skip
    session.flush()
    record_event(
        session,
        actor,
        "reference.weapon_models.load",
        ("list", f"weapon_models@{plan.version}"),
        payload={"label": plan.source, "sha256": plan.sha256, "records": plan.rows, **counts},
    )


def import_weapon_register(
    session: Session,
    actor: Principal,
    content: bytes,
    source: str,
    *,
    clock: Clock,
    dry_run: bool = False,
    report: Callable[[RegisterPlan], None] | None = None,
) -> RegisterPlan:
    """Load the register file as a new version (admins): ``report`` sees the changes before
    they are applied; a dry run, or any problem with the file, writes nothing."""
    require_role(actor, "admin")
    with unit_of_work(session):
        countries = set(session.scalars(select(Country.code)))
        entries = parse_weapon_register(content, source, countries)
        latest = session.scalar(select(func.max(RegisterVersion.version))) or 0
        plan = RegisterPlan(
            source[-300:], hashlib.sha256(content).hexdigest(), len(entries), latest + 1
        )
        _plan(session, entries, plan)
        _refuse_removing_live_models(session, plan.removed)
        if report is not None:
            report(plan)
        if dry_run:
            return plan
        _apply(session, plan, clock)
        session.flush()
        _record(session, actor, plan)
        plan.applied = True
    return plan


def register_entry_in_force(session: Session, line: dict[str, Any]) -> WeaponModel | None:
    """The register entry in force for this manufacturer, model and calibre, if there is one."""
    return session.scalars(
        select(WeaponModel)
        .where(
            func.lower(WeaponModel.manufacturer) == line["manufacturer"].lower(),
            func.lower(WeaponModel.model) == line["model"].lower(),
            func.lower(WeaponModel.calibre) == line["calibre"].lower(),
            WeaponModel.date_removed.is_(None),
        )
        .order_by(WeaponModel.id)
    ).first()
