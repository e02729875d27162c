"""What the Ministry's signed PDFs share: the page frame, a footer with "page x/y" on every
page, the room kept for the visible signature box at the foot of the last page, and times
shown on the Ministry's wall clock with its offset from UTC."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable
from typing_extensions import override

FONTS = Path(__file__).parent / "fonts"
REGULAR, BOLD = "DejaVuSans", "DejaVuSans-Bold"
MARGIN = 20 * mm
# Platypus frames pad their content by 6 pt on every side; page templates set their margins
# this much less, so text and tables start on the 20 mm margin where the signature box does.
FRAME_PADDING = 6
TOP_MARGIN = 12 * mm
FOOTER_Y = 8 * mm
# The signature box's text: three lines of DejaVu Sans at this size and leading, inside this
# padding and a 1 pt border; the box is sized to them, so it has no blank band.
SIGNATURE_FONT_SIZE, SIGNATURE_LEADING, SIGNATURE_PADDING = 8, 10, 5
SIGNATURE_LINES = 3
SIGNATURE_HEIGHT = SIGNATURE_LINES * SIGNATURE_LEADING + 2 * SIGNATURE_PADDING + 2
# Where the visible signature goes (x1, y1, x2, y2), in points, on the last page: above the
# footer, at the left; page frames end at its lower edge and the last page keeps room for it.
SIGNATURE_BOX = (int(MARGIN), int(13 * mm), int(MARGIN + 100 * mm), int(13 * mm) + SIGNATURE_HEIGHT)
FRAME_BOTTOM = SIGNATURE_BOX[1]


def register_fonts() -> None:
    """Register the DejaVu fonts (Cyrillic and Latin) with reportlab, once."""
    if REGULAR not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(REGULAR, str(FONTS / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(FONTS / "DejaVuSans-Bold.ttf")))


def frame_margins(top: float = TOP_MARGIN) -> dict[str, float]:
    """A doc template's margins: content on the 20 mm margins, down to the signature box's
    lower edge (below it only the footer)."""
    return {
        "leftMargin": MARGIN - FRAME_PADDING, "rightMargin": MARGIN - FRAME_PADDING,
        "topMargin": top - FRAME_PADDING, "bottomMargin": FRAME_BOTTOM - FRAME_PADDING,
    }  # fmt: skip


def page_label(page: int, pages: int) -> str:
    """The page's place in the document, in Russian and English."""
    return f"Стр. / Page {page}/{pages}"


def local_time_label(moment: datetime, zone: tzinfo, seconds: bool = True) -> str:
    """An instant on the wall clock of a zone, with the zone's offset: ``30.11.2026 00:52:28
    (UTC+05:00)`` (naive instants are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(zone)
    offset = local.utcoffset()
    minutes = int(offset.total_seconds()) // 60 if offset is not None else 0
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    clock = local.strftime("%d.%m.%Y %H:%M:%S" if seconds else "%d.%m.%Y %H:%M")
    return f"{clock} (UTC{sign}{hours:02d}:{rest:02d})"


class _NumberedCanvas(Canvas):
    """A canvas that holds its pages back until the document ends, to print "x/y" on each."""

    def __init__(self, *args: Any, footer: Callable[[int, int], str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._footer, self._held_pages = footer, []

    @override
    def showPage(self) -> None:
        """Hold the finished page until the total is known (its footer says "x/y")."""
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    @override
    def save(self) -> None:
        """Draw every held page with its footer, then write the file."""
        pages = len(self._held_pages)
        for number, state in enumerate(self._held_pages, start=1):
            self.__dict__.update(state)
            self.setFont(REGULAR, 7)
            self.drawRightString(A4[0] - MARGIN, FOOTER_Y, self._footer(number, pages))
            super().showPage()
        super().save()


def numbered_canvas(footer: Callable[[int, int], str]) -> Callable[..., Canvas]:
    """A canvas maker for platypus whose pages carry ``footer(page, pages)`` at their foot."""
    return functools.partial(_NumberedCanvas, footer=footer)


class SignatureRoom(Flowable):
    """Nothing to see: the height of the signature box, kept free at the end of the last page
    (frames end at the box's lower edge, so whatever precedes this ends above the box)."""

    @override
    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """The room the signature box needs on the page."""
        return available_width, SIGNATURE_HEIGHT + 3 * mm

    @override
    def draw(self) -> None:
        """Nothing: the signature box is drawn by the signer, into this reserved room."""
