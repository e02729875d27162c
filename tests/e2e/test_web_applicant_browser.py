"""The applicant's and customs' pages in a real browser (axe-core and the CSP checked on each):
the editor with a goods line added and removed without JavaScript, every checklist document
attached from one form (a refused one coming back), and the customs page with a refused
shipment coming back before the right one is recorded."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest

from documents.samples import sample_pdf
from permits.domain.clock import Clock
from permits.domain.identifiers import with_check_digit
from tests.e2e import test_web_story as story
from tests.e2e.test_web_story import Visit, expect_ok
from tests.factories import application_in

browser = story.browser  # the story's Chromium, shared by this module's test
ISSUED, UNTIL = Clock().today() - timedelta(days=10), Clock().today() + timedelta(days=700)


def write_the_draft(head: Visit) -> int:
    page = head.page
    page.goto("/applications/new")
    page.click("a[href$='type=import']")
    for selector, value in {
        "#full_name": "Aigerim Sadykova",
        "#id_document_number": "N04512378",
        "#iin": with_check_digit("85030240012"),
        "#contract_reference": "BER-2026/114",
        "#goods-0-model": "686 Silver Pigeon I",
        "#goods-0-calibre": "12/76",
        "#goods-0-manufacturer": "Beretta",
        "#goods-0-quantity": "2",
        "#goods-0-unit_value": "2450.00",
        "#goods-0-currency": "EUR",
        "#goods-0-hs_code": "930320",
        "#goods-0-serial_numbers": "WB-1\nWB-2",
    }.items():
        page.fill(selector, value)
    for selector, value in {"#counterpart_country": "IT", "#customs_point": "ALA-AIR",
                            "#goods-0-country_of_manufacture": "IT"}.items():  # fmt: skip
        page.select_option(selector, value)
    page.click("button[name=add_line]")
    page.fill("#goods-1-model", "A line typed by mistake")
    head.check("editor-two-lines")
    page.click("#goods-line-1 button[name=remove_line]")
    assert page.locator("#goods-1-model").count() == 0
    assert page.input_value("#goods-0-model") == "686 Silver Pigeon I"  # kept, not saved
    page.click("p button[name=save]")
    expect_ok(page)
    return int(re.search(r"/applications/(\d+)", page.url).group(1))


def fill_every_block(head: Visit, tmp_path: Path, refused: str) -> int:
    """Fill the block of every missing item; the ``refused`` one gets a text file."""
    page, blocks = head.page, head.page.locator("form#attach fieldset.card:not(:has(details))")
    count = blocks.count()
    for n in range(count):
        block = blocks.nth(n)
        name = block.get_attribute("id").removeprefix("attach-")
        sample = tmp_path / f"{name}.pdf"
        sample.write_bytes(b"not a PDF" if name == refused else sample_pdf(name))
        block.locator("input[type=file]").set_input_files(str(sample))
        block.locator(f"[name='{name}-number']").fill(f"DOC-{n}")
        block.locator(f"[name='{name}-issuer']").fill("Competent authority")
        block.locator(f"[name='{name}-issued_on']").fill(ISSUED.isoformat())
        block.locator(f"[name='{name}-valid_until']").fill(UNTIL.isoformat())
        block.locator(f"[name='{name}-authenticated']").check()
    page.click("form#attach > button[type=submit]")
    return count


def approved_permit(session, people):
    """An approved import's permit; approved on a thread of its own, since the signer runs an
    event loop of its own and Playwright's is running on this one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: application_in(session, people, "approved").permit).result()


def test_the_applicants_and_customs_pages_in_a_browser(
    browser, live_server, session, people, tmp_path
):
    head = Visit(browser, live_server, "en", "applicant")
    head.sign_in(people.head.username)
    application_id = write_the_draft(head)
    assert fill_every_block(head, tmp_path, refused="supply_contract") > 3
    page = head.page
    assert page.locator(".error-summary a[href='#attach-supply_contract-file']").count() == 1
    assert page.locator("p.flash").count() == 1  # the others are attached
    head.check("attach-came-back")
    assert fill_every_block(head, tmp_path, refused="") == 1
    expect_ok(page)
    assert page.url.endswith(f"/applications/{application_id}#checklist")
    assert page.locator("text=Missing").count() == 0

    permit = approved_permit(session, people)
    goods = permit.lines[0].goods_line
    customs = Visit(browser, live_server, "en", "customs")
    customs.sign_in(people.customs.username)
    customs.page.goto(f"/customs/permits/{permit.number}")
    customs.check("customs-permit-page")
    customs.page.fill(f"#q-{goods.id}", "1")
    customs.page.fill(f"#s-{goods.id}", "NOT-ON-THE-PERMIT")
    customs.page.click("form#shipment button[type=submit]")
    assert customs.page.locator(f"#s-{goods.id}-error").count() == 1
    customs.check("customs-came-back")
    customs.page.fill(f"#s-{goods.id}", goods.serial_numbers[0])
    customs.page.click("form#shipment button[type=submit]")
    expect_ok(customs.page)
    recorded = customs.page.locator("#shipments + table tbody").inner_text()
    assert goods.serial_numbers[0] in recorded and people.customs.username in recorded


pytestmark = pytest.mark.slow
