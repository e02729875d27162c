"""Finding applications by number, permit number, firm and serial, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from permits.services.applications import list_applications
from tests.factories import Cast, application_in, clock, goods_line


@pytest.fixture
def cast(session):
    cast = Cast()
    cast.head.firm.name = "Steppe Arms LLP"
    session.commit()
    return cast


@pytest.fixture
def other(session):
    other = Cast()
    other.head.firm.name = "ТОО Беркут Арсенал"
    session.commit()
    return other


def found(session, actor, term: str) -> list[int]:
    return sorted(a.id for a in list_applications(session, actor, search=term, clock=clock()).items)


def test_an_application_number_finds_that_application_with_or_without_a_hash(session, cast):
    first = application_in(session, cast, "submitted")
    application_in(session, cast, "submitted")
    assert found(session, cast.officer, str(first.id)) == [first.id]
    assert found(session, cast.officer, f"  #{first.id} ") == [first.id]


def test_a_permit_number_finds_the_application_it_was_issued_on_in_any_letter_case(session, cast):
    approved = application_in(session, cast, "approved")
    application_in(session, cast, "submitted")
    number = approved.permit.number
    assert found(session, cast.officer, number) == [approved.id]
    assert found(session, cast.officer, number.lower()) == [approved.id]


def test_a_permit_number_also_finds_the_re_exports_drawing_on_it(session, cast):
    reexport = application_in(session, cast, "submitted", "re_export")
    source = reexport.reexport_of
    hits = found(session, cast.officer, source)
    assert reexport.id in hits and len(hits) == 2  # the import it was issued on, and the re-export


def test_any_part_of_a_firm_name_finds_its_applications_ignoring_letter_case(session, cast, other):
    ours = application_in(session, cast, "submitted")
    theirs = application_in(session, other, "submitted")
    assert found(session, cast.officer, "steppe arms") == [ours.id]
    assert found(session, cast.officer, "ARMS") == [ours.id]
    assert found(session, cast.officer, "Беркут") == [theirs.id]


def test_a_firm_bin_finds_its_applications_and_only_whole(session, cast, other):
    ours = application_in(session, cast, "submitted")
    application_in(session, other, "submitted")
    assert found(session, cast.officer, cast.head.firm.bin) == [ours.id]
    assert found(session, cast.officer, cast.head.firm.bin[:6]) == []


def test_a_serial_number_finds_the_application_whose_goods_line_carries_it(session, cast):
    line = goods_line(serial_numbers=["BRT-7731", "BRT-7732"], quantity=2)
    carrying = application_in(session, cast, "submitted", goods=[line])
    application_in(session, cast, "submitted")
    assert found(session, cast.officer, "BRT-7732") == [carrying.id]
    assert found(session, cast.officer, "brt-7732") == [carrying.id]
    assert found(session, cast.officer, "BRT-77") == []


def test_wildcards_in_a_search_are_taken_literally(session, cast):
    application_in(session, cast, "submitted")
    assert found(session, cast.officer, "%") == []
    assert found(session, cast.officer, "_") == []


def test_a_blank_search_lists_everything_the_reader_may_see(session, cast):
    one, two = (application_in(session, cast, "submitted") for _ in range(2))
    assert found(session, cast.officer, "   ") == [one.id, two.id]


def test_a_search_never_widens_what_the_reader_may_see(session, cast, other):
    theirs = application_in(session, other, "submitted")
    draft = application_in(session, cast, "draft")
    assert found(session, cast.clerk, other.head.firm.bin) == []
    assert found(session, cast.clerk, str(theirs.id)) == []
    assert found(session, cast.officer, str(draft.id)) == []  # officers never see drafts


def test_a_search_combines_with_the_other_filters(session, cast):
    submitted = application_in(session, cast, "submitted")
    application_in(session, cast, "under_review")
    by_firm = list_applications(
        session, cast.officer, search="Steppe", status="submitted", clock=clock()
    )
    assert [a.id for a in by_firm.items] == [submitted.id]
