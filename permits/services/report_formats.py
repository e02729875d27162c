"""The annual report as CSV and as a signed PDF with tables and bar charts."""

from __future__ import annotations

import csv
import io
from typing import Any

from documents.report_pdf import BarChart, ReportDocument, ReportTable, render_report
from permits.domain.clock import Clock
from permits.services.issuance import Signer

TYPES = ("import", "export", "transit", "re_export")


def report_rows(report: dict[str, Any]) -> list[tuple[str, str, str, Any]]:
    """(section, permit type, country or key, value) for every figure of the report."""
    rows: list[tuple[str, str, str, Any]] = []
    for section in ("applications_received", "permits_issued"):
        rows += [(section, t, "", report[section][t]) for t in TYPES]
    rows.append(("refused", "", "total", report["refused"]["total"]))
    rows += [("refused_by_ground", "", g, n) for g, n in report["refused"]["by_ground"].items()]
    rows += [(name, "", "", report[name]) for name in ("withdrawn", "suspensions", "revocations")]
    for section in ("authorised", "shipped"):
        for line in report[section]:
            for kind in ("firearms", "cartridges"):
                rows.append((f"{section}_{kind}", line["permit_type"], line["country"], line[kind]))
    rows += [("decision_working_days", "", key, value)
             for key, value in report["decision_working_days"].items()]  # fmt: skip
    return rows


def report_csv(report: dict[str, Any]) -> str:
    """The report as CSV: year, section, permit type, key, value."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("year", "section", "permit_type", "key", "value"))
    for row in report_rows(report):
        writer.writerow((report["year"], *("" if v is None else v for v in row)))
    return out.getvalue()


def _or_dash(value: Any) -> str:
    return "—" if value is None else str(value)


def _quantity_table(heading: str, lines: list[dict[str, Any]]) -> ReportTable:
    return ReportTable(heading, ("Type", "Country", "Firearms", "Cartridges"), tuple(
        (line["permit_type"], line["country"] or "—", str(line["firearms"]),
         str(line["cartridges"])) for line in lines))  # fmt: skip


def report_document(report: dict[str, Any], clock: Clock) -> ReportDocument:
    """The report laid out as tables and charts, dated in the Ministry's time."""
    year, received, issued = (
        report["year"],
        report["applications_received"],
        report["permits_issued"],
    )
    grounds = report["refused"]["by_ground"]
    timing = report["decision_working_days"]
    return ReportDocument(
        f"Annual report {year}: small arms and light weapons permits",
        "Ministry of Internal Affairs of the Republic of Kazakhstan; computed from the permit "
        f"register and its audit log on {clock.stamp(clock.now())}",
        (
            ReportTable("Applications and permits by type", ("Type", "Received", "Issued"),
                        tuple((t, str(received[t]), str(issued[t])) for t in TYPES)),
            BarChart("Permits issued by type", TYPES, tuple(issued[t] for t in TYPES)),
            ReportTable("Decisions", ("Figure", "Value"), (
                ("Refused", str(report["refused"]["total"])),
                ("Withdrawn", str(report["withdrawn"])),
                ("Suspensions", str(report["suspensions"])),
                ("Revocations", str(report["revocations"])),
                ("Decisions timed", str(timing["decisions"])),
                ("Median working days, acceptance to decision", _or_dash(timing["median"])),
                ("90th percentile working days", _or_dash(timing["p90"])),
                ("Decisions after their deadline", str(timing["overdue_decisions"])),
            )),
            BarChart("Refusals by ground", tuple(grounds), tuple(grounds.values())),
            _quantity_table("Quantities authorised", report["authorised"]),
            _quantity_table("Quantities shipped", report["shipped"]),
        ),
    )  # fmt: skip


def report_pdf(report: dict[str, Any], signer: Signer, signed_by: str, clock: Clock) -> bytes:
    """The report as a PDF, certified like a permit."""
    pdf = render_report(report_document(report, clock))
    return signer.sign(pdf, signed_by, clock.now(), reason=f"Annual report {report['year']}")
