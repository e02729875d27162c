"""Why a file is refused, with a stable code."""

from __future__ import annotations


class DocumentRejected(Exception):
    """The file cannot be accepted as a document; ``code`` says why, for machines."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message
