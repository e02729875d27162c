"""The administrators' pages through Flask's test client: firms, users and their rules."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from permits.domain import errors
from permits.models import ApiToken, AuditEvent, Firm, User
from permits.services import user_admin
from tests.e2e.test_web_security import csrf_of, sign_in
from tests.factories import UserFactory, application_in, next_bin

NEW_PASSWORD = "a-fresh-password-42"
ADMIN_PAGES = [
    ("get", "/admin"),
    ("get", "/admin/firms/new"),
    ("post", "/admin/firms/new"),
    ("get", "/admin/firms/{firm}"),
    ("post", "/admin/firms/{firm}/renew"),
    ("post", "/admin/firms/{firm}/suspend"),
    ("get", "/admin/users/new"),
    ("post", "/admin/users/new"),
    ("get", "/admin/users/{user}"),
    ("post", "/admin/users/{user}/role"),
    ("post", "/admin/users/{user}/deactivate"),
    ("post", "/admin/users/{user}/password"),
]
OTHERS = ["head", "clerk", "officer", "approver", "customs", "auditor"]


def admin_client(app, people):
    client = app.test_client()
    sign_in(client, people.admin.username)
    return client


def post(client, path: str, **data):
    data["csrf_token"] = csrf_of(client.get("/admin").get_data(as_text=True))
    return client.post(path, data=data)


def fresh(session) -> None:
    """A fresh snapshot: the pages wrote in their own transactions."""
    session.commit()
    session.expire_all()


def events(session, action: str) -> list[AuditEvent]:
    fresh(session)
    return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


@pytest.mark.parametrize("member", OTHERS)
def test_every_admin_page_is_refused_to_every_other_role(app, people, member):
    client = app.test_client()
    sign_in(client, getattr(people, member).username)
    token = csrf_of(client.get("/password").get_data(as_text=True))
    for method, path in ADMIN_PAGES:
        url = path.format(firm=people.head.firm_id, user=people.officer.id)
        answer = (
            client.get(url) if method == "get" else client.post(url, data={"csrf_token": token})
        )
        assert answer.status_code == 403, (member, method, url)


def test_an_admin_signs_in_to_the_administration_page_listing_firms_and_users(app, people):
    client = admin_client(app, people)
    home = client.get("/", follow_redirects=True)
    text = home.get_data(as_text=True)
    assert home.status_code == 200 and "Administration" in text
    assert people.head.firm.name in text and people.officer.username in text


def test_a_firm_is_registered_and_a_bad_bin_comes_back_with_the_input_kept(app, session, people):
    client = admin_client(app, people)
    bad = post(client, "/admin/firms/new", name="Arsenal LLP", bin="123456789012",
               licence_number="TL-9", licence_valid_until="2028-01-31")  # fmt: skip
    text = bad.get_data(as_text=True)
    assert bad.status_code == 422 and 'value="Arsenal LLP"' in text and "There is a problem" in text
    bin_number = next_bin()
    good = post(client, "/admin/firms/new", name="Arsenal LLP", bin=bin_number,
                licence_number="TL-9", licence_valid_until="2028-01-31")  # fmt: skip
    assert good.status_code == 302
    fresh(session)
    assert session.scalar(select(Firm).where(Firm.bin == bin_number)).name == "Arsenal LLP"
    assert events(session, "firm.create")


def test_users_of_every_role_are_created_and_a_refused_one_keeps_its_input(app, session, people):
    client = admin_client(app, people)
    refused = post(client, "/admin/users/new", username="new.clerk", role="applicant",
                   new_password=NEW_PASSWORD, firm_bin="")  # fmt: skip
    assert refused.status_code == 422 and 'value="new.clerk"' in refused.get_data(as_text=True)
    for role in ("applicant", "officer", "approver", "customs", "auditor", "admin"):
        firm_bin = people.head.firm.bin if role == "applicant" else ""
        made = post(client, "/admin/users/new", username=f"new.{role}", role=role,
                    new_password=NEW_PASSWORD, firm_bin=firm_bin)  # fmt: skip
        assert made.status_code == 302, made.get_data(as_text=True)
    fresh(session)
    assert session.scalar(select(User).where(User.username == "new.auditor")).role == "auditor"


def test_an_admin_cannot_change_their_own_role(app, session, people):
    client = admin_client(app, people)
    answer = post(client, f"/admin/users/{people.admin.id}/role", role="auditor")
    assert answer.status_code == 409 and "own role" in answer.get_data(as_text=True)
    fresh(session)
    assert session.get(User, people.admin.id).role == "admin"


def test_a_role_change_is_audited_and_ends_the_users_sessions(app, session, people):
    officer = app.test_client()
    sign_in(officer, people.officer.username)
    answer = post(admin_client(app, people), f"/admin/users/{people.officer.id}/role",
                  role="approver")  # fmt: skip
    assert answer.status_code == 302
    assert officer.get("/queue").status_code == 302  # signed out: back to the sign-in page
    assert events(session, "user.role_change")[-1].subject_id == str(people.officer.id)


def test_the_last_active_admin_cannot_be_deactivated_or_demoted(app, session, people):
    client = admin_client(app, people)
    answer = post(client, f"/admin/users/{people.admin.id}/deactivate")
    assert answer.status_code == 409 and "last active admin" in answer.get_data(as_text=True)
    fresh(session)
    assert session.get(User, people.admin.id).active
    former = UserFactory(role="admin", active=False)  # an inactive admin is no spare
    with pytest.raises(errors.Conflict):
        user_admin.change_role(session, former, people.admin.id, "auditor")
    second = UserFactory(role="admin")
    assert post(client, f"/admin/users/{second.id}/deactivate").status_code == 302


def test_deactivation_ends_the_users_web_sessions_and_api_tokens_at_once(app, session, people):
    officer = app.test_client()
    sign_in(officer, people.officer.username)
    assert officer.get("/queue").status_code == 200
    answer = post(admin_client(app, people), f"/admin/users/{people.officer.id}/deactivate")
    assert answer.status_code == 302
    assert officer.get("/queue").status_code == 302
    fresh(session)
    live = session.scalars(select(ApiToken).where(ApiToken.user_id == people.officer.id,
                                                  ApiToken.revoked_at.is_(None)))  # fmt: skip
    assert list(live) == []
    assert events(session, "user.deactivate")


def test_a_password_reset_makes_the_user_change_it_before_anything_else(app, session, people):
    answer = post(admin_client(app, people), f"/admin/users/{people.officer.id}/password",
                  new_password=NEW_PASSWORD)  # fmt: skip
    assert answer.status_code == 302 and events(session, "user.password_reset")
    officer = app.test_client()
    signed_in = sign_in(officer, people.officer.username, NEW_PASSWORD)
    assert signed_in.headers["Location"].endswith("/password")
    assert officer.get("/queue").headers["Location"].endswith("/password")
    token = csrf_of(officer.get("/password").get_data(as_text=True))
    form = {"current_password": NEW_PASSWORD, "new_password": "mine-alone-2026!"}
    changed = officer.post("/password", data={"csrf_token": token, **form})
    assert changed.status_code == 302
    assert officer.get("/queue").status_code == 200


def test_a_short_reset_password_comes_back_beside_its_field(app, people):
    answer = post(admin_client(app, people), f"/admin/users/{people.officer.id}/password",
                  new_password="short")  # fmt: skip
    assert answer.status_code == 422 and 'id="new_password-error"' in answer.get_data(as_text=True)


def test_a_suspended_firm_cannot_submit_and_its_page_lists_its_live_permits(app, session, people):
    client = admin_client(app, people)
    firm_id = people.head.firm_id
    assert post(client, f"/admin/firms/{firm_id}/suspend", reason="").status_code == 422
    assert post(client, f"/admin/firms/{firm_id}/suspend", reason="Inspection").status_code == 302
    assert events(session, "firm.licence_suspend")
    with pytest.raises(errors.InvalidState):
        application_in(session, people, "submitted")
    page = client.get(f"/admin/firms/{firm_id}").get_data(as_text=True)
    assert "Permits in force or suspended" in page and "Suspended since" in page
    renewed = post(client, f"/admin/firms/{firm_id}/renew", licence_number="TL-2",
                   licence_valid_until="2030-12-31")  # fmt: skip
    assert renewed.status_code == 302
    assert application_in(session, people, "submitted").status == "submitted"
