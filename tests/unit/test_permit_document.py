"""The permit PDF as its reader sees it: dates, exact values and totals, pages that carry the
permit's number and "x/y", the letterhead, and a signature box on the Ministry's clock, in the
document's font, on the last page and clear of its text."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pikepdf
import pytest
from PIL import Image

from documents.pdf_pages import SIGNATURE_BOX, local_time_label
from documents.permit_data import GoodsEntry, totals_by_currency
from documents.permit_layout import check_letterhead
from documents.permit_pdf import render_permit
from documents.pki import create_keys
from documents.signing import PermitSigner
from tests.pdf_text import page_words, pages_text, text
from tests.unit.test_permit_signing import PERMIT

ALMATY = ZoneInfo("Asia/Almaty")
# 19:30 UTC on 29 November is half past midnight on 30 November in Almaty (UTC+5).
HALF_PAST_MIDNIGHT = datetime(2026, 11, 29, 19, 30, tzinfo=UTC)


def line(number: int, currency: str = "EUR", unit_value: str = "2450.00") -> GoodsEntry:
    """A firearm line of two weapons, each with its serial number."""
    return GoodsEntry(
        description=f"Beretta 686 Silver Pigeon I, lot {number}",
        kind="огнестрельное оружие / firearm, гражданское / civilian", calibre="12/76",
        quantity=2, unit="шт. / pcs", unit_value=Decimal(unit_value), currency=currency,
        hs_code="930320", serial_numbers=(f"BE{number:03d}-1", f"BE{number:03d}-2"),
    )  # fmt: skip


def permit_with(goods: int) -> bytes:
    return render_permit(replace(PERMIT, goods=tuple(line(n) for n in range(1, goods + 1))))


@pytest.fixture(scope="module")
def signer(tmp_path_factory):
    return PermitSigner(create_keys(tmp_path_factory.mktemp("keys"), b"pw"), zone=ALMATY)


def image_sizes(pdf: bytes) -> list[tuple[int, int]]:
    """The pixel sizes of the images on the first page."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        images = document.pages[0].get_images().values()
        return [(int(image.Width), int(image.Height)) for image in images]


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (20, 60, 120)).save(out, "PNG")
    return out.getvalue()


def test_the_permit_prints_valid_from_beside_valid_until_and_each_lines_value_and_the_totals():
    goods = (line(1, unit_value="1234567.89"), line(2, unit_value="0.10"),
             line(3, "USD", "99.95"), line(4, unit_value="0.20"))  # fmt: skip
    pdf = render_permit(replace(PERMIT, valid_from="01.12.2026", goods=goods))
    printed = text(pdf)
    assert "Действительно с / Valid from Действительно до / Valid until" in printed
    words = {w.text: w for w in page_words(pdf)[0]}
    valid_from, valid_until = words["01.12.2026"], words["28.05.2027"]
    assert valid_from.y1 == valid_until.y1  # on one line, side by side
    assert valid_from.x2 < valid_until.x1
    for value in ("2 469 135.78 EUR", "0.20 EUR", "199.90 USD", "0.40 EUR"):
        assert value in printed
    assert "Итого / Total 2 469 136.38 EUR 199.90 USD" in printed
    totals = totals_by_currency(goods)
    assert totals == {"EUR": Decimal("2469136.38"), "USD": Decimal("199.90")}
    assert all(isinstance(total, Decimal) for total in totals.values())


def test_ten_goods_lines_fit_one_page():
    assert len(pikepdf.open(io.BytesIO(permit_with(10))).pages) == 1


def test_thirty_goods_lines_continue_on_further_pages_each_with_the_number_header_and_x_of_y():
    pages = pages_text(permit_with(30))
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert "KZ-IMP-2026-000001" in page
        assert f"Стр. / Page {number}/{len(pages)}" in page
        assert "Товар / Goods" in page  # the table's header, repeated
    assert all(f"BE{n:03d}-2" in " ".join(pages) for n in range(1, 31))
    assert "Итого / Total" in pages[-1]
    assert "Итого / Total" not in " ".join(pages[:-1])


def test_the_signature_box_goes_on_the_last_page_clear_of_every_word_on_it(signer):
    unsigned = permit_with(30)
    signed = signer.sign(unsigned, "Marat Zhaksylykov", HALF_PAST_MIDNIGHT)
    pdf = pikepdf.open(io.BytesIO(signed))
    widget = pdf.Root.AcroForm.Fields[0]
    assert widget.P.objgen == pdf.pages[-1].objgen
    assert [float(v) for v in widget.Rect] == [float(v) for v in SIGNATURE_BOX]
    x1, y1, x2, y2 = SIGNATURE_BOX
    last_page = page_words(unsigned)[-1]
    assert last_page
    overlapping = [w.text for w in last_page if w.x1 < x2 and w.x2 > x1 and w.y1 < y2 and w.y2 > y1]
    assert overlapping == []


def test_the_signature_box_shows_the_ministrys_local_time_with_its_offset(signer):
    signed = signer.sign(render_permit(PERMIT), "Marat Zhaksylykov", HALF_PAST_MIDNIGHT)
    printed = text(signed)
    assert "Время / Time: 30.11.2026 00:30:00 (UTC+05:00)" in printed
    assert "Утвердил / Approved by: Marat Zhaksylykov" in printed
    assert "UTC " not in printed


def test_the_signature_box_is_set_in_dejavu_sans_its_letters_inside_the_box(signer):
    signed = signer.sign(render_permit(PERMIT), "Marat Zhaksylykov", HALF_PAST_MIDNIGHT)
    pdf = pikepdf.open(io.BytesIO(signed))
    appearance = pdf.Root.AcroForm.Fields[0].AP.N
    fonts = list(fonts_of(appearance))
    assert fonts
    assert all("DejaVuSans" in str(font.BaseFont) for font in fonts)
    # Glyph widths are thousandths of an em (DejaVu's own 2048 units spread the letters).
    widths = [w for font in fonts for w in numbers(font.DescendantFonts[0].W)]
    assert widths
    assert max(widths) <= 1000
    x1, y1, x2, y2 = SIGNATURE_BOX
    # Each line of the box is one span of text (pyHanko marks it so); poppler lays it out by
    # the font's widths, so a wrongly scaled font would run out of the box.
    lines = [w for w in page_words(signed)[-1] if w.y1 >= y1 - 1 and w.y2 <= y2 + 1]
    assert [w.text for w in lines] == [
        "Подписано за МВД / Signed for the Ministry of Internal Affairs",
        "Утвердил / Approved by: Marat Zhaksylykov",
        "Время / Time: 30.11.2026 00:30:00 (UTC+05:00)",
    ]
    assert all(x1 < w.x1 and w.x2 < x2 for w in lines)


def fonts_of(xobject: pikepdf.Object):
    resources = xobject.get("/Resources", {})
    yield from resources.get("/Font", {}).values()
    for inner in resources.get("/XObject", {}).values():
        yield from fonts_of(inner)


def numbers(widths: pikepdf.Array) -> list[float]:
    """The widths of a CIDFont's /W array (first CID, then an array of widths, repeated)."""
    return [float(w) for item in widths if isinstance(item, pikepdf.Array) for w in item]


def test_a_letterhead_image_is_printed_at_the_head_and_the_ministrys_name_without_one():
    with_image = render_permit(replace(PERMIT, letterhead=png(1200, 160)))
    assert image_sizes(with_image) == [(1200, 160)]
    assert "МИНИСТЕРСТВО ВНУТРЕННИХ ДЕЛ" not in text(with_image)
    plain = render_permit(PERMIT)
    assert image_sizes(plain) == []
    assert "МИНИСТЕРСТВО ВНУТРЕННИХ ДЕЛ РЕСПУБЛИКИ КАЗАХСТАН" in text(plain)


def test_rendering_stays_byte_identical_with_a_letterhead_and_several_pages():
    data = replace(PERMIT, goods=tuple(line(n) for n in range(30)), letterhead=png(600, 80))
    assert render_permit(data) == render_permit(data)


def test_free_text_is_printed_as_typed_even_with_markup_characters():
    typed = "Sellier & Bellot <Vlašim> a.s."
    printed = text(render_permit(replace(PERMIT, consignee=typed)))
    assert typed in printed


def test_the_letterhead_must_be_a_png_or_a_jpeg_that_decodes():
    jpeg = io.BytesIO()
    Image.new("RGB", (40, 10)).save(jpeg, "JPEG")
    gif = io.BytesIO()
    Image.new("RGB", (40, 10)).save(gif, "GIF")
    check_letterhead(png(40, 10))
    check_letterhead(jpeg.getvalue())
    with pytest.raises(ValueError, match="GIF"):
        check_letterhead(gif.getvalue())
    with pytest.raises(ValueError, match="not a readable image"):
        check_letterhead(png(40, 10)[:60])
    with pytest.raises(ValueError, match="not a readable image"):
        check_letterhead(b"not an image")


@pytest.mark.parametrize(("moment", "zone", "label"), [
    (HALF_PAST_MIDNIGHT, ALMATY, "30.11.2026 00:30:00 (UTC+05:00)"),
    (datetime(2026, 11, 29, 19, 30), ALMATY, "30.11.2026 00:30:00 (UTC+05:00)"),  # naive: UTC
    (HALF_PAST_MIDNIGHT, ZoneInfo("America/St_Johns"), "29.11.2026 16:00:00 (UTC-03:30)"),
    (HALF_PAST_MIDNIGHT, UTC, "29.11.2026 19:30:00 (UTC+00:00)"),
])  # fmt: skip
def test_a_time_is_shown_on_the_zones_wall_clock_with_its_offset(moment, zone, label):
    assert local_time_label(moment, zone) == label
