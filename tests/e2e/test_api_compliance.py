"""Compliance over HTTP and the command line: lists, findings, clearances, deadlines, grounds."""

from __future__ import annotations

from click.testing import CliRunner
from freezegun import freeze_time

from permits.assembly.console import main
from tests.conftest import SAMPLE_SANCTIONS
from tests.factories import application_in

ALIAS = {"name": "Viktor Krasnoff", "country": "UZ", "address": None}
EXPORT = {
    "counterpart_country": "UZ",
    "customs_point": "ZHIBEK-ZHOLY",
    "transit_countries": [],
    "end_user": ALIAS,
    "consignee": {"name": "Club", "country": "UZ", "address": None},
}


def test_the_embargo_list_in_force_is_published_with_its_versions(as_user):
    body = as_user("head").get("/reference/embargoes").get_json()
    assert body["version"]["version"] == 1 and body["versions"] == [1]
    dprk = next(r for r in body["regimes"] if r["country"] == "KP")
    assert (dprk["scope"], dprk["resolutions"]) == ("full", ["1718", "1874"])
    assert as_user("head").get("/reference/embargoes?version=9").status_code == 404
    assert as_user("head").get("/reference/embargoes?colour=red").status_code == 422
    sanctions = as_user("officer").get("/reference/sanctions").get_json()
    assert sanctions["versions"][0]["record_count"] == 5


def test_an_officer_sees_the_findings_and_clears_a_match_then_the_approver_approves(
    session, people, as_user
):
    application = application_in(session, people, "awaiting_decision", "export", **EXPORT)
    path = f"/applications/{application.id}"
    approver, officer = as_user("approver"), as_user("officer")
    blocked = approver.post(f"{path}/actions/approve", {})
    assert blocked.status_code == 422
    assert [b["code"] for b in blocked.get_json()["blockers"]] == ["sanctions_match"]
    findings = officer.get(f"{path}/compliance").get_json()
    (match,) = findings["screening_matches"]
    assert (match["party"], match["reference_number"]) == ("end_user.name", "XXi.001")
    bad = officer.post(
        f"{path}/clearances", {"code": "sanctions_match", "key": "nope", "reason": "x"}
    )
    assert bad.status_code == 422 and "key" in bad.get_json()["errors"]
    cleared = officer.post(
        f"{path}/clearances",
        {"code": "sanctions_match", "key": match["key"], "reason": "Other person"},
    )
    assert cleared.status_code == 201
    assert as_user("head").get(f"{path}/compliance").status_code == 403
    approved = approver.post(f"{path}/actions/approve", {})
    assert approved.status_code == 200, approved.get_json()
    assert approved.get_json()["sanctions_list_version"] == 1


def test_overdue_applications_are_flagged_and_filtered(session, people, as_user):
    with freeze_time("2026-12-14 09:00:00"):
        application = application_in(session, people, "submitted")
    with freeze_time("2026-12-18 09:00:00"):
        officer = as_user("officer")
        late = officer.get("/applications?overdue=true").get_json()
        assert [a["id"] for a in late["items"]] == [application.id]
        assert late["items"][0]["due_at"] == "2026-12-17" and late["items"][0]["overdue"]
        assert officer.get("/applications?overdue=false").get_json()["total"] == 0


def test_the_decision_deadline_extension_is_justified_and_happens_once(session, people, as_user):
    application = application_in(session, people, "under_review")
    path = f"/applications/{application.id}/deadline-extension"
    officer = as_user("officer")
    assert officer.post(path, {}).status_code == 422
    moved = officer.post(path, {"reason": "Awaiting the origin country's reply"})
    assert moved.status_code == 200
    assert moved.get_json()["decision_extension_reason"].startswith("Awaiting")
    assert officer.post(path, {"reason": "again"}).status_code == 409


def test_refusal_grounds_are_required_and_shown_to_the_applicant(session, people, as_user):
    application = application_in(session, people, "awaiting_decision")
    path = f"/applications/{application.id}"
    approver = as_user("approver")
    missing = approver.post(f"{path}/actions/refuse", {"reason": "Risk of diversion"})
    assert [b["code"] for b in missing.get_json()["blockers"]] == ["grounds_required"]
    unknown = approver.post(f"{path}/actions/refuse", {"reason": "x", "grounds": ["whim"]})
    assert unknown.status_code == 422
    refused = approver.post(
        f"{path}/actions/refuse", {"reason": "Risk of diversion", "grounds": ["diversion_risk"]}
    )
    assert refused.status_code == 200
    assert as_user("head").get(path).get_json()["refusal_grounds"] == ["diversion_risk"]


def cli(env, *args):
    return CliRunner().invoke(main, list(args), env=env)


def test_the_cli_loads_lists_and_refuses_bad_files_leaving_the_old_version(env, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("regime,colour\nX,red\n")
    result = cli(env, "embargo", "import", str(bad))
    assert result.exit_code == 1 and "Unknown column 'colour'" in result.output
    shown = cli(env, "embargo", "show")
    assert shown.exit_code == 0 and shown.output.startswith("version 1")
    newer = tmp_path / "consolidated.xml"
    newer.write_bytes(SAMPLE_SANCTIONS.read_bytes().replace(b"2025-11-20", b"2025-12-24"))
    loaded = cli(env, "sanctions", "import", str(newer))
    assert loaded.exit_code == 0 and "version 2: 5 parties" in loaded.output
    broken = tmp_path / "broken.xml"
    broken.write_text("<CONSOLIDATED_LIST><INDIVIDUALS>")
    assert cli(env, "sanctions", "import", str(broken)).exit_code == 1
    codes = tmp_path / "codes.csv"
    codes.write_text("year,code\n2031,Z\n")
    assert cli(env, "reference", "year-codes", str(codes)).output == "year codes added: 1\n"
    flags = tmp_path / "flags.csv"
    flags.write_text("code,requires_end_user_certificate\nUZ,yes\nXX,no\n")
    refused = cli(env, "reference", "country-flags", str(flags))
    assert refused.exit_code == 1 and "line 3.code" in refused.output
