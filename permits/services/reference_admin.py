"""Customs points and country flags, maintained by admins; every change is audited."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from permits.audit.chain import record_event
from permits.domain import errors
from permits.domain.access import require_role
from permits.domain.actors import Principal
from permits.domain.form_checks import Problems
from permits.models import Country, CustomsPoint
from permits.services.uow import unit_of_work

KINDS = ("border", "airport", "inland")
CODE = re.compile(r"[A-Z0-9][A-Z0-9-]{0,15}")
POINT_FIELDS = ("name", "kind", "border_country", "active")
COUNTRY_FIELDS = ("requires_end_user_certificate", "embargo_notes")


def list_customs_points_admin(session: Session, actor: Principal) -> list[CustomsPoint]:
    """Every customs point, active or not, by code (admins)."""
    require_role(actor, "admin")
    return list(session.scalars(select(CustomsPoint).order_by(CustomsPoint.code)))


def get_customs_point(session: Session, actor: Principal, code: str) -> CustomsPoint:
    """One customs point (admins); NotFound for an unknown code."""
    require_role(actor, "admin")
    point = session.get(CustomsPoint, code)
    if point is None:
        raise errors.NotFound(f"No customs point {code}")
    return point


def _point_problems(session: Session, values: dict[str, Any]) -> Problems:
    problems = Problems()
    if not (values.get("name") or "").strip():
        problems.add("name", "A name is required.")
    elif len(values["name"].strip()) > 200:
        problems.add("name", "At most 200 characters.")
    if values.get("kind") not in KINDS:
        problems.add("kind", "Choose border, airport or inland.")
    country = values.get("border_country") or None
    if values.get("kind") == "border" and country is None:
        problems.add("border_country", "A border post names the neighbouring country.")
    elif values.get("kind") != "border" and country is not None:
        problems.add("border_country", "Only a border post names a neighbouring country.")
    elif country is not None and session.get(Country, country) is None:
        problems.add("border_country", f"Unknown country code {country}.")
    return problems


def _check_version(record: CustomsPoint | Country, expected_version: int | None) -> None:
    # The web forms and the API always send the version they read; None means "whatever it is"
    # only for callers inside the process (the API itself insists on If-Match).
    if expected_version is not None and record.version != expected_version:
        raise errors.StaleVersion(
            f"The record is at version {record.version}, not {expected_version}; reload it"
        )


def create_customs_point(
    session: Session, actor: Principal, *, code: str, **values: Any
) -> CustomsPoint:
    """Add a customs point (admins); the code must be new, the border country known."""
    require_role(actor, "admin")
    code = (code or "").strip().upper()
    values = {"active": True, **values, "border_country": values.get("border_country") or None}
    with unit_of_work(session):
        problems = _point_problems(session, values)
        if not CODE.fullmatch(code):
            problems.add("code", "1 to 16 capital letters, digits or hyphens.")
        elif session.get(CustomsPoint, code) is not None:
            problems.add("code", f"A customs point {code} already exists.")
        problems.raise_if_any()
        values["name"] = values["name"].strip()
        point = CustomsPoint(code=code, **{f: values[f] for f in POINT_FIELDS})
        session.add(point)
        session.flush()
        after = {f: getattr(point, f) for f in POINT_FIELDS}
        record_event(session, actor, "customs_point.create", ("customs_point", code),
                     payload={"customs_point": code, "before": None, "after": after})  # fmt: skip
    return point


def update_customs_point(
    session: Session, actor: Principal, code: str, *, expected_version: int | None, **values: Any
) -> CustomsPoint:
    """Change a customs point's name, kind, border or activity (admins); never deleted."""
    require_role(actor, "admin")
    with unit_of_work(session):
        point = get_customs_point(session, actor, code)
        _check_version(point, expected_version)
        before = {f: getattr(point, f) for f in POINT_FIELDS}
        merged = {**before, **values}
        merged["border_country"] = merged.get("border_country") or None
        _point_problems(session, merged).raise_if_any()
        merged["name"] = merged["name"].strip()
        for name in POINT_FIELDS:
            setattr(point, name, merged[name])
        session.flush()
        after = {f: getattr(point, f) for f in POINT_FIELDS}
        record_event(session, actor, "customs_point.update", ("customs_point", code),
                     payload={"customs_point": code, "before": before, "after": after})  # fmt: skip
    return point


def list_countries_admin(session: Session, actor: Principal, search: str = "") -> list[Country]:
    """Countries whose code or name contains ``search``, by code (admins)."""
    require_role(actor, "admin")
    query = select(Country).order_by(Country.code)
    if search.strip():
        needle = f"%{search.strip().lower()}%"
        query = query.where(
            or_(func.lower(Country.code).like(needle), func.lower(Country.name).like(needle))
        )
    return list(session.scalars(query))


def get_country(session: Session, actor: Principal, code: str) -> Country:
    """One country (admins); NotFound for an unknown code."""
    require_role(actor, "admin")
    country = session.get(Country, (code or "").upper())
    if country is None:
        raise errors.NotFound(f"No country {code}")
    return country


def update_country(
    session: Session, actor: Principal, code: str, *, expected_version: int | None, **values: Any
) -> Country:
    """Set a country's end-user certificate flag and embargo notes (admins)."""
    require_role(actor, "admin")
    with unit_of_work(session):
        country = get_country(session, actor, code)
        _check_version(country, expected_version)
        notes = values.get("embargo_notes", country.embargo_notes) or ""
        if len(notes) > 4000:
            raise errors.InvalidInput({"embargo_notes": ["At most 4000 characters."]})
        before = {f: getattr(country, f) for f in COUNTRY_FIELDS}
        country.embargo_notes = notes.strip()
        flag = values.get("requires_end_user_certificate", country.requires_end_user_certificate)
        country.requires_end_user_certificate = bool(flag)
        session.flush()
        after = {f: getattr(country, f) for f in COUNTRY_FIELDS}
        record_event(session, actor, "country.update", ("country", country.code),
                     payload={"name": country.name, "before": before, "after": after})  # fmt: skip
    return country
