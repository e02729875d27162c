"""The permit's page: where it stands, its timeline and public checks, and the approver's
suspend, reinstate and revoke forms (a reason each; revoking confirmed), through the test client."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from permits.models import Permit
from permits.services.shipments import record_shipment
from tests.api_client import ApiClient
from tests.e2e.test_api_permits import pdf_of, token_in
from tests.e2e.test_web_security import csrf_of, sign_in
from tests.factories import application_in, clock

WHO = ("head", "outsider", "officer", "approver", "customs", "auditor", "admin")


@pytest.fixture
def issued(session, people) -> str:
    return application_in(session, people, "approved").permit.number


def signed_in(app, people, who: str):
    client = app.test_client()
    sign_in(client, getattr(people, who).username)
    return client


def page_of(client, number: str) -> str:
    response = client.get(f"/permits/{number}")
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def act(client, number: str, action: str, **fields: str):
    token = csrf_of(page_of(client, number))
    return client.post(f"/permits/{number}/actions/{action}", data={"csrf_token": token, **fields})


def status_of(page: str) -> str:
    return re.search(r'<h1>.*?class="status [^"]*">([^<]+)</span>', page, re.S).group(1)


def timeline_rows(page: str) -> list[str]:
    table = page.split('id="timeline"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr><td>(.*?)</tr>", table, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in rows]


def test_an_approver_suspends_reinstates_and_revokes_a_permit_each_with_a_reason(
    app, people, issued
):
    approver = signed_in(app, people, "approver")
    page = page_of(approver, issued)
    assert status_of(page) == "active"
    assert 'id="permit-suspend"' in page and 'id="permit-revoke"' in page
    assert 'id="permit-reinstate"' not in page  # an active permit cannot be reinstated
    sent = act(approver, issued, "suspend", reason="Inspection of the warehouse")
    assert sent.status_code == 302 and sent.headers["Location"].endswith(f"/permits/{issued}")
    page = page_of(approver, issued)
    assert status_of(page) == "suspended" and "The permit is suspended." in page
    assert 'id="permit-reinstate"' in page and 'id="permit-suspend"' not in page
    assert act(approver, issued, "reinstate", reason="Warehouse in order").status_code == 302
    revoked = act(approver, issued, "revoke", reason="Diversion proven", confirm="yes")
    assert revoked.status_code == 302
    page = page_of(approver, issued)
    assert status_of(page) == "revoked" and 'id="lifecycle"' not in page
    rows = timeline_rows(page)
    assert [r for r in rows if "Permit " in r and ("suspended" in r or "reinstated" in r
            or "revoked" in r)] == rows[1:]  # fmt: skip
    assert "Inspection of the warehouse" in rows[1] and people.approver.username in rows[1]
    assert "Diversion proven" in rows[3]


def test_a_suspension_without_a_reason_comes_back_with_the_message_beside_the_reason(
    app, people, issued
):
    approver = signed_in(app, people, "approver")
    sent = act(approver, issued, "suspend", reason="   ")
    page = sent.get_data(as_text=True)
    assert sent.status_code == 422 and "<title>Error: " in page
    assert 'href="#permit-suspend-reason"' in page  # the summary links to the field
    assert re.search(
        r'<p class="error" id="permit-suspend-reason-error">Give the reason.</p>', page
    )
    assert 'id="permit-suspend-reason" name="reason" rows="2" cols="50" required aria-invalid' in (
        page
    )
    assert status_of(page_of(approver, issued)) == "active"


def test_a_revocation_asks_for_the_confirmation_and_keeps_the_reason_typed(app, people, issued):
    approver = signed_in(app, people, "approver")
    sent = act(approver, issued, "revoke", reason="Diversion suspected")
    page = sent.get_data(as_text=True)
    assert sent.status_code == 422
    assert 'id="permit-revoke-confirm-error"' in page and 'href="#permit-revoke-confirm"' in page
    assert ">Diversion suspected</textarea>" in page
    assert 'class="card irreversible"' in page and 'class="danger"' in page
    assert status_of(page_of(approver, issued)) == "active"
    both = act(approver, issued, "revoke").get_data(as_text=True)
    assert 'id="permit-revoke-reason-error"' in both and 'id="permit-revoke-confirm-error"' in both


def test_an_action_the_state_does_not_allow_comes_back_on_the_page_with_the_reason_kept(
    app, people, issued
):
    approver = signed_in(app, people, "approver")
    sent = act(approver, issued, "reinstate", reason="Nothing to reinstate")
    page = sent.get_data(as_text=True)
    assert sent.status_code == 422
    assert 'id="permit-reinstate"' in page and ">Nothing to reinstate</textarea>" in page
    assert "no longer in a state that allows this" in page
    assert re.search(r'id="permit-reinstate".*?disabled aria-disabled="true"', page, re.S)


def test_a_permit_changed_since_the_page_was_opened_is_not_acted_on(app, people, issued):
    approver, other = signed_in(app, people, "approver"), signed_in(app, people, "approver2")
    token = csrf_of(page_of(approver, issued))
    version = re.search(r'name="version" value="(\d+)"', page_of(approver, issued)).group(1)
    assert act(other, issued, "suspend", reason="First").status_code == 302
    assert act(other, issued, "reinstate", reason="Back").status_code == 302
    sent = approver.post(
        f"/permits/{issued}/actions/suspend",
        data={"csrf_token": token, "reason": "Second", "version": version},
    )
    assert sent.status_code == 422 and "Someone changed the permit" in sent.get_data(as_text=True)
    assert status_of(page_of(approver, issued)) == "active"


def test_the_timeline_shows_issue_shipments_and_changes_and_counts_public_checks(
    app, session, people, issued, as_user
):
    other = application_in(session, people, "approved").permit.number  # checks of it not counted
    number = issued
    permit = session.scalars(select(Permit).where(Permit.number == number)).one()
    goods = permit.lines[0].goods_line
    record_shipment(session, people.customs, number, permit.customs_point, clock().today(),
                    [{"goods_line_id": goods.id, "quantity": 1,
                      "serial_numbers": goods.serial_numbers[:1]}], clock=clock())  # fmt: skip
    approver = signed_in(app, people, "approver")
    assert act(approver, number, "suspend", reason="Customs query").status_code == 302
    pdf = pdf_of(as_user, number)
    public = app.test_client()
    assert public.get(f"/verify/{number}?t={token_in(pdf)}").status_code == 200
    assert public.get(f"/verify/{number}?t=guess").status_code == 404
    assert ApiClient(app).upload("/verify", pdf, {}, filename="p.pdf").status_code == 200
    assert public.get(f"/verify/{other}?t=guess").status_code == 404
    page = page_of(approver, number)
    rows = timeline_rows(page)
    assert f"Approved; permit {number} issued" in rows[0]
    assert "Shipment recorded: 1 pcs at" in rows[1] and people.customs.username in rows[1]
    assert "Permit suspended" in rows[2] and "Customs query" in rows[2]
    assert all("(UTC+5)" in row for row in rows)  # the Ministry's local time
    assert len(rows) == 3  # public checks are counted, not listed
    assert re.search(r'id="verification-count">3</dd>', page)
    assert re.search(r"Failed checks \(a wrong code, an altered file\)</dt><dd>1</dd>", page)


def test_the_holder_sees_its_permits_status_and_timeline_without_names_or_actions(
    app, people, issued
):
    approver = signed_in(app, people, "approver")
    assert act(approver, issued, "suspend", reason="Inspection").status_code == 302
    page = page_of(signed_in(app, people, "head"), issued)
    assert status_of(page) == "suspended" and 'id="lifecycle"' not in page
    rows = timeline_rows(page)
    assert "Permit suspended" in rows[-1] and "Inspection" in rows[-1]
    assert people.approver.username not in page


def test_the_permit_is_reachable_from_its_application_the_dashboard_and_the_search(
    app, session, people, issued
):
    link = f'href="/permits/{issued}"'
    application_id = session.scalars(
        select(Permit.application_id).where(Permit.number == issued)
    ).one()
    approver = signed_in(app, people, "approver")
    assert link in approver.get(f"/applications/{application_id}").get_data(as_text=True)
    assert link in approver.get(f"/queue?q={issued}").get_data(as_text=True)
    assert link in signed_in(app, people, "head").get("/applications").get_data(as_text=True)


# Who may see the page and who may act (role before state: a refused role learns nothing).
PAGE = {"head": 200, "outsider": 404, "officer": 200, "approver": 200, "customs": 403,
        "auditor": 200, "admin": 403}  # fmt: skip
ACT = {"head": 403, "outsider": 404, "officer": 403, "approver": 302, "customs": 403,
       "auditor": 403, "admin": 403}  # fmt: skip


@pytest.mark.parametrize("who", WHO)
def test_each_role_sees_the_page_and_acts_as_the_matrix_says(app, people, issued, who):
    client = signed_in(app, people, who)
    shown = client.get(f"/permits/{issued}")
    assert shown.status_code == PAGE[who]
    if PAGE[who] == 200:
        assert ('id="lifecycle"' in shown.get_data(as_text=True)) == (who == "approver")
    token = csrf_of(client.get("/password").get_data(as_text=True))
    for action in ("suspend", "revoke"):  # an unconfirmed revocation too: the role comes first
        sent = client.post(
            f"/permits/{issued}/actions/{action}", data={"csrf_token": token, "reason": "probe"}
        )
        expected = ACT[who] if (action, who) != ("revoke", "approver") else 422
        assert sent.status_code == expected, (action, sent.status_code)
