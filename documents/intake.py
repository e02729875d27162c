"""Deciding what an uploaded file is from its content, never from its name or declared type.

Only PDF, PNG and JPEG are accepted. A PDF must start with ``%PDF-``, open in a real parser
(pikepdf/qpdf) without repair, not be encrypted at all, and carry no active content anywhere in
its object graph (documents.pdf_checks). An image must be within the pixel limit, decided from
its header before decoding, end where its format says it ends, and decode in bounded memory
(documents.png_checks, documents.jpeg_checks).
"""

from __future__ import annotations

from dataclasses import dataclass

from documents.errors import DocumentRejected
from documents.jpeg_checks import check_jpeg
from documents.pdf_checks import MAX_PDF_OBJECTS, check_pdf
from documents.png_checks import SIGNATURE as PNG_SIGNATURE
from documents.png_checks import check_png

PDF, PNG, JPEG = "application/pdf", "image/png", "image/jpeg"
MAX_IMAGE_PIXELS = 40_000_000


@dataclass(frozen=True)
class Inspected:
    """What the file turned out to be."""

    media_type: str
    extension: str


def _kind_of(data: bytes) -> str:
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(PNG_SIGNATURE):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    raise DocumentRejected(
        "unsupported_type", "Only PDF, PNG and JPEG files are accepted (decided from the content)"
    )


def inspect(
    data: bytes, max_pixels: int = MAX_IMAGE_PIXELS, max_pdf_objects: int = MAX_PDF_OBJECTS
) -> Inspected:
    """Identify and check an upload; raise DocumentRejected naming the problem."""
    if not data:
        raise DocumentRejected("empty_file", "The file is empty")
    media_type = _kind_of(data)
    if media_type == PDF:
        check_pdf(data, max_pdf_objects)
        return Inspected(PDF, "pdf")
    if media_type == PNG:
        check_png(data, max_pixels)
        return Inspected(PNG, "png")
    check_jpeg(data, max_pixels)
    return Inspected(JPEG, "jpg")
