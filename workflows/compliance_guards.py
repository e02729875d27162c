"""Compliance guards (DESIGN 5): embargoes, sanctions screening, re-export consent, markings and
earlier refusals. Like every guard they read plain facts; the data (regimes, listed names,
permits) comes from the caller. Facts used here, besides those of ``guards``:

``embargo_regimes`` (regimes in force: ``regime name country scope direction resolutions``),
``screening`` (``list_version`` and ``matches``), ``clearances`` (set of (code, key)),
``reexport_source``, ``serial_conflicts`` and ``similar_refusals``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from workflows.guards import Check, guard
from workflows.model import Blocker

TO, FROM = ("to", "both"), ("from", "both")
PARTY_LABELS = {
    "end_user": "The end user",
    "consignee": "The consignee",
    "carrier": "The carrier",
    "broker": "The broker",
    "manufacturer": "The manufacturer",
}


def _places(facts: Mapping[str, Any]) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """(country, field, role, directions) of every country the transfer touches."""
    fields = facts.get("fields", {})
    if facts.get("permit_type") == "import":
        places = [
            (fields.get("counterpart_country"), "counterpart_country", "country of origin", FROM)
        ]
    else:
        places = [
            (fields.get("counterpart_country"), "counterpart_country", "destination", TO),
            (fields.get("end_user_country"), "end_user.country", "end user's country", TO),
            (fields.get("consignee_country"), "consignee.country", "consignee's country", TO),
        ]
    for i, code in enumerate(fields.get("transit_countries") or []):
        places.append((code, f"transit_countries[{i}]", "transit country", TO))
    for i, line in enumerate(facts.get("goods", [])):
        places.append(
            (
                line.get("country_of_manufacture"),
                f"goods[{i}].country_of_manufacture",
                "country of manufacture",
                FROM,
            )
        )
    return [p for p in places if p[0]]


def embargo_hits(facts: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every regime in force that covers a country of the transfer, once per regime and field."""
    hits, seen = [], set()
    for country, field, role, directions in _places(facts):
        for regime in facts.get("embargo_regimes", []):
            key = (regime["regime"], field)
            if (
                regime["country"] == country
                and regime["direction"] in directions
                and key not in seen
            ):
                seen.add(key)
                hits.append(
                    {**regime, "field": field, "role": role, "key": f"{regime['regime']}:{country}"}
                )
    return hits


def _cites(hit: Mapping[str, Any]) -> str:
    return f"{hit['name']}, UNSC resolution(s) {', '.join(hit['resolutions'])}"


@guard("no_full_embargo")
def no_full_embargo(check: Check) -> list[Blocker]:
    """No country of the transfer is under a full UN arms embargo in its direction."""
    return [
        Blocker(
            "embargo",
            hit["field"],
            f"{hit['country']} ({hit['role']}) is under a full UN arms embargo: {_cites(hit)}",
        )
        for hit in embargo_hits(check.facts)
        if hit["scope"] == "full"
    ]


@guard("embargo_assessed")
def embargo_assessed(check: Check) -> list[Blocker]:
    """A regime on non-government forces needs an officer's assessment that the end user is
    the government."""
    cleared = check.facts.get("clearances", set())
    return [
        Blocker(
            "embargo_assessment_required",
            hit["field"],
            f"{hit['country']} ({hit['role']}) is under a UN arms embargo on non-government "
            f"forces ({_cites(hit)}); an officer must record that the end user is the "
            f"government (clearance {hit['key']})",
        )
        for hit in embargo_hits(check.facts)
        if hit["scope"] == "non_government"
        and ("embargo_non_government", hit["key"]) not in cleared
    ]


def screening_key(match: Mapping[str, Any]) -> str:
    """What a clearance of one screening match names: the party, its name, the listed entry."""
    return f"{match['party']}:{match['party_name']}:{match['reference_number']}"


def _party_label(party: str) -> str:
    if party.startswith("goods"):
        return PARTY_LABELS["manufacturer"]
    return PARTY_LABELS.get(party.split(".")[0], "A party")


def _match_text(match: Mapping[str, Any]) -> str:
    label = _party_label(match["party"])
    return (
        f"{label} '{match['party_name']}' matches the listed {match['kind']} "
        f"{match['reference_number']} '{match['listed_name']}' (score {match['score']})"
    )


def _uncleared_entity(match: Mapping[str, Any]) -> bool:
    return bool(match["exact"]) and match["kind"] == "entity"


@guard("screening_done")
def screening_done(check: Check) -> list[Blocker]:
    """A decision needs the UN sanctions list loaded: no screening, no approval."""
    if check.facts.get("screening", {}).get("list_version") is not None:
        return []
    return [
        Blocker(
            "sanctions_list_missing",
            "sanctions",
            "No UN sanctions list is loaded; an admin must import one first",
        )
    ]


@guard("no_listed_entity")
def no_listed_entity(check: Check) -> list[Blocker]:
    """A party that exactly is a listed entity blocks for good: nobody can clear it."""
    return [
        Blocker("sanctions_listed_entity", m["party"], _match_text(m) + "; this cannot be cleared")
        for m in check.facts.get("screening", {}).get("matches", [])
        if _uncleared_entity(m)
    ]


@guard("screening_cleared")
def screening_cleared(check: Check) -> list[Blocker]:
    """Every other screening match needs an officer's clearance with a reason."""
    cleared = check.facts.get("clearances", set())
    return [
        Blocker(
            "sanctions_match",
            m["party"],
            _match_text(m) + f"; an officer must clear it (clearance {screening_key(m)})",
        )
        for m in check.facts.get("screening", {}).get("matches", [])
        if not _uncleared_entity(m) and ("sanctions_match", screening_key(m)) not in cleared
    ]


@guard("serials_unique")
def serials_unique(check: Check) -> list[Blocker]:
    """No weapon's serial number is already on an active permit (same manufacturer and model)."""
    return [
        Blocker(
            "serial_in_use",
            f"goods[{c['line']}].serial_numbers",
            f"Serial {c['serial']} ({c['manufacturer']} {c['model']}) is already on active "
            f"permit {c['permit']}",
        )
        for c in check.facts.get("serial_conflicts", [])
    ]


@guard("similar_refusal_cleared")
def similar_refusal_cleared(check: Check) -> list[Blocker]:
    """An essentially identical transaction refused lately needs an officer's reasoned clearance."""
    cleared = check.facts.get("clearances", set())
    return [
        Blocker(
            "similar_refusal",
            "application",
            f"Application {r['application_id']} of the same firm, consignee and model was "
            f"refused on {r['decided_on']}; an officer must clear this (clearance "
            f"application:{r['application_id']})",
        )
        for r in check.facts.get("similar_refusals", [])
        if ("similar_refusal", f"application:{r['application_id']}") not in cleared
    ]


@guard("refusal_grounds_given")
def refusal_grounds_given(check: Check) -> list[Blocker]:
    """A refusal names at least one coded ground."""
    if check.params.get("grounds"):
        return []
    return [Blocker("grounds_required", "grounds", "A refusal needs at least one coded ground")]


def clearable(facts: Mapping[str, Any]) -> dict[str, set[str]]:
    """The (code -> keys) an officer could clear on this application now."""
    screening = facts.get("screening", {}).get("matches", [])
    return {
        "embargo_non_government": {
            h["key"] for h in embargo_hits(facts) if h["scope"] == "non_government"
        },
        "sanctions_match": {screening_key(m) for m in screening if not _uncleared_entity(m)},
        "similar_refusal": {
            f"application:{r['application_id']}" for r in facts.get("similar_refusals", [])
        },
    }
