"""The application editor: the permit type first (no JavaScript needed), only the sections
that type uses, what a submission requires marked, goods lines added and removed by submit
buttons with the input kept, and a blank Save that creates nothing."""

from __future__ import annotations

import re

from permits.models import Application
from tests.e2e.test_web_forms_come_back import summary_links
from tests.e2e.test_web_security import csrf_of, sign_in
from tests.factories import application_in


def signed_in(app, people):
    client = app.test_client()
    sign_in(client, people.clerk.username)
    return client


def applications(session) -> int:
    session.rollback()  # a fresh snapshot: the page wrote in its own transaction
    return session.query(Application).count()


def ids_of(page: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', page))


def test_a_new_application_starts_with_a_choice_of_the_four_permit_types(app, people):
    page = signed_in(app, people).get("/applications/new").get_data(as_text=True)
    links = re.findall(r'href="/applications/new\?type=(\w+)"', page)
    assert links == ["import", "export", "transit", "re_export"]
    assert 'name="full_name"' not in page


def test_each_type_shows_only_its_sections(app, people):
    client = signed_in(app, people)
    shown = {
        kind: client.get(f"/applications/new?type={kind}").get_data(as_text=True)
        for kind in ("import", "export", "re_export")
    }
    assert 'name="reexport_of"' not in shown["import"]
    assert 'name="transit_countries"' not in shown["import"]
    assert 'name="transit_countries"' in shown["export"]
    assert (
        'name="reexport_of"' in shown["re_export"]
        and 'name="transit_countries"' in shown["re_export"]
    )
    assert "Country of origin" in shown["import"] and "Country of destination" in shown["export"]


def test_what_a_submission_requires_is_marked_in_words_and_for_screen_readers(app, people):
    client = signed_in(app, people)
    imported = client.get("/applications/new?type=import").get_data(as_text=True)
    exported = client.get("/applications/new?type=export").get_data(as_text=True)
    required = r'id="{}"[^>]*aria-required="true"|aria-required="true"[^>]*id="{}"'
    for name in ("full_name", "iin", "customs_point", "goods-0-model", "goods-0-quantity"):
        assert re.search(required.format(name, name), imported), name
    assert not re.search(required.format("end_user_name", "end_user_name"), imported)
    assert re.search(required.format("end_user_name", "end_user_name"), exported)
    assert '<span class="required">(required)</span>' in imported


def test_a_blank_save_creates_no_draft_and_says_what_to_fill_in(app, session, people):
    client = signed_in(app, people)
    page = client.get("/applications/new?type=import").get_data(as_text=True)
    before = applications(session)
    sent = client.post(
        "/applications/new?type=import",
        data={"csrf_token": csrf_of(page), "permit_type": "import", "id_document_type": "id_card",
              "goods-0-kind": "firearm", "goods-0-category": "civilian", "save": "1"},
    )  # fmt: skip
    answer = sent.get_data(as_text=True)
    assert sent.status_code == 422
    assert summary_links(answer) == ["application-form"]
    assert "Nothing was saved" in answer
    assert applications(session) == before


def test_add_a_goods_line_redraws_the_form_with_the_input_kept_and_saves_nothing(
    app, session, people
):
    client = signed_in(app, people)
    page = client.get("/applications/new?type=import").get_data(as_text=True)
    before = applications(session)
    sent = client.post(
        "/applications/new?type=import",
        data={"csrf_token": csrf_of(page), "permit_type": "import", "full_name": "Aigerim",
              "goods-0-model": "686 Silver Pigeon I", "goods-0-quantity": "2", "add_line": "1"},
    )  # fmt: skip
    answer = sent.get_data(as_text=True)
    assert sent.status_code == 200
    assert 'value="Aigerim"' in answer and 'value="686 Silver Pigeon I"' in answer
    assert 'id="goods-1-model"' in answer and 'id="goods-2-model"' not in answer
    assert "error-summary" not in answer
    assert applications(session) == before


def test_remove_this_line_takes_out_that_line_and_keeps_the_others(app, session, people):
    client = signed_in(app, people)
    page = client.get("/applications/new?type=export").get_data(as_text=True)
    sent = client.post(
        "/applications/new?type=export",
        data={"csrf_token": csrf_of(page), "permit_type": "export",
              "goods-0-model": "First", "goods-1-model": "Second", "goods-2-model": "Third",
              "goods-2-quantity": "7", "remove_line": "1"},
    )  # fmt: skip
    answer = sent.get_data(as_text=True)
    assert sent.status_code == 200
    models = re.findall(r'id="goods-(\d)-model"[^>]*value="([^"]*)"', answer)
    assert models == [("0", "First"), ("1", "Third")]
    assert re.search(r'id="goods-1-quantity"[^>]*value="7"', answer)
    assert 'name="permit_type" value="export"' in answer


def test_every_problem_of_a_goods_line_links_from_the_summary_to_its_field(app, people):
    client = signed_in(app, people)
    page = client.get("/applications/new?type=import").get_data(as_text=True)
    sent = client.post(
        "/applications/new?type=import",
        data={"csrf_token": csrf_of(page), "permit_type": "import", "full_name": "Aigerim",
              "id_document_type": "id_card", "iin": "123456789012", "goods-0-model": "686",
              "goods-0-quantity": "0", "goods-0-hs_code": "93", "save": "1"},
    )  # fmt: skip
    answer = sent.get_data(as_text=True)
    links = summary_links(answer)
    assert sent.status_code == 422
    assert {"iin", "id_document_number", "goods-0-quantity", "goods-0-hs_code",
            "goods-0-calibre", "goods-0-manufacturer"} <= set(links)  # fmt: skip
    assert set(links) <= ids_of(answer)  # every link lands on a field of the page
    assert 'value="Aigerim"' in answer and "Fill this in." in answer


def test_the_edit_form_adds_a_line_beside_the_saved_ones(app, session, people):
    draft = application_in(session, people, "draft")
    client = signed_in(app, people)
    page = client.get(f"/applications/{draft.id}/edit").get_data(as_text=True)
    assert 'id="goods-1-model"' not in page  # no empty lines padded in
    form = dict(re.findall(r'<input[^>]*name="(goods-0-\w+)"[^>]*value="([^"]*)"', page))
    sent = client.post(
        f"/applications/{draft.id}/edit",
        data={"csrf_token": csrf_of(page), "permit_type": "import", **form, "add_line": "1"},
    )
    answer = sent.get_data(as_text=True)
    assert sent.status_code == 200
    assert f'value="{draft.goods[0].model}"' in answer and 'id="goods-1-model"' in answer


def test_a_transit_country_refused_comes_back_beside_the_transit_countries(app, people):
    client = signed_in(app, people)
    page = client.get("/applications/new?type=export").get_data(as_text=True)
    sent = client.post(
        "/applications/new?type=export",
        data={"csrf_token": csrf_of(page), "permit_type": "export", "id_document_type": "id_card",
              "counterpart_country": "DE", "transit_countries": ["DE", "PL"], "save": "1"},
    )  # fmt: skip
    answer = sent.get_data(as_text=True)
    assert sent.status_code == 422
    assert summary_links(answer) == ["transit_countries"]
    assert re.search(r'<option selected value="PL">|<option value="PL" selected>', answer)
