"""The checklist of seed A.7 for every permit type, its conditions and its document rules."""

from __future__ import annotations

from datetime import date

import pytest

from tests.unit.test_workflow_transitions import TODAY, complete_facts
from workflows.checklist import evaluate, rule_problems

BASE = {
    "import": {"trade_licence", "supply_contract", "certification", "industry_licence",
               "acquisition_licence", "fee_receipt"},
    "export": {"trade_licence", "supply_contract", "industry_licence",
               "foreign_end_user_certificate", "import_authorisation", "fee_receipt"},
    "transit": {"trade_licence", "supply_contract", "foreign_end_user_certificate",
                "import_authorisation", "fee_receipt"},
    "re_export": {"trade_licence", "supply_contract", "industry_licence",
                  "foreign_end_user_certificate", "import_authorisation", "origin_consent",
                  "fee_receipt"},
}  # fmt: skip


def facts_for(permit_type, transit=(), registered=True, euc_country=False, documents=()):
    facts = complete_facts(permit_type)
    facts["fields"]["transit_countries"] = list(transit)
    facts["goods"][0]["in_state_register"] = registered
    facts["counterpart_requires_euc"] = euc_country
    facts["documents"] = list(documents)
    return facts


def items(permit_type, **kwargs):
    return {s.item for s in evaluate(permit_type, facts_for(permit_type, **kwargs))}


@pytest.mark.parametrize("permit_type", list(BASE))
def test_each_permit_type_requires_its_base_documents(permit_type):
    assert items(permit_type) == BASE[permit_type]


def test_an_unregistered_model_needs_the_state_register_agreement_only_on_import():
    assert "state_register" in items("import", registered=False)
    assert "state_register" not in items("import", registered=True)
    assert "state_register" not in items("export", registered=False)


def test_the_end_user_certificate_on_import_depends_on_the_exporting_countrys_law():
    assert "end_user_certificate" in items("import", euc_country=True)
    assert "end_user_certificate" not in items("import", euc_country=False)
    assert "end_user_certificate" not in items("export", euc_country=True)


@pytest.mark.parametrize(("permit_type", "expected"), [
    ("export", {"transit_non_objection[RU]", "transit_non_objection[CN]"}),
    ("re_export", {"transit_non_objection[RU]", "transit_non_objection[CN]"}),
    ("import", set()),
    ("transit", set()),
])  # fmt: skip
def test_one_transit_non_objection_per_listed_transit_country(permit_type, expected):
    found = {i for i in items(permit_type, transit=("RU", "CN")) if i.startswith("transit_")}
    assert found == expected


def doc(kind, verification="accepted", **extra):
    base = {"id": extra.pop("id", 1), "kind": kind, "verification": verification,
            "scan_status": "clean", "valid_until": date(2027, 1, 1), "authenticated": True,
            "number": "N1", "issuer": "X", "issuing_country": "IT", "details": {}}  # fmt: skip
    base.update(extra)
    return base


def status_of(permit_type, key, **kwargs):
    return next(s for s in evaluate(permit_type, facts_for(permit_type, **kwargs)) if s.item == key)


def test_either_alternative_satisfies_the_certification_item():
    for kind in ("conformity_certificate", "certification_agreement"):
        status = status_of("import", "certification", documents=[doc(kind)])
        assert status.present
        assert status.accepted


def test_a_non_objection_covers_only_its_own_country():
    ru = doc("transit_non_objection", details={"covers_country": "RU"})
    assert status_of(
        "export", "transit_non_objection[RU]", transit=("RU", "CN"), documents=[ru]
    ).accepted
    assert not status_of("export", "transit_non_objection[CN]", transit=("RU", "CN"),
                         documents=[ru]).present  # fmt: skip


@pytest.mark.parametrize(("document", "present", "accepted"), [
    (doc("fee_receipt", "pending"), True, False),
    (doc("fee_receipt", "rejected"), False, False),
    (doc("fee_receipt", scan_status="pending_scan"), False, False),
    (doc("fee_receipt", valid_until=date(2026, 11, 28)), True, False),
    (doc("fee_receipt", valid_until=None), True, True),
])  # fmt: skip
def test_an_item_is_present_when_attached_and_accepted_when_verified_and_valid(
    document, present, accepted
):
    status = status_of("import", "fee_receipt", documents=[document])
    assert (status.present, status.accepted) == (present, accepted)


@pytest.mark.parametrize(("document", "problem"), [
    (doc("trade_licence", valid_until=date(2026, 1, 1)), "expired on 2026-01-01"),
    (doc("foreign_end_user_certificate", authenticated=False,
         details={"undertaking_no_reexport": True}), "authenticated original"),
    (doc("foreign_end_user_certificate", details={"undertaking_no_reexport": False}),
     "undertaking not to re-export"),
    (doc("transit_non_objection", details={"covers_country": "TR"}), "TR is not a transit country"),
    (doc("origin_consent", details={"destination_country": "AF", "quantities": {"M": 2}}),
     "another destination"),
    (doc("origin_consent", details={"destination_country": "UZ", "quantities": {"M": 1}}),
     "does not cover 2 x M"),
])  # fmt: skip
def test_document_rules_name_what_is_wrong(document, problem):
    facts = facts_for("re_export", transit=("RU",))
    assert any(problem in p for p in rule_problems(document, facts, TODAY))


def test_a_matching_origin_consent_has_no_problem():
    consent = doc("origin_consent", details={"destination_country": "UZ", "quantities": {"M": 5}})
    assert rule_problems(consent, facts_for("re_export"), TODAY) == []
