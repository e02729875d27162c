"""The compliance guards on plain facts: embargoes, screening, serials, refusals, re-export."""

from __future__ import annotations

from workflows.compliance_guards import (
    clearable,
    embargo_assessed,
    embargo_hits,
    no_full_embargo,
    no_listed_entity,
    refusal_grounds_given,
    screening_cleared,
    screening_done,
    similar_refusal_cleared,
)
from workflows.guards import Check
from workflows.model import Actor
from workflows.reexport_guards import origin_consent_covers, reexport_consistent

OFFICER = Actor(id=1, role="approver")
DPRK = {
    "regime": "DPRK",
    "name": "DPRK",
    "country": "KP",
    "scope": "full",
    "direction": "both",
    "resolutions": ["1718", "1874"],
}
IRAN = {
    **DPRK,
    "regime": "IRAN",
    "name": "Iran",
    "country": "IR",
    "resolutions": ["1737", "1747", "1929"],
}
IRAQ = {
    "regime": "IRAQ",
    "name": "Iraq (non-governmental entities)",
    "country": "IQ",
    "scope": "non_government",
    "direction": "to",
    "resolutions": ["1546"],
}
SOMALIA = {
    "regime": "SOMALIA",
    "name": "Al-Shabaab",
    "country": "SO",
    "scope": "listed_parties",
    "direction": "to",
    "resolutions": ["2713"],
}
SUDAN_TO = {**IRAQ, "regime": "SOUTH_SUDAN", "country": "SS", "scope": "full"}
REGIMES = [DPRK, IRAN, IRAQ, SOMALIA, SUDAN_TO]


def facts(
    permit_type: str = "export", destination: str = "UZ", transit=(), made_in="IT", **more
) -> dict:
    return {
        "permit_type": permit_type,
        "fields": {
            "counterpart_country": destination,
            "end_user_country": destination,
            "consignee_country": destination,
            "transit_countries": list(transit),
        },
        "goods": [
            {
                "kind": "firearm",
                "model": "M1",
                "calibre": "9mm",
                "quantity": 2,
                "country_of_manufacture": made_in,
                "serial_numbers": ["A1", "A2"],
            }
        ],
        "embargo_regimes": REGIMES,
        "clearances": set(),
        **more,
    }


def check(facts_: dict, **params) -> Check:
    return Check(facts_, OFFICER, params)


def test_an_export_to_north_korea_is_blocked_citing_resolution_1718():
    blockers = no_full_embargo(check(facts(destination="KP")))
    assert {b.code for b in blockers} == {"embargo"}
    assert {b.item for b in blockers} == {
        "counterpart_country",
        "end_user.country",
        "consignee.country",
    }
    assert all("1718" in b.message and "1874" in b.message for b in blockers)


def test_a_transit_through_iran_is_blocked():
    (blocker,) = no_full_embargo(check(facts(destination="UZ", transit=["TR", "IR"])))
    assert (blocker.code, blocker.item) == ("embargo", "transit_countries[1]")
    assert "1737" in blocker.message and "transit country" in blocker.message


def test_an_import_is_checked_against_its_origin_and_the_country_of_manufacture():
    from_kp = facts("import", destination="KP")
    assert [b.item for b in no_full_embargo(check(from_kp))] == ["counterpart_country"]
    made_in_kp = facts("import", destination="CN", made_in="KP")
    assert [b.item for b in no_full_embargo(check(made_in_kp))] == [
        "goods[0].country_of_manufacture"
    ]


def test_a_regime_on_supplies_to_a_country_does_not_block_imports_from_it():
    assert no_full_embargo(check(facts("import", destination="SS"))) == []
    assert [b.code for b in no_full_embargo(check(facts("export", destination="SS")))] == [
        "embargo"
    ] * 3


def test_a_non_government_regime_needs_an_assessment_and_is_cleared_by_one():
    to_iraq = facts(destination="IQ")
    assert no_full_embargo(check(to_iraq)) == []
    blockers = embargo_assessed(check(to_iraq))
    assert {b.code for b in blockers} == {"embargo_assessment_required"}
    assert clearable(to_iraq)["embargo_non_government"] == {"IRAQ:IQ"}
    cleared = {**to_iraq, "clearances": {("embargo_non_government", "IRAQ:IQ")}}
    assert embargo_assessed(check(cleared)) == []


def test_a_listed_parties_regime_blocks_no_country_screening_covers_it():
    to_somalia = facts(destination="SO")
    assert [h["regime"] for h in embargo_hits(to_somalia)] == ["SOMALIA"] * 3
    assert no_full_embargo(check(to_somalia)) == embargo_assessed(check(to_somalia)) == []


def match(party="consignee.name", exact=False, kind="individual", ref="XXi.001") -> dict:
    return {
        "party": party,
        "party_name": "Viktor Krasnoff",
        "reference_number": ref,
        "kind": kind,
        "listed_name": "Viktor Krasnoff",
        "score": 100 if exact else 91,
        "exact": exact,
    }


def test_a_fuzzy_match_blocks_until_an_officer_clears_it():
    found = facts(screening={"list_version": 3, "matches": [match()]})
    (blocker,) = screening_cleared(check(found))
    assert blocker.code == "sanctions_match" and blocker.item == "consignee.name"
    assert "XXi.001" in blocker.message and "The consignee" in blocker.message
    key = "consignee.name:Viktor Krasnoff:XXi.001"
    assert clearable(found)["sanctions_match"] == {key}
    assert screening_cleared(check({**found, "clearances": {("sanctions_match", key)}})) == []


def test_an_exact_match_of_a_listed_entity_can_never_be_cleared():
    entity = match(exact=True, kind="entity", ref="KPe.001")
    found = facts(screening={"list_version": 3, "matches": [entity]})
    assert [b.code for b in no_listed_entity(check(found))] == ["sanctions_listed_entity"]
    assert screening_cleared(check(found)) == []
    assert clearable(found)["sanctions_match"] == set()


def test_an_exact_match_of_an_individual_is_a_clearable_match():
    found = facts(screening={"list_version": 3, "matches": [match(exact=True)]})
    assert no_listed_entity(check(found)) == []
    assert [b.code for b in screening_cleared(check(found))] == ["sanctions_match"]


def test_without_a_sanctions_list_nothing_is_approved():
    assert [b.code for b in screening_done(check(facts(screening={"list_version": None})))] == [
        "sanctions_list_missing"
    ]
    assert screening_done(check(facts(screening={"list_version": 1, "matches": []}))) == []


def test_a_similar_refusal_warns_until_cleared():
    refused = facts(similar_refusals=[{"application_id": 7, "decided_on": "2025-02-01"}])
    (blocker,) = similar_refusal_cleared(check(refused))
    assert blocker.code == "similar_refusal" and "Application 7" in blocker.message
    cleared = {**refused, "clearances": {("similar_refusal", "application:7")}}
    assert similar_refusal_cleared(check(cleared)) == []


def test_a_refusal_needs_a_coded_ground():
    assert [b.code for b in refusal_grounds_given(check(facts()))] == ["grounds_required"]
    assert refusal_grounds_given(check(facts(), grounds=["embargo"])) == []


def source(imported=2, reexported=0, **changes) -> dict:
    return {
        "number": "KZ-IMP-2026-000001",
        "found": True,
        "permit_type": "import",
        "same_firm": True,
        "status": "exhausted",
        "lines": [
            {
                "model": "M1",
                "calibre": "9mm",
                "imported": imported,
                "serials": ["A1", "A2", "A3"][:imported],
            }
        ],
        "reexported": [{"model": "m1", "calibre": "9MM", "quantity": reexported}],
        **changes,
    }


def reexport(source_: dict | None, quantity=2, serials=("A1", "A2"), **more) -> dict:
    base = facts("re_export", reexport_source=source_, **more)
    base["goods"][0].update(quantity=quantity, serial_numbers=list(serials))
    return base


def test_a_re_export_within_what_was_imported_passes():
    assert reexport_consistent(check(reexport(source()))) == []


def test_a_re_export_exceeding_what_was_imported_minus_earlier_re_exports_is_blocked():
    (blocker,) = reexport_consistent(check(reexport(source(reexported=1))))
    assert blocker.code == "reexport_quantity_exceeded"
    assert "only 1" in blocker.message


def test_a_re_export_of_goods_or_serials_that_did_not_enter_is_blocked():
    other_model = reexport(source())
    other_model["goods"][0]["model"] = "M2"
    assert [b.code for b in reexport_consistent(check(other_model))] == [
        "reexport_goods_not_imported"
    ]
    stray = reexport(source(), serials=("A1", "ZZ9"))
    assert [b.code for b in reexport_consistent(check(stray))] == ["reexport_serial_not_imported"]


def test_the_re_exported_permit_must_exist_be_an_import_and_belong_to_the_firm():
    cases = {
        "reexport_source_missing": {"number": "KZ-IMP-2026-000009", "found": False},
        "reexport_source_not_import": source(permit_type="export"),
        "reexport_source_other_firm": source(same_firm=False),
    }
    for code, source_ in cases.items():
        assert [b.code for b in reexport_consistent(check(reexport(source_)))] == [code]


def consent(country="IT", destination="UZ", quantity=2, verification="accepted") -> dict:
    return {
        "id": 1,
        "kind": "origin_consent",
        "issuing_country": country,
        "verification": verification,
        "details": {"destination_country": destination, "quantities": {"M1": quantity}},
    }


def test_a_re_export_without_the_consent_of_the_country_of_manufacture_is_blocked():
    for documents in ([], [consent(country="DE")], [consent(verification="rejected")]):
        blockers = origin_consent_covers(check(reexport(source(), documents=documents)))
        assert [b.code for b in blockers] == ["origin_consent_missing"]


def test_a_consent_for_another_destination_or_fewer_goods_is_blocked():
    wrong = origin_consent_covers(check(reexport(source(), documents=[consent(destination="TR")])))
    assert [b.code for b in wrong] == ["origin_consent_wrong_destination"]
    assert "names TR, not UZ" in wrong[0].message
    short = origin_consent_covers(check(reexport(source(), documents=[consent(quantity=1)])))
    assert [b.code for b in short] == ["origin_consent_insufficient"]
    fine = origin_consent_covers(check(reexport(source(), documents=[consent()])))
    assert fine == []
