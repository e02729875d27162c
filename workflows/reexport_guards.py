"""Re-export guards (DESIGN 5): the import permit re-exported from, the quantities left under
it, and the consent of the country of manufacture. No role can clear these.

``reexport_source`` is None for other types, else: ``number``, ``found``, ``permit_type``,
``same_firm``, ``lines`` (model, calibre, imported, serials) and ``reexported`` (model,
calibre, quantity of the other approved re-exports from the same permit).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from workflows.guards import Check, guard
from workflows.model import Blocker


def _goods_key(line: Mapping[str, Any]) -> tuple[str, str]:
    return (str(line["model"]).strip().lower(), str(line["calibre"]).strip().lower())


def _source_blockers(source: Mapping[str, Any]) -> list[Blocker]:
    number = source["number"]
    if not source["found"]:
        return [Blocker("reexport_source_missing", "reexport_of", f"No permit {number} exists")]
    if source["permit_type"] != "import":
        return [
            Blocker(
                "reexport_source_not_import",
                "reexport_of",
                f"Permit {number} is not an import permit",
            )
        ]
    if not source["same_firm"]:
        return [
            Blocker(
                "reexport_source_other_firm",
                "reexport_of",
                f"Permit {number} was issued to another firm",
            )
        ]
    return []


def _balance(source: Mapping[str, Any]) -> Counter:
    left: Counter = Counter()
    for line in source["lines"]:
        left[_goods_key(line)] += line["imported"]
    for line in source["reexported"]:
        left[_goods_key(line)] -= line["quantity"]
    return left


def _goods_blockers(source: Mapping[str, Any], goods: list[Mapping[str, Any]]) -> list[Blocker]:
    blockers, left, asked = [], _balance(source), Counter()
    serials = {s for line in source["lines"] for s in line["serials"]}
    for i, line in enumerate(goods):
        key = _goods_key(line)
        if key not in left:
            blockers.append(
                Blocker(
                    "reexport_goods_not_imported",
                    f"goods[{i}]",
                    f"{line['model']} ({line['calibre']}) was not imported under "
                    f"permit {source['number']}",
                )
            )
            continue
        asked[key] += line["quantity"]
        stray = [s for s in line.get("serial_numbers") or [] if s not in serials]
        if stray:
            blockers.append(
                Blocker(
                    "reexport_serial_not_imported",
                    f"goods[{i}].serial_numbers",
                    f"Serial(s) {', '.join(stray[:5])} did not enter under permit "
                    f"{source['number']}",
                )
            )
    for key, quantity in asked.items():
        if quantity > left[key]:
            blockers.append(
                Blocker(
                    "reexport_quantity_exceeded",
                    "goods",
                    f"{quantity} of {key[0]} ({key[1]}) asked; only {max(left[key], 0)} "
                    f"imported under {source['number']} remain to re-export",
                )
            )
    return blockers


@guard("reexport_consistent")
def reexport_consistent(check: Check) -> list[Blocker]:
    """The re-export names an import permit of the firm and stays within what entered under it."""
    source = check.facts.get("reexport_source")
    if source is None:
        return []
    return _source_blockers(source) or _goods_blockers(source, check.facts.get("goods", []))


def _consents(facts: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [
        d
        for d in facts.get("documents", [])
        if d["kind"] == "origin_consent" and d.get("verification") != "rejected"
    ]


def _consent_blockers(
    country: str, lines: list[Mapping[str, Any]], consents: list, destination: str | None
) -> list[Blocker]:
    mine = [d for d in consents if d.get("issuing_country") == country]
    if not mine:
        return [
            Blocker(
                "origin_consent_missing",
                "origin_consent",
                f"No consent of {country}, the country of manufacture of the goods",
            )
        ]
    named = [d for d in mine if d["details"].get("destination_country") == destination]
    if not named:
        others = ", ".join(sorted({str(d["details"].get("destination_country")) for d in mine}))
        return [
            Blocker(
                "origin_consent_wrong_destination",
                "origin_consent",
                f"The consent of {country} names {others}, not {destination}",
            )
        ]
    asked: Counter = Counter()
    for line in lines:
        asked[str(line["model"]).strip().lower()] += line["quantity"]
    blockers = []
    for model, quantity in asked.items():
        allowed = max(
            sum(
                q
                for m, q in d["details"].get("quantities", {}).items()
                if m.strip().lower() == model
            )
            for d in named
        )
        if quantity > allowed:
            blockers.append(
                Blocker(
                    "origin_consent_insufficient",
                    "origin_consent",
                    f"The consent of {country} covers {allowed} of {model}; "
                    f"{quantity} are to be re-exported",
                )
            )
    return blockers


@guard("origin_consent_covers")
def origin_consent_covers(check: Check) -> list[Blocker]:
    """Each country of manufacture consented to this destination and these quantities."""
    if check.facts.get("permit_type") != "re_export":
        return []
    by_country: dict[str, list[Mapping[str, Any]]] = {}
    for line in check.facts.get("goods", []):
        by_country.setdefault(line["country_of_manufacture"], []).append(line)
    destination = check.facts.get("fields", {}).get("counterpart_country")
    consents = _consents(check.facts)
    return [
        b
        for country, lines in sorted(by_country.items())
        for b in _consent_blockers(country, lines, consents, destination)
    ]
