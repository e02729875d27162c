"""The report PDF's pages: "page x/y" on each, and the signature box on the last page, clear of
every word on it."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pikepdf

from documents.pdf_pages import SIGNATURE_BOX
from documents.pki import create_keys
from documents.report_pdf import BarChart, ReportDocument, ReportTable, render_report
from documents.signing import PermitSigner
from tests.pdf_text import page_words, pages_text

ROWS = tuple((f"country {n}", str(n), str(n * 10)) for n in range(120))
REPORT = ReportDocument(
    "Annual report 2026: small arms and light weapons permits",
    "computed on 30.11.2026 00:30 (UTC+05:00)",
    (ReportTable("Quantities", ("Country", "Firearms", "Cartridges"), ROWS),
     BarChart("Permits issued by type", ("import", "export"), (3, 1))),
)  # fmt: skip


def test_every_page_of_a_long_report_says_which_page_of_how_many_it_is():
    pages = pages_text(render_report(REPORT))
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert f"Стр. / Page {number}/{len(pages)}" in page
        assert "Annual report 2026" in page


def test_the_reports_signature_box_is_on_its_last_page_clear_of_every_word(tmp_path):
    unsigned = render_report(REPORT)
    signer = PermitSigner(create_keys(tmp_path, b"pw"), zone=ZoneInfo("Asia/Almaty"))
    signed = signer.sign(unsigned, "Ministry of Internal Affairs",
                         datetime(2026, 11, 29, 19, 30, tzinfo=UTC))  # fmt: skip
    with pikepdf.open(io.BytesIO(signed)) as pdf:
        assert pdf.Root.AcroForm.Fields[0].P.objgen == pdf.pages[-1].objgen
    x1, y1, x2, y2 = SIGNATURE_BOX
    last_page = page_words(unsigned)[-1]
    assert [w.text for w in last_page if w.x1 < x2 and w.x2 > x1 and w.y1 < y2 and w.y2 > y1] == []
    assert "30.11.2026 00:30:00 (UTC+05:00)" in pages_text(signed)[-1]
