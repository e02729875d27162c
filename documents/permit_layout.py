"""The permit's layout as platypus flowables: letterhead, title with the QR code beside it, the
fields two by two, the goods table (its header repeated on every page it runs over, its
totals at its end), then conditions and the audit line, kept together with the room for the
signature box so that box never sits alone on a page."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from PIL import Image as PillowImage
from PIL import UnidentifiedImageError
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    Image,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from documents.pdf_pages import BOLD, REGULAR, SignatureRoom
from documents.permit_data import GoodsEntry, PermitData, money, totals_by_currency

TITLES = {
    "import": ("РАЗРЕШЕНИЕ НА ВВОЗ", "IMPORT PERMIT"),
    "export": ("РАЗРЕШЕНИЕ НА ВЫВОЗ", "EXPORT PERMIT"),
    "transit": ("РАЗРЕШЕНИЕ НА ТРАНЗИТ", "TRANSIT PERMIT"),
    "re_export": ("РАЗРЕШЕНИЕ НА РЕЭКСПОРТ", "RE-EXPORT PERMIT"),
}
WIDTH = 170 * mm  # A4 less two 20 mm margins
LETTERHEAD_HEIGHT, QR_SIDE = 24 * mm, 25 * mm
GOODS_COLUMNS = (
    ("№", 6), ("Товар / Goods", 70), ("Калибр / Calibre", 14), ("ТН ВЭД / HS", 13),
    ("Кол-во / Quantity", 17), ("Цена / Unit value", 24), ("Сумма / Value", 26),
)  # fmt: skip

TITLE = ParagraphStyle("title", fontName=BOLD, fontSize=13, leading=17)
NUMBER = ParagraphStyle("number", fontName=BOLD, fontSize=11.5, leading=15)
HEAD = ParagraphStyle("head", fontName=BOLD, fontSize=8, leading=10, alignment=TA_CENTER)
FIELD = ParagraphStyle("field", fontName=REGULAR, fontSize=8, leading=9.2)
HEADING = ParagraphStyle("heading", fontName=BOLD, fontSize=8.5, leading=11, spaceBefore=4,
                         spaceAfter=1)  # fmt: skip
CELL = ParagraphStyle("cell", fontName=REGULAR, fontSize=7.5, leading=8.2)
CELL_RIGHT = ParagraphStyle("cell_right", parent=CELL, fontSize=7, alignment=TA_RIGHT)
CELL_HEAD = ParagraphStyle("cell_head", parent=CELL, fontName=BOLD, fontSize=6.5, leading=7.5)
SMALL = ParagraphStyle("small", fontName=REGULAR, fontSize=7, leading=8.5)
NOTE = ParagraphStyle("note", fontName=REGULAR, fontSize=6.5, leading=8, textColor="#555555")
GREY = colors.HexColor("#555555")


def check_letterhead(data: bytes) -> None:
    """Refuse (ValueError) a letterhead that is not a PNG or JPEG image that decodes whole."""
    try:
        with PillowImage.open(io.BytesIO(data)) as image:
            kind = image.format
            image.load()
    except (OSError, UnidentifiedImageError, PillowImage.DecompressionBombError) as error:
        raise ValueError(f"not a readable image ({error})") from None
    if kind not in ("PNG", "JPEG"):
        raise ValueError(f"a {kind} image, where a PNG or JPEG is needed")


def _text(text: str) -> str:
    """Free text made safe for a paragraph's markup."""
    return escape(text)


def _letterhead(permit: PermitData) -> list[Flowable]:
    if permit.letterhead is None:
        lines = [_text(part.upper()) for part in permit.issuing_authority.split(" / ")]
        head: Flowable = Paragraph("<br/>".join(lines), HEAD)
    else:
        width, height = ImageReader(io.BytesIO(permit.letterhead)).getSize()
        scale = min(WIDTH / width, LETTERHEAD_HEIGHT / height)
        head = Image(io.BytesIO(permit.letterhead), width * scale, height * scale)
    return [head, HRFlowable(width="100%", thickness=0.6, color=GREY, spaceBefore=2,
                             spaceAfter=3)]  # fmt: skip


def _qr(url: str) -> Drawing:
    widget = QrCodeWidget(url, barLevel="M")
    x1, y1, x2, y2 = widget.getBounds()
    drawing = Drawing(QR_SIDE, QR_SIDE,
                      transform=[QR_SIDE / (x2 - x1), 0, 0, QR_SIDE / (y2 - y1), 0, 0])  # fmt: skip
    drawing.add(widget)
    return drawing


def _header(permit: PermitData) -> Table:
    russian, english = TITLES[permit.permit_type]
    title = [Paragraph(f"{russian} / {english}", TITLE),
             Paragraph(f"№ {_text(permit.number)}", NUMBER), Spacer(1, 2 * mm),
             Paragraph("Проверка подлинности: QR-код или / Verify by the QR code or at "
                       f"{_text(permit.verification_url)}", NOTE)]  # fmt: skip
    table = Table([[title, _qr(permit.verification_url)]], colWidths=[WIDTH - QR_SIDE, QR_SIDE])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))  # fmt: skip
    return table


def _field(label: str, value: str) -> Paragraph:
    return Paragraph(
        f'<font name="{BOLD}" size="6" color="#555555">{_text(label)}</font><br/>'
        f"{_text(value or '—')}",
        FIELD,
    )


def _fields(permit: PermitData) -> Table:
    pairs = [
        ("Орган выдачи / Issuing authority", permit.issuing_authority),
        ("Место и дата выдачи / Place and date of issue",
         f"{permit.place_of_issue}, {permit.issued_on}"),
        ("Действительно с / Valid from", permit.valid_from),
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
    ]  # fmt: skip
    cells = [_field(label, value) for label, value in pairs]
    cells += [""] * (len(cells) % 2)
    table = Table([cells[i : i + 2] for i in range(0, len(cells), 2)], colWidths=[WIDTH / 2] * 2)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#cccccc")),
    ]))  # fmt: skip
    return table


def _goods_row(number: int, entry: GoodsEntry) -> list[Paragraph]:
    described = f"{_text(entry.description)}<br/><font size='6.5' color='#555555'>" \
        f"{_text(entry.kind)}</font>"  # fmt: skip
    if entry.serial_numbers:
        serials = _text(", ".join(entry.serial_numbers))
        described += f"<br/><font size='6.5'>Сер. № / Serial Nos.: {serials}</font>"
    return [
        Paragraph(str(number), CELL), Paragraph(described, CELL),
        Paragraph(_text(entry.calibre), CELL), Paragraph(_text(entry.hs_code), CELL),
        Paragraph(f"{entry.quantity}\u00a0{_text(entry.unit)}", CELL_RIGHT),
        Paragraph(money(entry.unit_value, _text(entry.currency)), CELL_RIGHT),
        Paragraph(money(entry.total, _text(entry.currency)), CELL_RIGHT),
    ]  # fmt: skip


def _goods(goods: tuple[GoodsEntry, ...]) -> list[Flowable]:
    totals = totals_by_currency(goods)
    overall = "<br/>".join(money(value, _text(code)) for code, value in totals.items()) or "—"
    rows = [
        [Paragraph(title, CELL_HEAD) for title, _ in GOODS_COLUMNS],
        *(_goods_row(number, entry) for number, entry in enumerate(goods, start=1)),
        ["", Paragraph("<b>Итого / Total</b>", CELL_RIGHT), "", "", "",
         Paragraph(f"<b>{overall}</b>", CELL_RIGHT), ""],
    ]  # fmt: skip
    table = Table(rows, colWidths=[width * mm for _, width in GOODS_COLUMNS], repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dfe6ee")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 2.5), ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
        ("SPAN", (1, -1), (4, -1)), ("SPAN", (5, -1), (6, -1)),
    ]))  # fmt: skip
    return [Paragraph("Товары / Goods", HEADING), table]


def _closing(permit: PermitData) -> KeepTogether:
    lines: list[Flowable] = [Paragraph("Условия / Conditions", HEADING)]
    lines += [Paragraph(f"• {_text(condition)}", SMALL) for condition in permit.conditions]
    if permit.witness:
        lines += [Spacer(1, 1.5 * mm), Paragraph(_text(permit.witness), NOTE)]
    return KeepTogether([*lines, SignatureRoom()])


def permit_flow(permit: PermitData) -> list[Flowable]:
    """The permit from letterhead to the room for its signature, in reading order."""
    return [
        *_letterhead(permit),
        _header(permit),
        Spacer(1, 2 * mm),
        _fields(permit),
        *_goods(permit.goods),
        _closing(permit),
    ]
