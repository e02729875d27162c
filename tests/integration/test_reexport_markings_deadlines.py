"""Re-export consent chain, markings, deadlines and refusal grounds through the services."""

from __future__ import annotations

from datetime import date

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from permits.domain import errors
from permits.domain.actors import SystemActor
from permits.models import Application, Document
from permits.services.applications import create_application, list_applications, perform_action
from permits.services.compliance_review import clear_blocker
from permits.services.deadlines import extend_decision_deadline
from permits.services.documents import list_documents
from permits.services.reference_lists import import_country_flags, import_year_codes
from tests.factories import (
    Cast,
    application_form,
    application_in,
    clock,
    goods_line,
    imported_permit,
    runtime,
)
from tests.integration.helpers import counts

REEXPORT = {
    "counterpart_country": "UZ",
    "customs_point": "ZHIBEK-ZHOLY",
    "transit_countries": [],
    "end_user": {"name": "Club", "country": "UZ", "address": None},
    "consignee": {"name": "Club", "country": "UZ", "address": None},
}


@pytest.fixture
def cast(session):
    return Cast()


def blocked_codes(call, *args, **kwargs) -> set[str]:
    with pytest.raises(errors.ActionBlocked) as blocked:
        call(*args, **kwargs)
    return {b.code for b in blocked.value.blockers}


def approve(session, cast, application):
    return perform_action(session, cast.approver, application.id, "approve", runtime=runtime())


def consent_of(session, cast, application) -> Document:
    (consent,) = [
        d
        for d in list_documents(session, cast.officer, application.id)
        if d.kind == "origin_consent"
    ]
    return consent


def test_a_re_export_within_the_import_and_the_consent_is_approved(session, cast):
    application = application_in(session, cast, "approved", "re_export", **REEXPORT)
    assert application.permit.number.startswith("KZ-REX-")


def test_a_re_export_without_consent_of_the_country_of_manufacture_cannot_be_approved(
    session, db, cast
):
    application = application_in(session, cast, "submitted", "re_export", **REEXPORT)
    consent = consent_of(session, cast, application)
    with db.scoped() as s, s.begin():
        s.get(Document, consent.id).issuing_country = "DE"  # consent of the wrong country
    perform_action(session, cast.officer, application.id, "accept", runtime=runtime())
    from permits.services.sample_documents import accept_all_documents

    accept_all_documents(
        session, cast.officer, application.id, clock()
    )  # the rest of the path, by hand
    perform_action(
        session,
        cast.officer,
        application.id,
        "recommend",
        recommendation="approve",
        reason="ok",
        runtime=runtime(),
    )
    assert blocked_codes(approve, session, cast, application) == {"origin_consent_missing"}


def test_a_consent_for_the_wrong_destination_blocks_approval(session, db, cast):
    application = application_in(session, cast, "awaiting_decision", "re_export", **REEXPORT)
    consent = consent_of(session, cast, application)
    with db.scoped() as s, s.begin():
        row = s.get(Document, consent.id)
        row.details = {**row.details, "destination_country": "TR"}
    # The checklist no longer counts it as accepted either; the consent rule names the reason.
    assert "origin_consent_wrong_destination" in blocked_codes(approve, session, cast, application)


def test_a_re_export_exceeding_the_imported_quantity_is_blocked(session, cast):
    goods = [goods_line(quantity=2)]
    number = imported_permit(session, cast, goods)
    one = [{**goods[0], "quantity": 1, "serial_numbers": goods[0]["serial_numbers"][:1]}]
    both = application_in(
        session, cast, "awaiting_decision", "re_export", reexport_of=number, goods=goods, **REEXPORT
    )
    another = application_in(
        session, cast, "awaiting_decision", "re_export", reexport_of=number, goods=one, **REEXPORT
    )
    assert approve(session, cast, both).status == "approved"
    # Nothing is left to re-export, and that weapon now stands on the re-export permit.
    assert blocked_codes(approve, session, cast, another) >= {
        "reexport_quantity_exceeded",
        "serial_in_use",
    }
    assert "reexport_quantity_exceeded" in blocked_codes(
        application_in,
        session,
        cast,
        "submitted",
        "re_export",
        reexport_of=number,
        goods=[{**one[0], "serial_numbers": goods[0]["serial_numbers"][1:]}],
        **REEXPORT,
    )


@pytest.mark.parametrize("case", ["missing", "other_firm", "not_import"])
def test_a_bad_reexport_of_is_refused_naming_the_field_and_nothing_is_written(
    session, db, cast, case
):
    if case == "missing":
        number = "KZ-IMP-2026-099999"
    elif case == "other_firm":
        number = imported_permit(session, Cast(), [goods_line()])
    else:
        number = application_in(session, cast, "approved", "export", **REEXPORT).permit.number
    before = counts(db)
    with pytest.raises(errors.InvalidInput) as refused:
        create_application(
            session, cast.clerk, application_form("re_export", reexport_of=number, **REEXPORT)
        )
    assert list(refused.value.errors) == ["reexport_of"]
    assert counts(db) == before


def test_serial_counts_must_match_quantities_and_serials_may_not_repeat(session, db, cast):
    before = counts(db)
    short = goods_line(quantity=3, serial_numbers=["S-1", "S-2"])
    with pytest.raises(errors.InvalidInput) as refused:
        create_application(session, cast.clerk, application_form(goods=[short]))
    assert "goods[0].serial_numbers" in refused.value.errors
    twice = [
        goods_line(quantity=1, serial_numbers=["S-9"]),
        goods_line(quantity=1, serial_numbers=["S-9"]),
    ]
    with pytest.raises(errors.InvalidInput) as repeated:
        create_application(session, cast.clerk, application_form(goods=twice))
    assert {"goods[0].serial_numbers", "goods[1].serial_numbers"} <= set(repeated.value.errors)
    assert counts(db) == before


def test_a_serial_already_on_an_active_permit_blocks_submission(session, cast):
    line = goods_line(quantity=1)
    application_in(session, cast, "approved", goods=[line])
    assert "serial_in_use" in blocked_codes(
        application_in, session, cast, "submitted", goods=[dict(line)]
    )


def test_kazakh_made_weapons_carry_a_year_code_and_three_characters(session, cast):
    bad = goods_line(quantity=1, country_of_manufacture="KZ", serial_numbers=["Q1234"])
    with pytest.raises(errors.InvalidInput) as refused:
        create_application(session, cast.clerk, application_form(goods=[bad]))
    assert "not a Kazakh marking" in refused.value.errors["goods[0].serial_numbers"][0]
    too_long = goods_line(quantity=1, country_of_manufacture="KZ", serial_numbers=["P0001"])
    with pytest.raises(errors.InvalidInput):
        create_application(session, cast.clerk, application_form(goods=[too_long]))
    good = goods_line(quantity=2, country_of_manufacture="KZ", serial_numbers=["P001", "PA7K"])
    assert create_application(session, cast.clerk, application_form(goods=[good])).id


def test_a_new_year_code_is_accepted_once_imported_from_a_file(session, cast):
    future = goods_line(quantity=1, country_of_manufacture="KZ", serial_numbers=["Z001"])
    with pytest.raises(errors.InvalidInput):
        create_application(session, cast.clerk, application_form(goods=[future]))
    assert (
        import_year_codes(session, SystemActor("cli:admin"), b"year,code\n2031,Z\n", "y.csv") == 1
    )
    assert create_application(session, cast.clerk, application_form(goods=[future])).id
    with pytest.raises(errors.InvalidInput):
        import_year_codes(session, SystemActor("cli:admin"), b"year,code\n2031,Q\n", "y.csv")


def test_a_country_flag_from_a_file_changes_what_the_checklist_requires(session, cast):
    application = application_in(session, cast, "draft", counterpart_country="UZ")
    from permits.services.checklist import application_checklist

    def items():
        return {
            e.status.item
            for e in application_checklist(session, cast.clerk, application.id, clock())
        }

    assert "end_user_certificate" not in items()
    flags = b"code,requires_end_user_certificate\nUZ,yes\n"
    assert import_country_flags(session, SystemActor("cli:admin"), flags, "flags.csv") == 1
    assert "end_user_certificate" in items()


def test_an_import_permit_records_the_import_marking(session, cast):
    application = application_in(session, cast, "approved")
    assert application.permit.import_marking == f"KZ {application.permit.valid_from.year}"


def test_deadlines_count_working_days_across_a_kazakh_public_holiday(session, db, cast):
    with freeze_time("2026-12-14 09:00:00"):  # Monday; Wednesday 16 December is a holiday
        submitted = application_in(session, cast, "submitted")
        assert submitted.completeness_due_on == date(2026, 12, 17)
    with freeze_time("2026-12-18 09:00:00"):
        (late,) = list_applications(session, cast.officer, overdue=True, clock=clock()).items
        assert late.id == submitted.id
        accepted = perform_action(session, cast.officer, submitted.id, "accept", runtime=runtime())
        # 15 working days from Friday 18 December: 2026-12-21 .. 2027-01-12 less 1-2 and 7 January.
        assert accepted.decision_due_on == date(2027, 1, 13)
        assert list_applications(session, cast.officer, overdue=True, clock=clock()).items == []
        assert list_applications(session, cast.officer, overdue=False, clock=clock()).total == 1


def test_the_decision_deadline_moves_once_with_a_recorded_reason(session, cast):
    application = application_in(session, cast, "under_review")
    due = application.decision_due_on
    with pytest.raises(errors.InvalidInput):
        extend_decision_deadline(
            session, cast.officer, application.id, "  ", policy=runtime().policy
        )
    moved = extend_decision_deadline(
        session, cast.officer, application.id, "Awaiting the annex", policy=runtime().policy
    )
    assert moved.decision_due_on > due and moved.decision_extension_reason == "Awaiting the annex"
    with pytest.raises(errors.Conflict):
        extend_decision_deadline(
            session, cast.officer, application.id, "Once more", policy=runtime().policy
        )


def test_a_refusal_needs_coded_grounds(session, cast):
    application = application_in(session, cast, "awaiting_decision")
    assert blocked_codes(
        perform_action,
        session,
        cast.approver,
        application.id,
        "refuse",
        reason="no",
        runtime=runtime(),
    ) == {"grounds_required"}
    refused = perform_action(
        session,
        cast.approver,
        application.id,
        "refuse",
        reason="Risk",
        grounds=["diversion_risk", "other"],
        runtime=runtime(),
    )
    assert refused.refusal_grounds == ["diversion_risk", "other"]


def test_an_essentially_identical_refused_transaction_warns_until_an_officer_clears_it(
    session, db, cast
):
    line = goods_line(quantity=1)
    application_in(session, cast, "refused", goods=[line])
    again = application_in(session, cast, "awaiting_decision", goods=[goods_line(quantity=1)])
    assert blocked_codes(approve, session, cast, again) == {"similar_refusal"}
    with db.scoped() as s:
        refused_id = s.scalars(select(Application.id).where(Application.status == "refused")).one()
    clear_blocker(
        session,
        cast.officer,
        again.id,
        code="similar_refusal",
        key=f"application:{refused_id}",
        reason="The diversion concern was resolved",
        policy=runtime().policy,
        clock=clock(),
    )
    assert approve(session, cast, again).status == "approved"
