"""The Ministry's configurable rule settings, handed to the services by the composition root."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Policy:
    """Deadlines in working days, the screening threshold and the look-back for refusals."""

    completeness_working_days: int = 2
    decision_working_days: int = 15
    extension_working_days: int = 15
    screening_threshold: int = 88
    similar_refusal_years: int = 3
