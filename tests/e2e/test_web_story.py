"""The whole story in a real browser (Debian's Chromium, headless), in English and Russian:
an applicant files an import application, an officer reviews it, another user approves it, the
applicant downloads the permit, customs records a shipment, an auditor sees the timeline and a
verified log, and a visitor verifies the permit from its QR link. Every main page is
screenshotted into tests/artifacts/ and checked with axe-core (no serious violations) and for
Content-Security-Policy violations (a blocked style or script breaks a page silently)."""

from __future__ import annotations

import io
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pikepdf
import pytest

from documents.samples import sample_pdf
from permits.domain.clock import Clock
from permits.domain.identifiers import with_check_digit
from tests.factories import PASSWORD, application_in

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
SERIOUS = ("serious", "critical")
# Records every CSP violation of the page, whatever the console says about it.
WATCH_VIOLATIONS = """
window.__csp_violations = [];
document.addEventListener("securitypolicyviolation",
    e => window.__csp_violations.push(`${e.violatedDirective} ${e.blockedURI}`));
"""


class Visit:
    """One person's browser session against the live server, with checks on every page."""

    def __init__(self, browser, base: str, language: str, name: str):
        locale = "ru-RU" if language == "ru" else "en-GB"
        self.context = browser.new_context(base_url=base, accept_downloads=True, locale=locale)
        self.context.add_cookies([{"name": "lang", "value": language, "url": base}])
        self.context.add_init_script(WATCH_VIOLATIONS)
        self.page = self.context.new_page()
        self.refused: list[str] = []
        self.page.on("console", self._note_refusal)
        self.page.on("load", self._count_load)
        self.language, self.name = language, name
        self.loads = 0

    def _count_load(self, _page) -> None:
        self.loads += 1

    def _note_refusal(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.refused.append(message.text)

    def csp_violations(self) -> list[str]:
        """What the CSP refused on this page so far: console reports and violation events."""
        return [*self.refused, *self.page.evaluate("window.__csp_violations || []")]

    def sign_in(self, username: str) -> None:
        self.page.goto("/login")
        self.page.fill("#username", username)
        self.page.fill("#password", PASSWORD)
        self.page.click("form button[type=submit]")

    def check(self, label: str) -> None:
        """Screenshot the page, run axe-core on it and make sure its CSP refused nothing."""
        from axe_playwright_python.sync_playwright import Axe

        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=ARTIFACTS / f"{self.language}-{label}.png", full_page=True)
        found = Axe().run(self.page).response["violations"]
        serious = [(v["id"], v["impact"], len(v["nodes"])) for v in found if v["impact"] in SERIOUS]
        assert serious == [], f"{label}: {serious}"
        assert self.page.locator("html").get_attribute("lang") == self.language
        assert self.csp_violations() == [], label

    def act(self, action: str, **fields: str) -> None:
        form = self.page.locator(f"form[action$='/actions/{action}']")
        for name, value in fields.items():
            element = form.locator(f"[name={name}]").first
            if element.evaluate("e => e.tagName") == "SELECT":
                element.select_option(value)
            else:
                element.fill(value)
        form.locator("button[type=submit]").click()
        expect_ok(self.page)


def expect_ok(page) -> None:
    problems = page.locator(".flash.error, p.error, li.error").all_inner_texts()
    assert page.locator(".flash.error").count() == 0, problems


def write_the_draft(head: Visit) -> int:
    """The applicant chooses the permit type, fills the editor in and saves the draft."""
    page = head.page
    page.goto("/applications/new")
    page.click("a[href$='type=import']")
    head.check("application-editor")
    # Only the sections of an import: no re-exported permit, no transit countries.
    assert page.locator("#reexport_of, #transit_countries").count() == 0
    assert page.locator("label .required").count() >= 5  # what a submission needs is marked
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
        "#end_user_name": "Steppe Hunter LLP",
        "#consignee_name": "Steppe Hunter LLP",
    }.items():
        page.fill(selector, value)
    for selector, value in {
        "#counterpart_country": "IT",
        "#customs_point": "ALA-AIR",
        "#goods-0-country_of_manufacture": "IT",
        "#end_user_country": "KZ",
        "#consignee_country": "KZ",
    }.items():
        page.select_option(selector, value)
    page.click("main form p button[name=save]")
    expect_ok(page)
    return int(re.search(r"/applications/(\d+)", page.url).group(1))


def attach_every_document(head: Visit, tmp_path: Path, refused: str = "") -> int:
    """Fill the block of every missing checklist item and send them in one form; the block
    named ``refused`` gets a file that is not a PDF."""
    page = head.page
    blocks = page.locator("form#attach fieldset.card:not(:has(details))")
    issued, until = Clock().today() - timedelta(days=10), Clock().today() + timedelta(days=700)
    count = blocks.count()
    for n in range(count):
        block = blocks.nth(n)
        name = block.get_attribute("id").removeprefix("attach-")
        sample = tmp_path / f"{name}.pdf"
        sample.write_bytes(b"not a PDF at all" if name == refused else sample_pdf(name))
        block.locator("input[type=file]").set_input_files(str(sample))
        block.locator(f"[name='{name}-number']").fill(f"DOC-{n}")
        block.locator(f"[name='{name}-issuer']").fill("Competent authority")
        block.locator(f"[name='{name}-issued_on']").fill(issued.isoformat())
        block.locator(f"[name='{name}-valid_until']").fill(until.isoformat())
        block.locator(f"[name='{name}-authenticated']").check()
    page.click("form#attach > button[type=submit]")
    return count


def file_the_application(head: Visit, tmp_path: Path) -> int:
    application_id = write_the_draft(head)
    page = head.page
    head.check("application-draft")
    # A missing document of a draft is a to-do, not an error.
    assert page.locator("#checklist ~ * li.error, form#attach li.error").count() == 0
    assert attach_every_document(head, tmp_path) >= 5  # every document in one page load
    expect_ok(page)
    assert page.locator("form#attach fieldset.card:not(:has(details))").count() == 0
    # Withdrawing cannot be undone: it asks for confirmation and looks unlike the main action.
    withdraw = page.locator("form[action$='/actions/withdraw']")
    assert withdraw.locator("input[name=confirm][required]").count() == 1
    assert withdraw.locator("button.danger").count() == 1
    head.act("submit")
    return application_id


def review(officer: Visit, application_id: int) -> None:
    page = officer.page  # signed in, the officer lands on the queue
    officer.check("officer-queue")
    page.click(f"form[action$='/applications/{application_id}/take'] button")
    expect_ok(page)
    assert page.url.endswith(f"/applications/{application_id}")
    decisions = page.locator("form#verify-documents fieldset")
    assert decisions.count() >= 5
    page.click("form#verify-documents button[type=submit]")  # every document, one page load
    expect_ok(page)
    assert page.locator("form#verify-documents").count() == 0
    officer.check("officer-review")
    officer.act("recommend", recommendation="approve", reason="Checklist complete and verified")


def permit_number(page) -> str:
    return re.search(r"KZ-IMP-\d{4}-\d{6}", page.locator("main").inner_text()).group(0)


def history_reads_in_words(visit: Visit) -> None:
    """The history says what happened in words, each time local with its zone."""
    cells = visit.page.locator("#history + table tbody tr").all_inner_texts()
    assert len(cells) >= 5
    assert not any(re.search(r"\bapplication\.\w+|document\.\w+", row) for row in cells), cells
    assert all("(UTC+5)" in row for row in cells), cells  # Astana's wall clock, zone shown
    if visit.language == "en":
        assert any("Submitted to the Ministry" in row for row in cells), cells


def check_the_permit_pdf(pdf: bytes, language: str) -> None:
    """Values in Russian and English, the validity from and until, the totals, page x/y."""
    text = pdf_text(pdf)
    assert "Италия / Italy" in text
    assert "Стр. / Page 1/1" in text
    assert "4 900.00 EUR" in text.replace("\u00a0", " ") or "4900.00 EUR" in text


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF, as poppler's pdftotext reads it."""
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.decode()


def record_the_shipment(customs: Visit, number: str, firm) -> None:
    page = customs.page
    page.fill("#query", number)
    page.click("main form button[type=submit]")
    customs.check("customs-permit")
    # The holder, the goods and the validity are on the page; the date proposed is Astana's.
    main = page.locator("main").inner_text()
    assert firm.name in main and firm.bin in main
    assert "686 Silver Pigeon I" in main and "12/76" in main
    assert len(re.findall(r"\b20\d\d\b", page.locator("main dl").inner_text())) >= 2
    assert page.input_value("[name=shipped_on]") == Clock().today().isoformat()
    page.locator("input[name^=quantity-]").first.fill("2")
    page.locator("textarea[name^=serials-]").first.fill("WB-1 WB-2")
    page.click("form#shipment button[type=submit]")
    expect_ok(page)
    recorded = page.locator("#shipments + table tbody").inner_text()
    assert "WB-1" in recorded and customs.name in recorded


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_whole_story_in_a_browser(browser, live_server, people, tmp_path, language):
    head = Visit(browser, live_server, language, "head")
    head.sign_in(people.head.username)
    head.check("applicant-dashboard")
    application_id = file_the_application(head, tmp_path)

    officer = Visit(browser, live_server, language, "officer")
    officer.sign_in(people.officer.username)
    review(officer, application_id)

    approver = Visit(browser, live_server, language, "approver")
    approver.sign_in(people.approver.username)
    approver.page.goto(f"/applications/{application_id}")
    approver.check("approver-decision")
    # The officer's recommendation and its reason come first on the decision page.
    brief = approver.page.locator("section.brief")
    assert "Checklist complete and verified" in brief.inner_text()
    assert approver.page.locator("#compliance").count() == 1
    approver.act("approve")
    number = permit_number(approver.page)

    head.page.goto("/applications")
    with head.page.expect_download() as download:
        head.page.click(f"a[href$='/permits/{number}.pdf']")
    pdf = Path(download.value.path()).read_bytes()
    check_the_permit_pdf(pdf, language)

    customs = Visit(browser, live_server, language, people.customs.username)
    customs.sign_in(people.customs.username)
    record_the_shipment(customs, number, people.head.firm)
    loads = sum(v.loads for v in (head, officer, approver, customs))
    print(
        f"\nfull page loads, one import from sign-in to a recorded shipment ({language}): {loads}"
    )
    assert loads <= 21  # 36 before issue 14

    head.page.goto(f"/applications/{application_id}")
    history_reads_in_words(head)

    auditor = Visit(browser, live_server, language, "auditor")
    auditor.sign_in(people.auditor.username)
    auditor.check("auditor-overview")
    assert auditor.page.locator("p.flash").first.get_attribute("class") == "flash "
    auditor.page.goto(f"/audit/timeline?application={application_id}")
    auditor.check("auditor-timeline")
    assert auditor.page.locator("tbody tr").count() > 10
    auditor.page.goto(f"/reports/annual?year={Clock().today().year}")
    auditor.check("annual-report")

    visitor = Visit(browser, live_server, language, "visitor")
    text = b"".join(p.Contents.read_bytes() for p in pikepdf.open(io.BytesIO(pdf)).pages)
    link = re.search(rb"/verify/[A-Z0-9-]+\?t=[A-Za-z0-9_\-]+", text)
    link = link.group(0).decode() if link else re.search(r"/verify/\S+", pdf_text(pdf)).group(0)
    visitor.page.goto(link)
    visitor.check("public-verification")
    assert visitor.page.locator("[role=status]").count() == 1
    assert number in visitor.page.locator("main").inner_text()  # authentic (now exhausted)


def test_the_api_docs_page_runs_swagger_ui_under_its_csp(browser, live_server):
    reader = Visit(browser, live_server, "en", "reader")
    reader.page.goto("/api/v1/docs")
    title = reader.page.locator(".swagger-ui .info .title")
    title.wait_for()
    assert "Permits" in title.inner_text()
    assert reader.page.locator(".opblock").count() > 10
    assert reader.csp_violations() == []


def test_the_public_pages_render_under_the_csp(browser, live_server):
    visitor = Visit(browser, live_server, "en", "visitor")
    for path in ("/login", "/verify", "/verify/KZ-IMP-2026-000001?t=wrong"):
        visitor.page.goto(path)
        assert visitor.page.locator("main h1").count() == 1, path
        # The stylesheet applied: the header wears the brand colour.
        colour = visitor.page.locator("header").evaluate("e => getComputedStyle(e).backgroundColor")
        assert colour == "rgb(29, 79, 122)", path
        assert visitor.csp_violations() == [], path


def approved_permit(session, people):
    """An approved import's permit, approved on a thread of its own (the signer runs an event
    loop of its own and Playwright's is running on this one)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: application_in(session, people, "approved").permit).result()


def summary_links(page) -> list[str]:
    """Where the error summary at the top of the page links to."""
    links = page.locator(".error-summary a")
    return [links.nth(n).get_attribute("href") for n in range(links.count())]


@pytest.mark.parametrize("language", ["en", "ru"])
def test_no_form_leads_to_a_dead_end(browser, live_server, session, people, tmp_path, language):
    head = Visit(browser, live_server, language, "head")
    head.sign_in(people.head.username)
    page = head.page
    page.goto("/applications/new?type=import")
    page.click("main form p button[name=save]")  # a blank Save creates no draft
    assert "/applications/new" in page.url and summary_links(page)
    head.check("editor-came-back")
    page.click("button[name=add_line]")
    assert page.locator("fieldset[id^=goods-line-]").count() == 2
    page.click("#goods-line-1 button[name=remove_line]")
    assert page.locator("fieldset[id^=goods-line-]").count() == 1

    application_id = write_the_draft(head)
    attach_every_document(head, tmp_path, refused="supply_contract")
    assert summary_links(page) == ["#attach-supply_contract-file"]
    assert page.input_value("[name='supply_contract-number']").startswith("DOC-")  # kept
    head.check("attach-came-back")
    assert attach_every_document(head, tmp_path) == 1
    head.act("submit")

    officer = Visit(browser, live_server, language, "officer")
    officer.sign_in(people.officer.username)
    officer.page.fill("#f-q", "WB-2")  # the queue finds an application by a weapon's serial
    officer.page.click("form[role=search] button[type=submit]")
    officer.page.click(f"form[action$='/applications/{application_id}/take'] button")
    first = officer.page.locator("form#verify-documents fieldset").first
    first.locator("input[value=rejected]").check()  # rejected without a reason
    officer.page.click("form#verify-documents button[type=submit]")
    assert len(summary_links(officer.page)) == 1 and "-reason" in summary_links(officer.page)[0]
    assert first.locator("input[value=rejected]").is_checked()  # kept; nothing recorded
    officer.check("verification-came-back")
    officer.act("request_info", reason="Send the signed original of the supply contract")

    page.goto(f"/applications/{application_id}")
    box = page.locator("#info-request")
    assert "signed original of the supply contract" in box.inner_text()  # at the top
    head.check("information-request")
    box.locator("textarea[name=reason]").fill("The original is attached.")
    box.locator("button[type=submit]").click()
    expect_ok(page)
    assert page.locator("#info-request").count() == 0

    permit = approved_permit(session, people)
    goods = permit.lines[0].goods_line
    customs = Visit(browser, live_server, language, "customs")
    customs.sign_in(people.customs.username)
    customs.page.goto(f"/customs/permits/{permit.number}")
    customs.page.fill(f"#q-{goods.id}", "1")
    customs.page.fill(f"#s-{goods.id}", "NOT-ON-THE-PERMIT")
    customs.page.click("form#shipment button[type=submit]")
    assert summary_links(customs.page) == [f"#s-{goods.id}"]
    assert customs.page.input_value(f"#s-{goods.id}") == "NOT-ON-THE-PERMIT"  # kept
    customs.check("shipment-came-back")
