"""What a reader of a PDF sees, through poppler: the text of each page, and where its words are."""

from __future__ import annotations

import re
import subprocess
import tempfile
from dataclasses import dataclass
from html import unescape
from pathlib import Path

_PAGE = re.compile(r"<page width=\"([\d.]+)\" height=\"([\d.]+)\">(.*?)</page>", re.S)
_WORD = re.compile(
    r"<word xMin=\"([\d.]+)\" yMin=\"([\d.]+)\" xMax=\"([\d.]+)\" yMax=\"([\d.]+)\">(.*?)</word>"
)


@dataclass(frozen=True)
class Word:
    """A word and its box in PDF points, measured from the page's lower left corner."""

    text: str
    x1: float
    y1: float
    x2: float
    y2: float


def _pdftotext(pdf: bytes, *options: str) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(pdf)
        return subprocess.run(
            ["pdftotext", *options, str(path), "-"], capture_output=True, text=True, check=True
        ).stdout


def pages_text(pdf: bytes) -> list[str]:
    """The text of each page, no-break spaces read as spaces."""
    return [page.replace("\u00a0", " ") for page in _pdftotext(pdf).split("\f")[:-1]]


def text(pdf: bytes) -> str:
    """The text of the whole document, words joined by single spaces (lines wrap anywhere)."""
    return " ".join(" ".join(pages_text(pdf)).split())


def page_words(pdf: bytes) -> list[list[Word]]:
    """The words of each page with their boxes."""
    pages = []
    for _, height, body in _PAGE.findall(_pdftotext(pdf, "-bbox")):
        top = float(height)
        pages.append([
            Word(unescape(t), float(x1), top - float(y2), float(x2), top - float(y1))
            for x1, y1, x2, y2, t in _WORD.findall(body)
        ])  # fmt: skip
    return pages
