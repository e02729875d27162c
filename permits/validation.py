"""Checks of an application form against reference data and across its own fields."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from permits.errors import InvalidInput
from permits.models import Country, CustomsPoint

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
    for party in ("end_user", "consignee"):
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


def check_form(session: Session, permit_type: str, form: dict[str, Any]) -> None:
    """Raise InvalidInput for references that do not exist and fields that contradict each other."""
    problems = Problems()
    _check_countries(session, form, problems)
    _check_customs_point(session, form, problems)
    _check_serials(form, problems)
    if form.get("reexport_of") and permit_type != "re_export":
        problems.add("reexport_of", "Only a re-export names the import permit it re-exports from.")
    problems.raise_if_any()
