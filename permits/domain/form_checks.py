"""Checks of an application form against reference data and across its own fields."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from permits.domain.errors import InvalidInput
from permits.models import Country, CustomsPoint, MarkingYearCode, Permit

HOME_COUNTRY = "KZ"


class Problems:
    """Collects ``field -> messages`` and raises them all at once."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        """Record one problem with one field."""
        self.errors.setdefault(field, []).append(message)

    def raise_if_any(self) -> None:
        """Raise InvalidInput when any problem was recorded."""
        if self.errors:
            raise InvalidInput(self.errors)


def _country_fields(form: dict[str, Any]) -> list[tuple[str, str]]:
    found = []
    if form.get("counterpart_country"):
        found.append(("counterpart_country", form["counterpart_country"]))
    for i, code in enumerate(form.get("transit_countries") or []):
        found.append((f"transit_countries[{i}]", code))
    for party in ("end_user", "consignee", "carrier", "broker"):
        if form.get(party):
            found.append((f"{party}.country", form[party]["country"]))
    for i, line in enumerate(form.get("goods") or []):
        found.append((f"goods[{i}].country_of_manufacture", line["country_of_manufacture"]))
    return found


def _check_countries(session: Session, form: dict[str, Any], problems: Problems) -> None:
    used = _country_fields(form)
    known = set(session.scalars(select(Country.code).where(Country.code.in_({c for _, c in used}))))
    for field, code in used:
        if code not in known:
            problems.add(field, f"Country '{code}' is not in the reference list.")
    if form.get("counterpart_country") == HOME_COUNTRY:
        problems.add("counterpart_country", "The other country cannot be Kazakhstan itself.")
    route = form.get("transit_countries") or []
    for i, code in enumerate(route):
        if code == HOME_COUNTRY or code == form.get("counterpart_country"):
            problems.add(f"transit_countries[{i}]", "A transit country is a third country.")
        elif route.index(code) != i:
            problems.add(f"transit_countries[{i}]", f"'{code}' is listed twice.")


def _check_customs_point(session: Session, form: dict[str, Any], problems: Problems) -> None:
    code = form.get("customs_point")
    if code is None:
        return
    point = session.get(CustomsPoint, code)
    if point is None:
        problems.add("customs_point", f"Customs point '{code}' does not exist.")
    elif not point.active:
        problems.add("customs_point", f"Customs point '{code}' is closed.")


def _check_serials(form: dict[str, Any], problems: Problems) -> None:
    counts = Counter(s for line in form.get("goods") or [] for s in line["serial_numbers"])
    for i, line in enumerate(form.get("goods") or []):
        for serial in line["serial_numbers"]:
            if counts[serial] > 1:
                problems.add(
                    f"goods[{i}].serial_numbers", f"Serial '{serial}' appears more than once."
                )


def _check_kazakh_markings(session: Session, form: dict[str, Any], problems: Problems) -> None:
    """Kazakh-made firearms are marked with a year letter code and a three-character serial."""
    lines = [
        (i, line)
        for i, line in enumerate(form.get("goods") or [])
        if line["kind"] == "firearm" and line["country_of_manufacture"] == HOME_COUNTRY
    ]
    if not lines:
        return
    codes = {c.code: c.year for c in session.scalars(select(MarkingYearCode))}
    for i, line in lines:
        for serial in line["serial_numbers"]:
            code, number = serial[:-3].upper(), serial[-3:]
            if code not in codes or len(number) != 3 or not number.isalnum():
                problems.add(
                    f"goods[{i}].serial_numbers",
                    f"'{serial}' is not a Kazakh marking: a year code from the reference table "
                    f"(e.g. {min(codes, default='?')}) followed by a three-character serial.",
                )


def _check_reexport_of(
    session: Session,
    permit_type: str,
    form: dict[str, Any],
    firm_id: int | None,
    problems: Problems,
) -> None:
    number = form.get("reexport_of")
    if not number:
        return
    if permit_type != "re_export":
        problems.add("reexport_of", "Only a re-export names the import permit it re-exports from.")
        return
    permit = session.scalars(select(Permit).where(Permit.number == number)).one_or_none()
    if permit is None:
        problems.add("reexport_of", f"No permit {number} exists.")
    elif permit.firm_id != firm_id:
        problems.add("reexport_of", f"Permit {number} was issued to another firm.")
    elif permit.permit_type != "import":
        problems.add("reexport_of", f"Permit {number} is not an import permit.")


def check_form(
    session: Session, permit_type: str, form: dict[str, Any], firm_id: int | None = None
) -> None:
    """Raise InvalidInput for references that do not exist and fields that contradict each other."""
    problems = Problems()
    _check_countries(session, form, problems)
    _check_customs_point(session, form, problems)
    _check_serials(form, problems)
    _check_kazakh_markings(session, form, problems)
    _check_reexport_of(session, permit_type, form, firm_id, problems)
    problems.raise_if_any()
