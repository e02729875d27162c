"""The compliance lists in force: the newest loaded version of each, its embargo regimes, and
the versions kept for the decisions that were checked against them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from permits.domain import errors
from permits.models import EmbargoRegime, ListVersion


def current_version(session: Session, kind: str) -> ListVersion | None:
    """The version of a list in force: the newest loaded."""
    return session.scalars(
        select(ListVersion).where(ListVersion.kind == kind).order_by(ListVersion.version.desc())
    ).first()


@dataclass(frozen=True)
class EmbargoList:
    """One version of the embargo list with its regimes."""

    version: ListVersion | None
    regimes: list[EmbargoRegime]


def embargo_list(session: Session, version: int | None = None) -> EmbargoList:
    """The embargo list in force, or the version asked for (NotFound if there is none)."""
    query = select(ListVersion).where(ListVersion.kind == "embargoes")
    if version is not None:
        found = session.scalars(query.where(ListVersion.version == version)).one_or_none()
        if found is None:
            raise errors.NotFound(f"No embargo list version {version}")
    else:
        found = current_version(session, "embargoes")
    if found is None:
        return EmbargoList(None, [])
    regimes = session.scalars(
        select(EmbargoRegime)
        .where(EmbargoRegime.list_version_id == found.id)
        .order_by(EmbargoRegime.regime, EmbargoRegime.effective_from)
    )
    return EmbargoList(found, list(regimes))


def regimes_in_force(session: Session, on: date) -> tuple[int | None, list[dict]]:
    """(version, regimes of the list in force that are effective on the day) as plain data."""
    listing = embargo_list(session)
    regimes = [
        {
            "regime": r.regime,
            "name": r.name,
            "country": r.country,
            "scope": r.scope,
            "direction": r.direction,
            "resolutions": list(r.resolutions),
        }
        for r in listing.regimes
        if r.effective_from <= on and (r.effective_to is None or on <= r.effective_to)
    ]
    return (listing.version.version if listing.version else None), regimes


def list_versions(session: Session, kind: str) -> list[ListVersion]:
    """Every loaded version of a list, newest first."""
    return list(
        session.scalars(
            select(ListVersion).where(ListVersion.kind == kind).order_by(ListVersion.version.desc())
        )
    )
