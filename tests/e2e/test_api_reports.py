"""The annual report over HTTP (JSON, CSV, signed PDF) and from the command line."""

from __future__ import annotations

import csv
import io

from click.testing import CliRunner

from documents.pki import load_keys
from documents.signing import check_signature
from permits.assembly.console import main
from tests.conftest import SIGNING_PASSPHRASE
from tests.factories import application_in


def test_the_annual_report_comes_as_json_csv_and_a_signed_pdf(session, people, as_user, keys_path):
    application_in(session, people, "approved")
    auditor = as_user("auditor")
    year = application_in(session, people, "draft").created_at.year
    body = auditor.get(f"/reports/annual?year={year}").get_json()
    assert body["permits_issued"]["import"] == 1
    response = auditor.get(f"/reports/annual?year={year}&format=csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    issued = next(
        r for r in rows if r["section"] == "permits_issued" and r["permit_type"] == "import"
    )
    assert issued["value"] == "1"
    pdf = auditor.get(f"/reports/annual?year={year}&format=pdf")
    assert pdf.mimetype == "application/pdf"
    root = load_keys(keys_path, SIGNING_PASSPHRASE.encode()).root
    assert check_signature(pdf.get_data(), root).ok


def test_report_requests_are_checked(as_user):
    assert as_user("head").get("/reports/annual?year=2026").status_code == 403
    assert as_user("auditor").get("/reports/annual?year=abc").status_code == 422
    assert as_user("auditor").get("/reports/annual?year=2026&format=xls").status_code == 422
    assert as_user("auditor").get("/reports/annual").status_code == 422
    empty = as_user("auditor").get("/reports/annual?year=1999").get_json()
    assert empty["withdrawn"] == 0 and empty["authorised"] == []


def test_the_cli_writes_each_format_and_refuses_a_pdf_without_a_file(env, tmp_path, keys_path):
    run = CliRunner().invoke
    assert '"year": 2026' in run(main, ["report", "annual", "--year", "2026"], env=env).output
    csv_out = run(main, ["report", "annual", "--year", "2026", "--format", "csv"], env=env)
    assert csv_out.output.startswith("year,section,permit_type,key,value")
    refused = run(main, ["report", "annual", "--year", "2026", "--format", "pdf"], env=env)
    assert refused.exit_code == 1 and "needs --output" in refused.output
    target = tmp_path / "report.pdf"
    written = run(main, ["report", "annual", "--year", "2026", "--format", "pdf", "--output",
                         str(target)], env=env)  # fmt: skip
    assert written.exit_code == 0, written.output
    assert check_signature(target.read_bytes(),
                           load_keys(keys_path, SIGNING_PASSPHRASE.encode()).root).ok  # fmt: skip
    assert run(main, ["report", "annual", "--year", "12"], env=env).exit_code == 1
