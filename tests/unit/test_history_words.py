"""Histories read in words: every event type the system writes has a phrase, and a phrase
names what its event was about (the document, the permit, the shipment)."""

from __future__ import annotations

import ast
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file

import workflows
from permits.audit.history import HistoryEntry
from permits.models.compliance_lists import LIST_KINDS
from permits.models.documents import VERIFICATIONS
from permits.web import phrases
from permits.web.phrases import PARAMETERS, PHRASES, VARIANTS, history_words, phrase_key

ROOT = Path(__file__).resolve().parents[2]
APPLICATION_ACTIONS = sorted({a for d in workflows.REGISTRY.definitions()
                              if d.name.startswith("application.") for a in d.actions})  # fmt: skip
# How each event type written with an f-string expands: the values its placeholder takes.
EXPANSIONS = {
    "application.{}": APPLICATION_ACTIONS,
    "permit.{}": list(workflows.REGISTRY.engine("permit", 1).definition.actions),
    "document.{}": [v for v in VERIFICATIONS if v != "pending"],  # an officer's decisions
    "document.scan_{}": ["clean", "infected"],  # a rescan's verdicts (errors are not recorded)
    "reference.{}.load": list(LIST_KINDS),
}


def _pattern(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(p.value if isinstance(p, ast.Constant) else "{}" for p in node.values)
    return None


def written_event_types() -> set[str]:
    """Every event type a ``record_event`` call in the sources writes, f-strings expanded."""
    found: set[str] = set()
    for path in (ROOT / "permits").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            name = getattr(node, "func", None)
            called = getattr(name, "id", None) or getattr(name, "attr", None)
            if not isinstance(node, ast.Call) or called != "record_event" or len(node.args) < 3:
                continue
            pattern = _pattern(node.args[2])
            assert pattern is not None, f"{path}:{node.lineno}: an event type this test cannot read"
            if "{}" not in pattern:
                found.add(pattern)
                continue
            assert pattern in EXPANSIONS, f"{path}:{node.lineno}: teach EXPANSIONS {pattern!r}"
            found.update(pattern.replace("{}", value) for value in EXPANSIONS[pattern])
    return found


def entry(action: str, details: dict | None = None, mentions: dict | None = None,
          reason: str | None = None) -> HistoryEntry:  # fmt: skip
    at = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    return HistoryEntry(seq=1, at=at, action=action, from_state=None, to_state=None, actor="o1",
                        actor_role="officer", reason=reason, details=details or {},
                        mentions=mentions or {})  # fmt: skip


def test_the_sources_write_the_event_types_this_test_expects_to_find():
    written = written_event_types()
    assert {"application.submit", "document.accepted", "permit.shipment", "auth.login"} <= written
    assert len(written) > 40


def test_every_event_type_the_system_writes_has_a_phrase():
    missing = sorted(written_event_types() - set(PHRASES))
    assert missing == [], f"write a phrase in permits/web/phrases.py for: {missing}"


def test_every_phrase_is_for_an_event_type_the_system_writes():
    written = written_event_types()
    stale = sorted(key for key in PHRASES if key.split("/")[0] not in written)
    assert stale == []
    assert all(key.split("/")[0] in VARIANTS for key in PHRASES if "/" in key)


def test_phrases_name_only_the_parameters_there_are():
    for key, phrase in PHRASES.items():
        named = set(re.findall(r"%\((\w+)\)s", phrase))
        assert named <= set(PARAMETERS), key
    assert set(phrases.phrase_parameters(entry("application.create"))) == set(PARAMETERS)


def test_every_phrase_is_found_by_message_extraction_for_translation():
    source = str(ROOT / "permits" / "web" / "phrases.py")
    extracted = {m[1] for m in extract_from_file("python", source, keywords={"N_": None})}
    assert set(PHRASES.values()) <= extracted


def test_an_event_reads_as_its_phrase_not_its_code():
    assert history_words(entry("application.create")) == "Created as a draft"
    assert history_words(entry("application.submit")) == "Submitted to the Ministry"


def test_an_approval_names_the_permit_it_issued():
    approved = entry("application.approve", {"permit": "KZ-IMP-2026-000001"})
    assert history_words(approved) == "Approved; permit KZ-IMP-2026-000001 issued"


@pytest.mark.parametrize(("recommendation", "words_"), [
    ("approve", "Recommended approval"),
    ("refuse", "Recommended refusal"),
    (None, "Decision recommended to the approver"),  # hidden from the applicant
])  # fmt: skip
def test_a_recommendation_reads_as_what_was_recommended(recommendation, words_):
    details = {"recommendation": recommendation} if recommendation else {}
    recommended = entry("application.recommend", details)
    assert phrase_key(recommended).startswith("application.recommend")
    assert history_words(recommended) == words_


def test_a_document_decision_names_the_document_and_a_rejection_its_reason():
    document = {"document_kind": "supply_contract", "document_number": "BER-2026/UX-01"}
    accepted = entry("document.accepted", {"document_id": 7}, document)
    rejected = entry("document.rejected", {"document_id": 7}, document, reason="No seal")
    assert history_words(accepted) == "Document accepted: supply contract BER-2026/UX-01"
    assert history_words(rejected) == "Document rejected: supply contract BER-2026/UX-01 (No seal)"


def test_a_shipment_names_its_quantities_by_unit_and_its_customs_point():
    mentions = {"customs_point": "ALA-AIR", "goods": [["pcs", 2], ["rounds", 500]]}
    shipped = entry("permit.shipment", {"shipment_id": 1}, mentions)
    assert history_words(shipped) == "Shipment recorded: 2 pcs, 500 rounds at ALA-AIR"


def test_a_refusal_names_its_grounds_in_words():
    refused = entry("application.refuse", {"grounds": ["diversion_risk", "embargo"]})
    assert history_words(refused) == "Refused on the grounds: diversion risk, embargo"


def test_a_detail_the_event_lacks_reads_as_a_dash_never_as_an_error():
    assert history_words(entry("document.accepted")) == "Document accepted: —"
    assert history_words(entry("no.such_event")) == "no.such_event"
