"""Reading the reference data every user may consult."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from permits.models import Country, CustomsPoint, WeaponModel


def list_countries(session: Session) -> list[Country]:
    """Every country, by code."""
    return list(session.scalars(select(Country).order_by(Country.code)))


def list_customs_points(session: Session) -> list[CustomsPoint]:
    """Every customs point, by code."""
    return list(session.scalars(select(CustomsPoint).order_by(CustomsPoint.code)))


def list_weapon_models(session: Session) -> list[WeaponModel]:
    """The State register of weapon models, by manufacturer and model."""
    return list(
        session.scalars(select(WeaponModel).order_by(WeaponModel.manufacturer, WeaponModel.model))
    )
