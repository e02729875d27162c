"""The permit as a PDF (reportlab): every field of the UN Firearms Protocol Art. 10(3), in
Russian and English, with a QR code to the public verification page.

The same permit data always gives the same bytes (reportlab's invariant mode), so the unsigned
document can be rebuilt and compared at any time.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONTS = Path(__file__).parent / "fonts"
REGULAR, BOLD = "DejaVuSans", "DejaVuSans-Bold"
TITLES = {
    "import": ("РАЗРЕШЕНИЕ НА ВВОЗ", "IMPORT PERMIT"),
    "export": ("РАЗРЕШЕНИЕ НА ВЫВОЗ", "EXPORT PERMIT"),
    "transit": ("РАЗРЕШЕНИЕ НА ТРАНЗИТ", "TRANSIT PERMIT"),
    "re_export": ("РАЗРЕШЕНИЕ НА РЕЭКСПОРТ", "RE-EXPORT PERMIT"),
}
# Where the visible signature goes (x1, y1, x2, y2), in points, on the last page.
SIGNATURE_BOX = (int(20 * mm), int(14 * mm), int(110 * mm), int(40 * mm))


def register_fonts() -> None:
    """Register the DejaVu fonts (Cyrillic and Latin) with reportlab, once."""
    if REGULAR not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(REGULAR, str(FONTS / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(FONTS / "DejaVuSans-Bold.ttf")))


@dataclass(frozen=True)
class GoodsEntry:
    """One line of goods as printed."""

    description: str
    calibre: str
    quantity: int
    unit: str
    value: str
    hs_code: str
    serial_numbers: tuple[str, ...] = ()


@dataclass(frozen=True)
class PermitData:
    """Everything printed on a permit, already formatted by the caller."""

    number: str
    permit_type: str
    issued_on: str
    valid_until: str
    holder: str
    holder_bin: str
    trade_licence: str
    consignee: str
    end_user: str
    country_of_export: str
    country_of_import: str
    countries_of_transit: str
    country_of_origin: str
    customs_point: str
    goods: tuple[GoodsEntry, ...]
    references: tuple[tuple[str, str], ...]
    conditions: tuple[str, ...]
    verification_url: str
    issuing_authority: str = (
        "Министерство внутренних дел Республики Казахстан / "
        "Ministry of Internal Affairs of the Republic of Kazakhstan"
    )
    place_of_issue: str = "Астана / Astana"
    extra: tuple[tuple[str, str], ...] = field(default=())
    # A statement to print at the foot (e.g. the audit log checkpoint the permit was issued
    # under) and the same in machine-readable form for the PDF's Keywords.
    witness: str = ""
    keywords: str = ""


class _Writer:
    """A top-down text cursor over a canvas that wraps lines and starts new pages as needed."""

    TOP, BOTTOM, LEFT = A4[1] - 20 * mm, 48 * mm, 20 * mm
    QR_BOTTOM = A4[1] - 56 * mm  # lines above this keep clear of the QR code

    def __init__(self, canvas: Canvas):
        self.canvas, self.y, self.page = canvas, self.TOP, 1

    def _width(self) -> float:
        clear_of_qr = self.page == 1 and self.y > self.QR_BOTTOM
        return A4[0] - 2 * self.LEFT - (36 * mm if clear_of_qr else 0)

    def line(self, text: str, size: float = 9, bold: bool = False, indent: float = 0) -> None:
        """Write text, wrapped to the page width."""
        font = BOLD if bold else REGULAR
        for part in simpleSplit(text, font, size, self._width() - indent) or [""]:
            if self.y < self.BOTTOM:
                self.canvas.showPage()
                self.y, self.page = self.TOP, self.page + 1
            self.canvas.setFont(font, size)
            self.canvas.drawString(self.LEFT + indent, self.y, part)
            self.y -= size * 1.45

    def field(self, label: str, value: str) -> None:
        """A bold label over its value."""
        self.line(label, 7.5, bold=True)
        self.line(value, 9, indent=4)
        self.y -= 2


def _qr(canvas: Canvas, url: str) -> None:
    widget = QrCodeWidget(url, barLevel="M")
    x1, y1, x2, y2 = widget.getBounds()
    side = 32 * mm
    drawing = Drawing(side, side, transform=[side / (x2 - x1), 0, 0, side / (y2 - y1), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, A4[0] - 20 * mm - side, A4[1] - 52 * mm)


def _goods(writer: _Writer, goods: tuple[GoodsEntry, ...]) -> None:
    writer.line("Товары / Goods", 10, bold=True)
    for number, entry in enumerate(goods, start=1):
        amount = f"{entry.quantity} {entry.unit}, {entry.value}"
        writer.line(f"{number}. {entry.description}, {entry.calibre}: {amount}, "
                    f"ТН ВЭД / HS {entry.hs_code}", 9)  # fmt: skip
        if entry.serial_numbers:
            serials = ", ".join(entry.serial_numbers)
            writer.field("Серийные номера / Serial numbers", serials)


def render_permit(permit: PermitData) -> bytes:
    """The unsigned permit PDF; byte-identical for identical data."""
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1)
    canvas.setTitle(f"{permit.number}")
    canvas.setSubject(f"permit:{permit.number}")
    canvas.setAuthor("Ministry of Internal Affairs of the Republic of Kazakhstan")
    if permit.keywords:
        canvas.setKeywords(permit.keywords)
    writer = _Writer(canvas)
    _qr(canvas, permit.verification_url)
    russian, english = TITLES[permit.permit_type]
    writer.line(f"{russian} / {english}", 14, bold=True)
    writer.line(f"№ {permit.number}", 12, bold=True)
    writer.y -= 4
    for label, value in (
        ("Орган выдачи / Issuing authority", permit.issuing_authority),
        ("Место и дата выдачи / Place and date of issue",
         f"{permit.place_of_issue}, {permit.issued_on}"),
        ("Действительно до / Valid until", permit.valid_until),
        ("Владелец / Holder", f"{permit.holder}, БИН / BIN {permit.holder_bin}"),
        ("Лицензия на торговлю / Trade licence", permit.trade_licence),
        ("Грузополучатель / Consignee", permit.consignee),
        ("Конечный пользователь / End user", permit.end_user),
        ("Страна вывоза / Country of export", permit.country_of_export),
        ("Страна ввоза / Country of import", permit.country_of_import),
        ("Страны транзита / Countries of transit", permit.countries_of_transit),
        ("Страна происхождения / Country of origin", permit.country_of_origin),
        ("Таможенный пункт / Customs point", permit.customs_point),
        *permit.references,
        *permit.extra,
    ):  # fmt: skip
        writer.field(label, value or "—")
    _goods(writer, permit.goods)
    writer.line("Условия / Conditions", 10, bold=True)
    for condition in permit.conditions:
        writer.line(f"• {condition}", 8.5)
    writer.line(f"Проверка / Verify: {permit.verification_url}", 7.5)
    if permit.witness:
        writer.line(permit.witness, 6.5)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
