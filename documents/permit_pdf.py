"""The permit as a PDF (reportlab): every field of the UN Firearms Protocol Art. 10(3), in
Russian and English, with a QR code to the public verification page.

Up to ten goods lines fit one A4 page; more continue on further pages under the goods table's
repeated header, each page carrying the permit's number and "page x/y", the last one keeping
room at its foot for the visible signature box.

The same permit data always gives the same bytes (reportlab's invariant mode), so the unsigned
document can be rebuilt and compared at any time.
"""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate

from documents.pdf_pages import (
    frame_margins,
    numbered_canvas,
    page_label,
    register_fonts,
)
from documents.permit_data import GoodsEntry, PermitData
from documents.permit_layout import TITLES, permit_flow

__all__ = ["GoodsEntry", "PermitData", "render_permit"]


def render_permit(permit: PermitData) -> bytes:
    """The unsigned permit PDF; byte-identical for identical data."""
    register_fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, invariant=1, pageCompression=1,
        **frame_margins(),
        title=permit.number, subject=f"permit:{permit.number}", keywords=permit.keywords,
        author="Ministry of Internal Affairs of the Republic of Kazakhstan",
    )  # fmt: skip
    russian, english = TITLES[permit.permit_type]
    footer = f"{russian} / {english} № {permit.number}"
    document.build(
        permit_flow(permit),
        canvasmaker=numbered_canvas(lambda page, pages: f"{footer} · {page_label(page, pages)}"),
    )
    return buffer.getvalue()
