"""The application editor: a new draft (its permit type chosen first), and changes to a draft or
returned application. It shows only the sections the permit type uses, marks what a submission
requires, adds and removes goods lines without JavaScript, and never saves an empty draft."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.datastructures import MultiDict

from permits.domain import errors
from permits.http.request import db_session
from permits.models import Application
from permits.services import applications as service
from permits.services.drafts import GOODS_FIELDS as DRAFT_GOODS_FIELDS
from permits.web.editor_shape import GOODS_REQUIRED, PERMIT_TYPES, changed_lines, editor_shape
from permits.web.form_problems import wtforms_summary
from permits.web.forms import MAX_GOODS_LINES, ApplicationForm
from permits.web.forms import PERMIT_TYPES as TYPE_CHOICES
from permits.web.render import actor, country_choices, customs_point_choices, field_errors

blueprint = Blueprint("editor", __name__)
FORM_ID = "application-form"
# The goods line's fields the editor offers: the unit follows from the kind, and the free-text
# description is left to the API.
GOODS_FIELDS = tuple(n for n in DRAFT_GOODS_FIELDS if n not in ("unit", "description"))
# What the applicant types into a goods line (its kind and category have defaults).
GOODS_TYPED = (*(n for n in GOODS_FIELDS if n not in ("kind", "category")), "serial_numbers")


def _form(application: Application | None = None, formdata: MultiDict | None = None) -> Any:
    more = {} if formdata is None else {"formdata": formdata}
    form = ApplicationForm(data=_data(application) if application else None, **more)
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
    data["goods"] = goods
    return data


def _typed(value: Any) -> bool:
    return value not in (None, "") and not (isinstance(value, str) and not value.strip())


def _goods(form: ApplicationForm) -> tuple[list[dict[str, Any]], list[int]]:
    """The goods lines anything was typed into (the rest are left out), with their rows."""
    lines, rows = [], []
    for row, entry in enumerate(form.goods.entries):
        f = entry.form
        if not any(_typed(getattr(f, name).data) for name in GOODS_TYPED):
            continue
        line = {name: getattr(f, name).data for name in GOODS_FIELDS}
        line["serial_numbers"] = (f.serial_numbers.data or "").split()
        lines.append({k: v for k, v in line.items() if _typed(v)})
        rows.append(row)
    return lines, rows


def _party(name: str | None, country: str | None) -> dict[str, Any] | None:
    if not (_typed(name) or country):
        return None
    return {"name": (name or "").strip() or None, "country": country or None, "address": None}


def _person(form: ApplicationForm) -> dict[str, Any] | None:
    """The responsible person as typed (nothing typed: none); what is missing is the
    service's to say."""
    names = ("full_name", "id_document_number", "iin")
    if not any(_typed(getattr(form, name).data) for name in names):
        return None
    person = {name: (getattr(form, name).data or "").strip() or None for name in names}
    return {**person, "id_document_type": form.id_document_type.data}


def payload(form: ApplicationForm, creating: bool) -> tuple[dict[str, Any], list[int]]:
    """The form as the service's payload (only the sections of its permit type), with the form
    rows of the goods lines."""
    shape = editor_shape(form.permit_type.data)
    goods, rows = _goods(form)
    data: dict[str, Any] = {
        "responsible_person": _person(form),
        "counterpart_country": form.counterpart_country.data or None,
        "customs_point": form.customs_point.data or None,
        "contract_reference": (form.contract_reference.data or "").strip() or None,
        "end_user": _party(form.end_user_name.data, form.end_user_country.data),
        "consignee": _party(form.consignee_name.data, form.consignee_country.data),
        "goods": goods,
    }
    if shape.transit:
        data["transit_countries"] = form.transit_countries.data or []
    if shape.reexport:
        data["reexport_of"] = (form.reexport_of.data or "").strip() or None
    if creating:
        data["permit_type"] = form.permit_type.data
    return data, rows


def _blank(data: dict[str, Any]) -> bool:
    return not any(value for name, value in data.items() if name != "permit_type")


@blueprint.route("/applications/new", methods=["GET", "POST"])
@login_required
def new() -> str | Response | tuple[str, int]:
    """Choose the permit type, then start a draft; what is wrong comes back next to each
    field, the input kept; a blank form saves nothing."""
    posted = request.method == "POST"
    chosen = request.form.get("permit_type") if posted else request.args.get("type")
    if chosen not in PERMIT_TYPES:
        problems = [("types", _("Choose the type of permit."))] if posted else None
        page = render_template("application_type.html", types=TYPE_CHOICES, page_problems=problems)
        return page, 422 if posted else 200
    reshaped = changed_lines(request.form, MAX_GOODS_LINES)
    form = _form(formdata=reshaped) if reshaped is not None else _form()
    form.permit_type.data = chosen
    if reshaped is None and form.validate_on_submit():
        data, rows = payload(form, creating=True)
        if _blank(data):
            form.form_errors.append(_("Nothing was saved: the form is empty. Fill in the fields "
                                      "below, at least one goods line, then save."))  # fmt: skip
            return _editor_page(form, None)
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
    reshaped = changed_lines(request.form, MAX_GOODS_LINES)
    form = _form(application, reshaped)
    form.permit_type.data = application.permit_type
    if reshaped is None and form.validate_on_submit():
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
    """The editor of the form's permit type, with a summary of what is wrong at the top when
    the form came back."""
    shape = editor_shape(form.permit_type.data)
    form.counterpart_country.label.text = shape.counterpart_label
    problems = wtforms_summary(form, FORM_ID)
    page = render_template(
        "application_form.html",
        form=form,
        application=application,
        shape=shape,
        page_problems=problems,
        form_id=FORM_ID,
        goods_required=GOODS_REQUIRED,
    )
    return page, 422 if problems else 200
