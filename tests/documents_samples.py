"""Hostile and broken files for the intake tests, made at test time."""

from __future__ import annotations

import io

import pikepdf
from PIL import Image

from documents.samples import sample_pdf


def pdf_with(**root_entries) -> bytes:
    """A valid PDF whose catalogue carries extra entries (actions, names...)."""
    pdf = pikepdf.open(io.BytesIO(sample_pdf("active")))
    for key, value in root_entries.items():
        pdf.Root[f"/{key}"] = pdf.make_indirect(value)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def javascript_pdf() -> bytes:
    return pdf_with(OpenAction=pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="app.alert(1)"))


def embedded_file_pdf() -> bytes:
    names = pikepdf.Dictionary(EmbeddedFiles=pikepdf.Dictionary(Names=pikepdf.Array()))
    return pdf_with(Names=names)


def encrypted_pdf() -> bytes:
    pdf = pikepdf.open(io.BytesIO(sample_pdf("secret")))
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(owner="owner-pw", user="user-pw"))
    return out.getvalue()


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(out, "PNG")
    return out.getvalue()


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(out, "JPEG")
    return out.getvalue()


HOSTILE = {
    "html_named_pdf": (
        b"<html><body><script>alert(1)</script></body></html>",
        "only pdf, png and jpeg",
    ),
    "executable": (b"\x7fELF\x02\x01\x01" + b"\x00" * 200, "only pdf, png and jpeg"),
    "junk_before_header": (b"junk\n" + sample_pdf("late"), "only pdf, png and jpeg"),
    "truncated_pdf": (sample_pdf("cut")[:300], "cannot be read"),
    "encrypted_pdf": (None, "Encrypted"),
    "javascript_pdf": (None, "JavaScript"),
    "embedded_files_pdf": (None, "embedded files"),
    "empty": (b"", "empty"),
    "broken_png": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "cannot be read"),
}
MAKERS = {"encrypted_pdf": encrypted_pdf, "javascript_pdf": javascript_pdf,
          "embedded_files_pdf": embedded_file_pdf}  # fmt: skip


def hostile(name: str) -> bytes:
    """The bytes of one hostile sample."""
    data, _ = HOSTILE[name]
    return data if data is not None else MAKERS[name]()
