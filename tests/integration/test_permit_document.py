"""The permit an approval issues, as its holder reads it: reference values in Russian and
English, exact values, one page for ten lines, the Ministry's date and time on both the permit
and its signature, the audit checkpoint in short with the whole of it in the metadata, and the
letterhead the installation configures (or refuses to start without)."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pikepdf
import pytest
from click.testing import CliRunner
from freezegun import freeze_time
from PIL import Image
from sqlalchemy import select

from permits.assembly.app import create_app
from permits.assembly.console import main
from permits.audit.log import as_checkpoint
from permits.audit.permit_witness import checkpoint_in_pdf
from permits.domain import errors
from permits.http.request import runtime_of
from permits.models import AuditCheckpoint
from permits.services.applications import perform_action
from tests.conftest import app_settings
from tests.factories import Cast, application_in, goods_line, runtime
from tests.pdf_text import text

ALMATY = ZoneInfo("Asia/Almaty")


def issued_pdf(app, application) -> bytes:
    return runtime_of(app).intake.store.get(application.permit.pdf_sha256)


def test_countries_kinds_categories_and_units_are_printed_in_russian_and_english_with_totals(
    app, session
):
    goods = [goods_line(quantity=3, unit_value="1000.10"),
             goods_line(quantity=2, unit_value="99.95", currency="USD")]  # fmt: skip
    application = application_in(session, Cast(), "approved", goods=goods)
    printed = text(issued_pdf(app, application))
    for words in ("Италия / Italy (IT)", "Казахстан / Kazakhstan (KZ)",
                  "огнестрельное оружие / firearm, гражданское / civilian", "3 шт. / pcs",
                  "1 000.10 EUR", "3 000.30 EUR", "99.95 USD", "199.90 USD",
                  "Итого / Total 3 000.30 EUR 199.90 USD"):  # fmt: skip
        assert words in printed
    valid_from = application.permit.valid_from
    assert f"{valid_from:%d.%m.%Y}" in printed


def test_ten_goods_lines_of_an_issued_permit_fit_one_page(app, session):
    goods = [goods_line(model=f"686 Silver Pigeon I, lot {n}") for n in range(10)]
    application = application_in(session, Cast(), "approved", goods=goods)
    with pikepdf.open(io.BytesIO(issued_pdf(app, application))) as pdf:
        assert len(pdf.pages) == 1


def test_issued_at_half_past_midnight_the_permit_and_its_signature_show_the_ministrys_date(
    app, session
):
    cast = Cast()
    application = application_in(session, cast, "awaiting_decision")
    tomorrow = datetime.now(ALMATY).date() + timedelta(days=1)
    half_past_midnight = datetime(tomorrow.year, tomorrow.month, tomorrow.day, 0, 30,
                                  tzinfo=ALMATY)  # fmt: skip
    with freeze_time(half_past_midnight):
        perform_action(session, cast.approver, application.id, "approve", runtime=runtime())
    session.expire_all()
    printed = text(issued_pdf(app, application))
    assert application.permit.valid_from == tomorrow
    assert f"Действительно с / Valid from Действительно до / Valid until {tomorrow:%d.%m.%Y}" in (
        printed
    )
    assert f"Время / Time: {tomorrow:%d.%m.%Y} 00:30:00 (UTC+05:00)" in printed


def test_the_permit_names_its_checkpoint_in_short_and_carries_all_of_it_in_its_metadata(
    app, session, db
):
    application = application_in(session, Cast(), "approved")
    pdf = issued_pdf(app, application)
    carried = checkpoint_in_pdf(pdf)
    with db.scoped() as s:
        row = s.scalars(
            select(AuditCheckpoint).where(AuditCheckpoint.tree_size == carried.tree_size)
        ).one()
        assert as_checkpoint(row) == carried
    printed = text(pdf)
    assert f"Audit log checkpoint #{carried.tree_size}, " in printed
    assert f"{carried.root_hash[:8]}…" in printed
    assert carried.root_hash not in printed
    assert carried.signature[:16] not in printed


def letterhead_file(tmp_path, kind: str = "PNG"):
    path = tmp_path / f"letterhead.{kind.lower()}"
    Image.new("RGB", (900, 120), (20, 60, 120)).save(path, kind)
    return path


def test_a_configured_letterhead_is_embedded_in_the_permits_issued(app_with, session, tmp_path):
    cast = Cast()
    application = application_in(session, cast, "awaiting_decision")
    branded = app_with(LETTERHEAD_IMAGE=str(letterhead_file(tmp_path, "JPEG")))
    perform_action(session, cast.approver, application.id, "approve",
                   runtime=runtime_of(branded))  # fmt: skip
    session.expire_all()
    with pikepdf.open(io.BytesIO(issued_pdf(branded, application))) as pdf:
        sizes = [(int(i.Width), int(i.Height)) for i in pdf.pages[0].get_images().values()]
    assert sizes == [(900, 120)]


@pytest.mark.parametrize("letterhead", ["missing.png", "not-an-image.png", "letterhead.gif"])
def test_the_app_refuses_to_start_on_a_letterhead_it_cannot_print(
    database_url, tmp_path, keys_path, letterhead
):
    (tmp_path / "not-an-image.png").write_text("<svg/>")
    Image.new("RGB", (90, 12)).save(tmp_path / "letterhead.gif", "GIF")
    path = str(tmp_path / letterhead)
    settings = {**app_settings(database_url, tmp_path, keys_path), "LETTERHEAD_IMAGE": path}
    with pytest.raises(errors.InvalidInput) as refused:
        create_app(settings)
    assert list(refused.value.errors) == ["PERMITS_LETTERHEAD_IMAGE"]
    assert path in refused.value.message


def test_the_command_line_refuses_a_missing_letterhead_naming_the_setting(env, tmp_path):
    env = {**env, "PERMITS_LETTERHEAD_IMAGE": str(tmp_path / "missing.png")}
    result = CliRunner().invoke(main, ["report", "annual", "--year", "2026"], env=env)
    assert result.exit_code == 1
    assert "PERMITS_LETTERHEAD_IMAGE" in result.output
