"""The Ministry's configurable rule settings, carried by every session of an app."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Policy:
    """Deadlines in working days, the screening threshold and the look-back for refusals."""

    completeness_working_days: int = 2
    decision_working_days: int = 15
    extension_working_days: int = 15
    screening_threshold: int = 88
    similar_refusal_years: int = 3


def policy_of(session: Session) -> Policy:
    """The policy of the app the session belongs to (the defaults when it has none)."""
    return session.info.get("policy") or Policy()
