"""Screening party names against the UN consolidated sanctions list in force.

Names are compared in normalised form (case, punctuation, accents and Cyrillic script folded)
with rapidfuzz's token-sort ratio, which ignores word order ("Krasnov Viktor"). Each list
version is read into memory once per process: versions never change once loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session

from permits.compliance.names import normalize_name
from permits.models import Application, SanctionsEntry, SanctionsName
from permits.services.lists_in_force import current_version


@dataclass(frozen=True)
class ListIndex:
    """Every normalised name of one list version, with the entry each belongs to."""

    version: int
    names: list[str]
    entries: list[tuple[str, str, str]]  # (reference number, kind, the name as listed)


# Keyed by the file's hash and version number, not the row id: several databases (tests, a
# staging copy) may share a process, and the same id can name different lists in each.
_INDEXES: dict[tuple[str, int], ListIndex] = {}


def _index(session: Session) -> ListIndex | None:
    version = current_version(session, "sanctions")
    if version is None:
        return None
    key = (version.sha256, version.version)
    if key not in _INDEXES:
        rows = session.execute(
            select(
                SanctionsName.normalized,
                SanctionsName.name,
                SanctionsEntry.reference_number,
                SanctionsEntry.kind,
            )
            .join(SanctionsEntry, SanctionsEntry.id == SanctionsName.entry_id)
            .where(SanctionsEntry.list_version_id == version.id)
        ).all()
        _INDEXES[key] = ListIndex(
            version.version,
            [r.normalized for r in rows],
            [(r.reference_number, r.kind, r.name) for r in rows],
        )
    return _INDEXES[key]


def application_parties(application: Application) -> list[tuple[str, str]]:
    """(field, name) of every party to screen: end user, consignee, carrier, broker, makers."""
    parties = [
        (f"{party}.name", getattr(application, f"{party}_name"))
        for party in ("end_user", "consignee", "carrier", "broker")
    ]
    seen = set()
    for i, line in enumerate(application.goods):
        if line.manufacturer.lower() not in seen:
            seen.add(line.manufacturer.lower())
            parties.append((f"goods[{i}].manufacturer", line.manufacturer))
    return [(field, name) for field, name in parties if name]


def _matches(index: ListIndex, field: str, name: str, threshold: int) -> list[dict[str, Any]]:
    wanted = normalize_name(name)
    best: dict[str, dict[str, Any]] = {}
    found = process.extract(
        wanted, index.names, scorer=fuzz.token_sort_ratio, score_cutoff=threshold, limit=None
    )
    for listed, score, position in found:
        reference, kind, as_listed = index.entries[position]
        match = {
            "party": field,
            "party_name": name,
            "reference_number": reference,
            "kind": kind,
            "listed_name": as_listed,
            "score": round(score),
            "exact": listed == wanted,
        }
        current = best.get(reference)
        if current is None or (match["exact"], score) > (current["exact"], current["score"]):
            best[reference] = match
    return sorted(best.values(), key=lambda m: (-m["score"], m["reference_number"]))


def screen_parties(
    session: Session, parties: list[tuple[str, str]], threshold: int
) -> dict[str, Any]:
    """The list version screened against and every match at or above the threshold."""
    index = _index(session)
    if index is None:
        return {"list_version": None, "matches": []}
    matches = [m for field, name in parties for m in _matches(index, field, name, threshold)]
    return {"list_version": index.version, "matches": matches}
