"""Customs points and country flags maintained by admins: validation, versions and the audit."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from permits.domain import errors
from permits.models import AuditEvent, Country, CustomsPoint
from permits.services import reference_admin as service
from tests.factories import Cast


@pytest.fixture
def cast(session):
    return Cast()


def audited(session, action: str) -> list[AuditEvent]:
    session.expire_all()
    return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def new_point(session, cast, actor=None, **changes):
    values = {"code": "KZ-TEST", "name": "Test post", "kind": "border", "border_country": "CN"}
    return service.create_customs_point(session, actor or cast.admin, **{**values, **changes})


def test_the_seeded_posts_without_a_neighbour_are_airports_or_inland(session, cast):
    points = {p.code: p for p in service.list_customs_points_admin(session, cast.admin)}
    assert points["ALA-AIR"].kind == "airport"
    assert points["AKTAU-PORT"].kind == "inland"
    assert (points["KHORGOS"].kind, points["KHORGOS"].border_country) == ("border", "CN")


def test_an_admin_adds_a_customs_point_and_the_audit_records_it(session, cast):
    point = new_point(session, cast, code="kz-new")
    assert (point.code, point.active, point.version) == ("KZ-NEW", True, 1)
    (event,) = audited(session, "customs_point.create")
    assert event.subject_id == "KZ-NEW"
    assert event.payload["before"] is None
    assert event.payload["after"] == {"name": "Test post", "kind": "border",
                                      "border_country": "CN", "active": True}  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"code": "KHORGOS"}, "code"),
        ({"code": "bad code!"}, "code"),
        ({"name": "   "}, "name"),
        ({"border_country": "XX"}, "border_country"),
        ({"border_country": None}, "border_country"),
        ({"kind": "airport"}, "border_country"),
        ({"kind": "harbour", "border_country": None}, "kind"),
    ],
)
def test_a_bad_customs_point_is_refused_naming_the_field(session, cast, changes, field):
    with pytest.raises(errors.InvalidInput) as refused:
        new_point(session, cast, **changes)
    assert field in refused.value.errors
    assert audited(session, "customs_point.create") == []


def test_deactivating_keeps_the_point_and_audits_before_and_after(session, cast):
    point = service.update_customs_point(
        session, cast.admin, "DOSTYK", expected_version=1, active=False
    )
    assert (point.active, point.version) == (False, 2)
    assert session.get(CustomsPoint, "DOSTYK") is not None
    (event,) = audited(session, "customs_point.update")
    assert (event.payload["before"]["active"], event.payload["after"]["active"]) == (True, False)
    assert event.payload["customs_point"] == "DOSTYK"


def test_a_change_based_on_an_old_version_is_refused_and_writes_nothing(session, cast):
    service.update_customs_point(session, cast.admin, "KORDAY", expected_version=1, name="Korday")
    with pytest.raises(errors.StaleVersion, match="at version 2"):
        service.update_customs_point(session, cast.admin, "KORDAY", expected_version=1, name="X")
    session.expire_all()
    assert session.get(CustomsPoint, "KORDAY").name == "Korday"
    assert len(audited(session, "customs_point.update")) == 1


def test_an_airport_may_not_name_a_border_country(session, cast):
    with pytest.raises(errors.InvalidInput) as refused:
        service.update_customs_point(
            session, cast.admin, "ALA-AIR", expected_version=None, border_country="KG"
        )
    assert "border_country" in refused.value.errors


@pytest.mark.parametrize("role", ["officer", "approver", "customs", "auditor", "head"])
def test_no_other_role_may_change_reference_data(session, cast, role):
    actor = getattr(cast, role)
    with pytest.raises(errors.PermissionDenied):
        new_point(session, cast, actor, code="KZ-X")
    with pytest.raises(errors.PermissionDenied):
        service.update_country(session, actor, "CN", expected_version=None, embargo_notes="x")
    with pytest.raises(errors.PermissionDenied):
        service.list_countries_admin(session, actor)


def test_country_flags_are_changed_and_audited_with_before_and_after(session, cast):
    country = service.update_country(
        session, cast.admin, "af", expected_version=1,
        requires_end_user_certificate=True, embargo_notes="  UN arms embargo (res. 1267)  ",
    )  # fmt: skip
    assert (country.requires_end_user_certificate, country.embargo_notes) == (
        True, "UN arms embargo (res. 1267)")  # fmt: skip
    (event,) = audited(session, "country.update")
    assert event.subject_id == "AF"
    assert event.payload["before"] == {"requires_end_user_certificate": False, "embargo_notes": ""}
    assert event.payload["after"]["embargo_notes"] == "UN arms embargo (res. 1267)"


def test_countries_are_found_by_code_or_name(session, cast):
    codes = [c.code for c in service.list_countries_admin(session, cast.admin, "kaz")]
    assert codes == ["KZ"]
    assert [c.code for c in service.list_countries_admin(session, cast.admin, "cn")] == ["CN"]
    assert len(service.list_countries_admin(session, cast.admin)) == session.query(Country).count()


def test_an_unknown_country_is_not_found(session, cast):
    with pytest.raises(errors.NotFound):
        service.update_country(session, cast.admin, "XX", expected_version=None)
