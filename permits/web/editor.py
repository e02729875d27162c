"""The application editor: a new draft, and changes to a draft or returned application."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from permits.domain import errors
from permits.http.request import db_session
from permits.models import Application
from permits.services import applications as service
from permits.services.drafts import GOODS_FIELDS as DRAFT_GOODS_FIELDS
from permits.web.form_problems import wtforms_summary
from permits.web.forms import ApplicationForm
from permits.web.render import actor, country_choices, customs_point_choices, field_errors

blueprint = Blueprint("editor", __name__)
# The goods line's fields the editor offers: the unit follows from the kind, and the free-text
# description is left to the API.
GOODS_FIELDS = tuple(n for n in DRAFT_GOODS_FIELDS if n not in ("unit", "description"))


def _form(application: Application | None = None) -> ApplicationForm:
    form = ApplicationForm(data=_data(application) if application else None)
    countries = country_choices()
    for name in ("counterpart_country", "end_user_country", "consignee_country"):
        getattr(form, name).choices = countries
    form.transit_countries.choices = country_choices(blank=False)
    form.customs_point.choices = customs_point_choices()
    for entry in form.goods.entries:
        entry.form.country_of_manufacture.choices = countries
    return form


def _data(application: Application) -> dict[str, Any]:
    goods = [
        {
            **{n: getattr(g, n) for n in GOODS_FIELDS},
            "unit_value": f"{g.unit_value:.2f}",
            "serial_numbers": "\n".join(g.serial_numbers),
        }
        for g in application.goods
    ]
    data = {
        name: getattr(application, name) or ""
        for name in (
            "permit_type",
            "counterpart_country",
            "customs_point",
            "contract_reference",
            "end_user_name",
            "end_user_country",
            "consignee_name",
            "consignee_country",
            "reexport_of",
        )
    }
    data.update(
        {
            name: getattr(application, f"responsible_{name}") or ""
            for name in ("full_name", "id_document_type", "id_document_number", "iin")
        }
    )
    data["transit_countries"] = application.transit_country_codes
    data["goods"] = goods + [{}] * max(0, 3 - len(goods))
    return data


def _goods(form: ApplicationForm) -> tuple[list[dict[str, Any]], list[int]]:
    lines, rows = [], []
    for row, entry in enumerate(form.goods.entries):
        f = entry.form
        if not (f.model.data or "").strip():
            continue
        line = {name: getattr(f, name).data for name in GOODS_FIELDS}
        line["serial_numbers"] = [s.strip() for s in (f.serial_numbers.data or "").split() if s]
        lines.append({k: v for k, v in line.items() if v not in (None, "")})
        rows.append(row)
    return lines, rows


def _party(name: str | None, country: str | None) -> dict[str, Any] | None:
    return {"name": name.strip(), "country": country or None, "address": None} if name else None


def payload(form: ApplicationForm, creating: bool) -> tuple[dict[str, Any], list[int]]:
    """The form as the service's payload, with the form rows of the goods lines."""
    person = {
        "full_name": form.full_name.data,
        "id_document_type": form.id_document_type.data,
        "id_document_number": form.id_document_number.data,
        "iin": form.iin.data,
    }
    goods, rows = _goods(form)
    data: dict[str, Any] = {
        "responsible_person": person if form.full_name.data else None,
        "counterpart_country": form.counterpart_country.data or None,
        "transit_countries": form.transit_countries.data or [],
        "customs_point": form.customs_point.data or None,
        "contract_reference": form.contract_reference.data or None,
        "end_user": _party(form.end_user_name.data, form.end_user_country.data),
        "consignee": _party(form.consignee_name.data, form.consignee_country.data),
        "goods": goods,
    }
    if form.permit_type.data == "re_export":
        data["reexport_of"] = (form.reexport_of.data or "").strip() or None
    if creating:
        data["permit_type"] = form.permit_type.data
    return data, rows


@blueprint.route("/applications/new", methods=["GET", "POST"])
@login_required
def new() -> str | Response | tuple[str, int]:
    """Start a draft; what is wrong comes back next to each field, the input kept."""
    form = _form()
    if form.validate_on_submit():
        data, rows = payload(form, creating=True)
        try:
            created = service.create_application(db_session(), actor(), data)
        except errors.InvalidInput as invalid:
            field_errors(form, invalid, rows)
        else:
            flash(_("The draft is saved; attach the documents of the checklist."))
            return redirect(url_for("pages.application", application_id=created.id))
    return _editor_page(form, None)


@blueprint.route("/applications/<int:application_id>/edit", methods=["GET", "POST"])
@login_required
def edit(application_id: int) -> str | Response | tuple[str, int]:
    """Change a draft or returned application."""
    session, who = db_session(), actor()
    application = service.get_application(session, who, application_id)
    form = _form(application)
    if form.validate_on_submit():
        data, rows = payload(form, creating=False)
        try:
            service.update_draft(session, who, application_id, data)
        except errors.InvalidInput as invalid:
            field_errors(form, invalid, rows)
        else:
            flash(_("The application is saved."))
            return redirect(url_for("pages.application", application_id=application_id))
    return _editor_page(form, application)


def _editor_page(form: ApplicationForm, application: Application | None) -> tuple[str, int]:
    """The editor, with a summary of what is wrong at the top when the form came back."""
    problems = wtforms_summary(form)
    return render_template(
        "application_form.html", form=form, application=application, page_problems=problems
    ), 422 if problems else 200
