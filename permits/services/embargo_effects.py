"""What a new embargo list does to permits already issued: a permit whose transfer it puts under
a full embargo is suspended at once, by the system, with the regime cited."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

import workflows.compliance_guards as rules
from permits.models import Application, ListVersion, Permit
from permits.services.drafts import form_fields, goods_facts
from permits.services.lists_in_force import regimes_in_force
from permits.services.permits import SYSTEM, fire_permit


def _full_hits(application: Application, regimes: list[dict]) -> list[dict]:
    facts = {
        "permit_type": application.permit_type,
        "fields": form_fields(application),
        "goods": goods_facts(application),
        "embargo_regimes": regimes,
    }
    return [h for h in rules.embargo_hits(facts) if h["scope"] == "full"]


def suspend_newly_embargoed(session: Session, version: ListVersion, today: date) -> list[str]:
    """Suspend every active permit the new list puts under a full embargo in force on the
    Ministry's today; return their numbers."""
    _, regimes = regimes_in_force(session, today)
    suspended = []
    permits = session.scalars(
        select(Permit).where(Permit.status == "active").order_by(Permit.id).with_for_update()
    ).all()
    for permit in permits:
        application = session.get(Application, permit.application_id)
        hits = _full_hits(application, regimes)
        if hits:
            cited = "; ".join(
                f"{h['country']} ({h['role']}): {h['name']}, UNSC {', '.join(h['resolutions'])}"
                for h in hits
            )
            reason = (
                f"Embargo list version {version.version} puts the transfer under a full "
                f"UN arms embargo: {cited}"
            )
            fire_permit(session, SYSTEM, permit, "suspend", reason)
            suspended.append(permit.number)
    return suspended
