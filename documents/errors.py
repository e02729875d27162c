"""Why a file is refused, with a stable code."""

from __future__ import annotations


class DocumentRejected(Exception):
    """The file cannot be accepted as a document; ``code`` says why, for machines."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


def image_damaged(reason: str) -> DocumentRejected:
    """The refusal for an image that cannot be read."""
    return DocumentRejected("damaged_image", f"The image cannot be read: {reason}")


def too_many_pixels(
    width: int, height: int, max_pixels: int, what: str = "image"
) -> DocumentRejected | None:
    """The refusal for an image over the pixel limit (decided from its header), or None."""
    if width * height <= max_pixels:
        return None
    return DocumentRejected(
        "image_too_large",
        f"The {what} has too many pixels: {width}x{height} = {width * height}, "
        f"the limit is {max_pixels}",
    )
