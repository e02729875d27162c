"""Small, valid sample documents: for the demo data and for tests that attach a checklist."""

from __future__ import annotations

import io

import pikepdf


def sample_pdf(title: str) -> bytes:
    """A one-page PDF whose metadata carries the title (so each title gives distinct bytes)."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:title"] = title
    pdf.docinfo["/Title"] = title
    buffer = io.BytesIO()
    pdf.save(buffer, deterministic_id=True)
    return buffer.getvalue()
