"""The document checklist of seed A.7, per permit type, as data: which documents an application
needs, under which condition, and the rules each document must meet.

Facts read here (beside those in ``workflows.guards``): ``documents`` (the current documents, as
mappings with ``id``, ``kind``, ``verification``, ``scan_status``, ``valid_until``,
``authenticated``, ``issuing_country``, ``details``), ``today`` (a date) and
``counterpart_requires_euc`` (whether the other country's law requires an end-user certificate).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from workflows.model import Blocker

Facts = Mapping[str, Any]


@dataclass(frozen=True)
class Item:
    """One line of the checklist: a document kind (or alternatives) and when it is required."""

    key: str
    kinds: tuple[str, ...]
    label: str
    types: str  # letters of the permit types that need it: I(mport) E(xport) T(ransit) R(e-export)
    condition: str = "always"
    per_transit_country: bool = False


# Item(key, document kinds (alternatives), label, permit types I/E/T/R, condition)
CHECKLIST_V1 = (
    Item("trade_licence", ("trade_licence",), "Licence to trade in civilian or service weapons (MIA)", "IETR"),
    Item("supply_contract", ("supply_contract",), "Supply contract with specifications", "IETR"),
    Item("certification", ("conformity_certificate", "certification_agreement"),
         "Conformity certificate, or agreement to certify after import", "I"),
    Item("state_register", ("state_register_agreement",),
         "Agreement to enter the model in the State register", "I", "some_model_unregistered"),
    Item("industry_licence", ("industry_licence",), "Import/export licence (Ministry of Industry)", "IER"),
    Item("end_user_certificate", ("end_user_certificate",),
         "End-user certificate (guarantee obligation)", "I", "exporting_country_requires_euc"),
    Item("foreign_end_user_certificate", ("foreign_end_user_certificate",),
         "Authenticated end-user certificate of the receiving country", "ETR"),
    Item("import_authorisation", ("import_authorisation",), "Import licence of the importing country", "ETR"),
    Item("transit_non_objection", ("transit_non_objection",),
         "Non-objection of the transit country", "ER", per_transit_country=True),
    Item("acquisition_licence", ("acquisition_licence",), "Licence to acquire weapons (local police)", "I"),
    Item("origin_consent", ("origin_consent",), "Consent of the country of origin to re-export", "R"),
    Item("fee_receipt", ("fee_receipt",), "Receipt for the State fee", "IETR"),
)  # fmt: skip
TYPE_LETTERS = {"import": "I", "export": "E", "transit": "T", "re_export": "R"}
DOCUMENT_KINDS = tuple(sorted({kind for item in CHECKLIST_V1 for kind in item.kinds}))
CHECKLISTS = {1: CHECKLIST_V1}

CONDITIONS: dict[str, Callable[[Facts], bool]] = {
    "always": lambda facts: True,
    "some_model_unregistered": lambda facts: any(
        not line.get("in_state_register") for line in facts.get("goods", [])
    ),
    "exporting_country_requires_euc": lambda facts: bool(facts.get("counterpart_requires_euc")),
}


@dataclass(frozen=True)
class ItemStatus:
    """Where one required (or optional) checklist item stands."""

    key: str
    label: str
    kinds: tuple[str, ...]
    required: bool
    country: str | None
    documents: tuple[int, ...]
    present: bool
    accepted: bool
    blockers: tuple[Blocker, ...] = field(default=())

    @property
    def item(self) -> str:
        """The item's name in blockers: ``transit_non_objection[RU]`` for per-country items."""
        return f"{self.key}[{self.country}]" if self.country else self.key


def _transit_countries(facts: Facts) -> list[str]:
    return list(facts.get("fields", {}).get("transit_countries") or [])


def rule_problems(doc: Mapping[str, Any], facts: Facts, today: date) -> list[str]:
    """What keeps a document from being accepted today (empty when it may be)."""
    problems = []
    if doc.get("valid_until") and doc["valid_until"] < today:
        problems.append(f"it expired on {doc['valid_until'].isoformat()}")
    details = doc.get("details") or {}
    kind = doc["kind"]
    if kind == "foreign_end_user_certificate":
        if not doc.get("authenticated"):
            problems.append("the end-user certificate must be an authenticated original")
        if not details.get("undertaking_no_reexport"):
            problems.append(
                "it lacks the undertaking not to re-export without Kazakhstan's consent"
            )
    if kind == "transit_non_objection" and details.get("covers_country") not in _transit_countries(
        facts
    ):
        problems.append(f"{details.get('covers_country')} is not a transit country of this route")
    if kind == "origin_consent":
        problems += _consent_problems(doc, facts)
    return problems


def _consent_problems(doc: Mapping[str, Any], facts: Facts) -> list[str]:
    details, fields = doc.get("details") or {}, facts.get("fields", {})
    problems = []
    if details.get("destination_country") != fields.get("counterpart_country"):
        problems.append("the consent names another destination")
    covered = details.get("quantities") or {}
    for line in facts.get("goods", []):
        if covered.get(line.get("model"), 0) < line.get("quantity", 0):
            problems.append(
                f"the consent does not cover {line.get('quantity')} x {line.get('model')}"
            )
    return problems


def _usable(doc: Mapping[str, Any]) -> bool:
    return doc.get("verification") != "rejected" and doc.get("scan_status") not in (
        "pending_scan",
        "infected",
    )


def _status(item: Item, country: str | None, docs: list[Mapping], facts: Facts,
            today: date) -> ItemStatus:  # fmt: skip
    if country:
        docs = [d for d in docs if (d.get("details") or {}).get("covers_country") == country]
    present = any(_usable(d) for d in docs)
    accepted = any(
        _usable(d) and d.get("verification") == "accepted" and not rule_problems(d, facts, today)
        for d in docs
    )
    return ItemStatus(item.key, item.label, item.kinds, True, country,
                      tuple(d["id"] for d in docs), present, accepted)  # fmt: skip


def evaluate(permit_type: str, facts: Facts, version: int = 1) -> list[ItemStatus]:
    """Every checklist item that applies to this application, with its documents and standing."""
    today: date = facts["today"]
    documents = list(facts.get("documents", []))
    statuses = []
    for item in CHECKLISTS[version]:
        if TYPE_LETTERS[permit_type] not in item.types or not CONDITIONS[item.condition](facts):
            continue
        docs = [d for d in documents if d["kind"] in item.kinds]
        countries = _transit_countries(facts) if item.per_transit_country else [None]
        statuses += [_status(item, country, docs, facts, today) for country in countries]
    return statuses
