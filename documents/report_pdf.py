"""Reports as PDF (reportlab): headed tables and bar charts drawn on the server, in the same
fonts as permits, "page x/y" on every page and room at the foot of the last page for the
signature box."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Table, TableStyle

from documents.pdf_pages import (
    BOLD,
    REGULAR,
    SignatureRoom,
    frame_margins,
    numbered_canvas,
    page_label,
    register_fonts,
)


@dataclass(frozen=True)
class ReportTable:
    """A headed table: column titles and rows of text."""

    heading: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class BarChart:
    """A headed bar chart of labelled values."""

    heading: str
    labels: tuple[str, ...]
    values: tuple[float, ...]


@dataclass(frozen=True)
class ReportDocument:
    """A report: title, a line under it, then tables and charts in order."""

    title: str
    subtitle: str
    parts: tuple[ReportTable | BarChart, ...] = field(default=())


def _styles() -> tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle]:
    title = ParagraphStyle("title", fontName=BOLD, fontSize=15, leading=19, spaceAfter=4)
    heading = ParagraphStyle("heading", fontName=BOLD, fontSize=11, leading=14, spaceBefore=8,
                             spaceAfter=4)  # fmt: skip
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=9, leading=12)
    return title, heading, body


def _table(part: ReportTable) -> Table:
    data = [list(part.columns), *[list(row) for row in part.rows]]
    if not part.rows:
        data.append(["—"] + [""] * (len(part.columns) - 1))
    table = Table(data, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, 0), BOLD, 8.5), ("FONT", (0, 1), (-1, -1), REGULAR, 8.5),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dfe6ee")),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
    ]))  # fmt: skip
    return table


def _chart(part: BarChart) -> Drawing:
    drawing = Drawing(170 * mm, 62 * mm)
    if not part.values or not any(part.values):
        drawing.add(String(0, 30 * mm, "No data", fontName=REGULAR, fontSize=9))
        return drawing
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 12 * mm, 12 * mm, 150 * mm, 45 * mm
    chart.data = [list(part.values)]
    chart.categoryAxis.categoryNames = list(part.labels)
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = colors.HexColor("#2f5d8a")
    drawing.add(chart)
    return drawing


def render_report(report: ReportDocument) -> bytes:
    """The unsigned report PDF."""
    register_fonts()
    title, heading, body = _styles()
    flow: list = [Paragraph(report.title, title), Paragraph(report.subtitle, body)]
    for part in report.parts:
        flow += [Paragraph(part.heading, heading),
                 _table(part) if isinstance(part, ReportTable) else _chart(part)]  # fmt: skip
    # The last part goes with the room for the signature box, which never sits alone.
    flow[-2:] = [KeepTogether([*flow[-2:], SignatureRoom()])]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, title=report.title, invariant=1,
                                 **frame_margins(18 * mm))  # fmt: skip
    document.build(flow, canvasmaker=numbered_canvas(
        lambda page, pages: f"{report.title} · {page_label(page, pages)}"))  # fmt: skip
    return buffer.getvalue()
