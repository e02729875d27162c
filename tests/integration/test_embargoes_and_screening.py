"""Embargoes and sanctions screening through the services, on a real database."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select

from permits.domain import errors
from permits.domain.actors import SystemActor
from permits.models import (
    Application,
    AuditEvent,
    EmbargoRegime,
    ListVersion,
    Permit,
    SanctionsEntry,
    SanctionsName,
)
from permits.services.applications import perform_action
from permits.services.compliance_review import clear_blocker, compliance_report
from permits.services.lists_in_force import current_version
from permits.services.reference_lists import import_embargo_list, import_sanctions_list
from tests.conftest import SAMPLE_SANCTIONS
from tests.factories import Cast, application_in, clock, runtime

ADMIN = SystemActor("cli:admin")
SHIPPED = SAMPLE_SANCTIONS.parent / "embargoes-2025-11.csv"


@pytest.fixture
def cast(session):
    return Cast()


def export_to(country: str, **changes) -> dict:
    party = {"name": "Club", "country": country, "address": None}
    return {"counterpart_country": country, "customs_point": "ZHIBEK-ZHOLY",
            "transit_countries": [], "end_user": party, "consignee": party, **changes}  # fmt: skip


def codes(error: pytest.ExceptionInfo) -> set[str]:
    return {b.code for b in error.value.blockers}


def test_an_export_to_north_korea_cannot_be_submitted_and_the_blocker_cites_1718(session, cast):
    with pytest.raises(errors.ActionBlocked) as blocked:
        application_in(session, cast, "submitted", "export", **export_to("KP"))
    embargo = [b for b in blocked.value.blockers if b.code == "embargo"]
    assert embargo and all("1718" in b.message for b in embargo)


def test_a_transit_through_iran_cannot_be_submitted(session, cast):
    with pytest.raises(errors.ActionBlocked) as blocked:
        application_in(session, cast, "submitted", "transit",
                       **export_to("UZ", transit_countries=["TM", "IR"]))  # fmt: skip
    assert ("embargo", "transit_countries[1]") in {(b.code, b.item) for b in blocked.value.blockers}


def test_a_non_government_embargo_needs_an_officers_assessment_before_approval(session, cast):
    application = application_in(session, cast, "awaiting_decision", "export",
                                 **export_to("IQ"))  # fmt: skip
    with pytest.raises(errors.ActionBlocked) as blocked:
        perform_action(session, cast.approver, application.id, "approve", runtime=runtime())
    assert codes(blocked) == {"embargo_assessment_required"}
    with pytest.raises(errors.InvalidInput) as refused:
        clear_blocker(session, cast.officer, application.id, code="embargo_non_government",
                      key="IRAQ:IQ", reason="looks fine", policy=runtime().policy,
                      clock=clock())  # fmt: skip
    assert "end_user_is_government" in refused.value.errors
    with pytest.raises(errors.PermissionDenied):
        clear_blocker(session, cast.approver, application.id, code="embargo_non_government",
                      key="IRAQ:IQ", reason="x", end_user_is_government=True,
                      policy=runtime().policy, clock=clock())  # fmt: skip
    clear_blocker(session, cast.officer, application.id, code="embargo_non_government",
                  key="IRAQ:IQ", reason="End user is the Ministry of Interior of Iraq",
                  end_user_is_government=True, policy=runtime().policy, clock=clock())  # fmt: skip
    approved = perform_action(session, cast.approver, application.id, "approve", runtime=runtime())
    assert approved.status == "approved"
    assert (approved.embargo_list_version, approved.sanctions_list_version) == (1, 1)


def test_a_party_listed_under_an_alias_is_flagged_and_an_officer_clears_it(session, cast):
    alias = {"name": "Viktor Krasnoff", "country": "UZ", "address": None}
    application = application_in(session, cast, "awaiting_decision", "export",
                                  **export_to("UZ", consignee=alias))  # fmt: skip
    with pytest.raises(errors.ActionBlocked) as blocked:
        perform_action(session, cast.approver, application.id, "approve", runtime=runtime())
    (match,) = blocked.value.blockers
    assert (match.code, match.item) == ("sanctions_match", "consignee.name")
    assert "XXi.001" in match.message
    report = compliance_report(session, cast.officer, application.id, runtime().policy, clock())
    (found,) = report["screening_matches"]
    assert found["clearable"] and not found["cleared"]
    clear_blocker(session, cast.officer, application.id, code="sanctions_match",
                  key=found["key"], reason="Different person: date of birth 1990",
                  policy=runtime().policy, clock=clock())  # fmt: skip
    with pytest.raises(errors.Conflict):
        clear_blocker(session, cast.officer, application.id, code="sanctions_match",
                      key=found["key"], reason="again", policy=runtime().policy,
                      clock=clock())  # fmt: skip
    approved = perform_action(session, cast.approver, application.id, "approve", runtime=runtime())
    assert approved.status == "approved"


def test_a_party_written_in_cyrillic_is_matched_against_the_latin_list(session, cast):
    cyrillic = {"name": "Краснов Виктор Анатольевич", "country": "UZ", "address": None}
    application = application_in(session, cast, "under_review", "export",
                                  **export_to("UZ", end_user=cyrillic))  # fmt: skip
    report = compliance_report(session, cast.officer, application.id, runtime().policy, clock())
    assert [(m["party"], m["reference_number"]) for m in report["screening_matches"]] == [
        ("end_user.name", "XXi.001")
    ]


def test_an_exact_listed_entity_blocks_submission_and_cannot_be_cleared(session, cast):
    komid = {"name": "Korea Mining Development Trading Corporation", "country": "CN",
             "address": None}  # fmt: skip
    application = application_in(session, cast, "draft", "export",
                                  **export_to("UZ", broker=komid))  # fmt: skip
    with pytest.raises(errors.ActionBlocked) as blocked:
        application_in(session, cast, "submitted", "export", **export_to("UZ", broker=komid))
    assert ("sanctions_listed_entity", "broker.name") in {
        (b.code, b.item) for b in blocked.value.blockers
    }
    assert application.broker_name == komid["name"]


def test_no_approval_without_a_sanctions_list(session, db, cast):
    application = application_in(session, cast, "awaiting_decision")
    with db.scoped() as s, s.begin():
        s.execute(delete(SanctionsName))
        s.execute(delete(SanctionsEntry))
        s.execute(delete(ListVersion).where(ListVersion.kind == "sanctions"))
    with pytest.raises(errors.ActionBlocked) as blocked:
        perform_action(session, cast.approver, application.id, "approve", runtime=runtime())
    assert codes(blocked) == {"sanctions_list_missing"}


def test_a_sanctions_list_loads_as_a_new_version_and_never_an_older_or_same_one(session):
    newer = SAMPLE_SANCTIONS.read_bytes().replace(b"2025-11-20T10", b"2025-12-01T10")
    version = import_sanctions_list(session, ADMIN, newer, "consolidated.xml")
    assert (version.version, version.record_count) == (2, 5)
    with pytest.raises(errors.InvalidInput) as older:
        import_sanctions_list(session, ADMIN, SAMPLE_SANCTIONS.read_bytes(), "old.xml")
    assert "dateGenerated" in older.value.errors
    with pytest.raises(errors.Conflict):
        import_sanctions_list(session, ADMIN, newer, "again.xml")
    with pytest.raises(errors.InvalidInput):
        import_sanctions_list(session, ADMIN, b"<CONSOLIDATED_LIST><broken>", "bad.xml")
    assert current_version(session, "sanctions").version == 2


def regime_file(*extra: str) -> bytes:
    return SHIPPED.read_bytes() + "".join(line + "\n" for line in extra).encode()


def test_a_new_embargo_version_suspends_an_active_permit_it_embargoes(session, db, cast):
    application = application_in(session, cast, "approved", "export", **export_to("UZ"))
    version = import_embargo_list(
        session, ADMIN, regime_file("UZ_TEST,Uzbekistan (test),UZ,full,to,9999,2020-01-01,"),
        "embargoes-2026.csv", clock=clock(),
    )  # fmt: skip
    assert version.version == 2
    with db.scoped() as s:
        permit = s.scalars(select(Permit).where(Permit.application_id == application.id)).one()
        assert permit.status == "suspended"
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "permit.suspend")).one()
        assert (event.actor_role, event.subject_id) == ("system", permit.number)
        assert "version 2" in event.reason and "9999" in event.reason
        old = s.scalars(select(EmbargoRegime).join(ListVersion).where(ListVersion.version == 1))
        assert len(old.all()) == 14


def test_an_added_regime_applies_to_new_applications_without_code_changes(session, cast):
    import_embargo_list(session, ADMIN, regime_file("TEST,Test,TR,full,to,4242,2020-01-01,"),
                        "embargoes.csv", clock=clock())  # fmt: skip
    with pytest.raises(errors.ActionBlocked) as blocked:
        application_in(session, cast, "submitted", "export", **export_to("TR"))
    assert any("4242" in b.message for b in blocked.value.blockers)


def test_a_bad_embargo_file_leaves_the_list_in_force_untouched(session, db):
    for bad in (regime_file("X,X,ZZ,full,to,1,2020-01-01,"), b"regime,colour\nA,red\n",
                regime_file("DPRK,DPRK,KP,full,both,1718,2010-01-01,")):  # fmt: skip
        with pytest.raises(errors.InvalidInput):
            import_embargo_list(session, ADMIN, bad, "bad.csv", clock=clock())
    with pytest.raises(errors.Conflict):
        import_embargo_list(session, ADMIN, SHIPPED.read_bytes(), SHIPPED.name, clock=clock())
    assert current_version(session, "embargoes").version == 1
    with db.scoped() as s:
        assert len(s.scalars(select(EmbargoRegime)).all()) == 14


def test_the_decision_records_the_list_versions_it_was_checked_against(session, db, cast):
    application = application_in(session, cast, "approved")
    with db.scoped() as s:
        stored = s.get(Application, application.id)
        event = s.scalars(
            select(AuditEvent).where(AuditEvent.action == "application.approve")
        ).one()
    assert (stored.embargo_list_version, stored.sanctions_list_version) == (1, 1)
    assert event.payload["checked_against"]["embargo_list"] == 1
