"""Deciding what an uploaded file is from its content, never from its name or declared type.

Only PDF, PNG and JPEG are accepted. A PDF must start with ``%PDF-``, open in a real parser
(pikepdf/qpdf) without repair, not be encrypted, and carry no active content: no JavaScript, no
automatic actions, no launch actions, no embedded files. Images must decode.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

import pikepdf
from PIL import Image

from documents.errors import DocumentRejected

PDF, PNG, JPEG = "application/pdf", "image/png", "image/jpeg"
# Names whose presence anywhere in a PDF means it can act on its own when opened.
ACTIVE_KEYS = {
    "/JavaScript": "JavaScript",
    "/JS": "JavaScript",
    "/OpenAction": "an action run when the file opens",
    "/AA": "automatic actions",
    "/Launch": "a launch action",
    "/EmbeddedFiles": "embedded files",
    "/EmbeddedFile": "embedded files",
    "/RichMedia": "rich media",
    "/SubmitForm": "a form submission action",
    "/ImportData": "a data import action",
}
MAX_IMAGE_PIXELS = 100_000_000


@dataclass(frozen=True)
class Inspected:
    """What the file turned out to be."""

    media_type: str
    extension: str


def _kind_of(data: bytes) -> str:
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    raise DocumentRejected(
        "unsupported_type", "Only PDF, PNG and JPEG files are accepted (decided from the content)"
    )


def _active_content(pdf: pikepdf.Pdf) -> str | None:
    """Every kind of active content in the file, named, or None."""
    found = set()
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary):
            found.update(ACTIVE_KEYS[key] for key in obj if key in ACTIVE_KEYS)
            action = str(obj.get("/S", ""))
            if action in ACTIVE_KEYS:
                found.add(ACTIVE_KEYS[action])
    return ", ".join(sorted(found)) or None


def _check_pdf(data: bytes) -> None:
    try:
        with pikepdf.open(io.BytesIO(data), attempt_recovery=False) as pdf:
            problem = _active_content(pdf)
            pages = len(pdf.pages)
    except pikepdf.PasswordError:
        raise DocumentRejected("encrypted_pdf", "Encrypted PDFs are not accepted") from None
    except pikepdf.PdfError as error:
        raise DocumentRejected("damaged_pdf", f"The PDF cannot be read: {error}") from None
    if pages == 0:
        raise DocumentRejected("damaged_pdf", "The PDF has no pages")
    if problem:
        raise DocumentRejected("active_content", f"PDFs with {problem} are not accepted")


def _check_image(data: bytes) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.width * image.height > MAX_IMAGE_PIXELS:
                    raise DocumentRejected("image_too_large", "The image has too many pixels")
                image.load()
    except DocumentRejected:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombWarning,
            Image.DecompressionBombError) as error:  # fmt: skip
        raise DocumentRejected("damaged_image", f"The image cannot be read: {error}") from None


def inspect(data: bytes) -> Inspected:
    """Identify and check an upload; raise DocumentRejected naming the problem."""
    if not data:
        raise DocumentRejected("empty_file", "The file is empty")
    media_type = _kind_of(data)
    if media_type == PDF:
        _check_pdf(data)
        return Inspected(PDF, "pdf")
    _check_image(data)
    return Inspected(media_type, "png" if media_type == PNG else "jpg")
