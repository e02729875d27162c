"""Admin pages of the reference data: customs points (list, add, edit, deactivate) and country
flags (search, edit). A change the services refuse comes back on its form with what was typed
kept and the message beside the field; a change made on an old version says to reload."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from permits.domain import errors
from permits.domain.access import require_role
from permits.http.request import db_session
from permits.services import reference_admin as service
from permits.web.form_problems import wtforms_summary
from permits.web.render import actor, field_errors

blueprint = Blueprint("reference_pages", __name__)
POINTS, COUNTRIES = "/admin/customs-points", "/admin/countries"
POINT = POINTS + "/<string(minlength=1,maxlength=16):code>"
COUNTRY = COUNTRIES + "/<string(minlength=1,maxlength=3):code>"
KINDS = [("border", _l("Land border post")), ("airport", _l("Airport")),
         ("inland", _l("Inland post"))]  # fmt: skip


class CustomsPointForm(FlaskForm):
    """A customs point; the code only when it is added."""

    code = StringField(_l("Code"), validators=[Optional(), Length(max=16)])
    name = StringField(_l("Name"), validators=[Length(max=200)])
    kind = SelectField(_l("Kind"), choices=KINDS)
    border_country = StringField(
        _l("Neighbouring country (two-letter code)"), validators=[Optional(), Length(max=2)]
    )
    active = BooleanField(_l("Active (may be named on new applications)"), default=True)
    version = HiddenField()


class CountryForm(FlaskForm):
    """A country's flags."""

    requires_end_user_certificate = BooleanField(_l("An end-user certificate is required"))
    embargo_notes = TextAreaField(_l("Embargo notes"), validators=[Length(max=4000)])
    version = HiddenField()


def _version(form: FlaskForm) -> int | None:
    """The version the form was drawn from (None if it did not say)."""
    value = str(form.version.data or "")
    return int(value) if value.isdigit() else None


def _refused(form: FlaskForm, refused: errors.DomainError) -> int:
    """Place a service's refusal on the form; the status the page answers with."""
    if isinstance(refused, errors.InvalidInput):
        field_errors(form, refused)
        return 422
    form.form_errors.append(_("Someone changed this record since you opened it; reload it."))
    return 409


def _form_page(template: str, form: FlaskForm, status: int = 200, **context: Any):
    problems = wtforms_summary(form, "content") if status != 200 else []
    page = render_template(template, form=form, page_problems=problems, **context)
    return page, status


@blueprint.get(POINTS)
@login_required
def customs_points() -> str:
    """Every customs point, active or not."""
    points = service.list_customs_points_admin(db_session(), actor())
    return render_template("reference_points.html", points=points, kinds=dict(KINDS))


@blueprint.route(POINTS + "/new", methods=["GET", "POST"])
@login_required
def new_customs_point() -> Response | tuple[str, int]:
    """Add a customs point."""
    require_role(actor(), "admin")
    form = CustomsPointForm()
    if not form.validate_on_submit():
        return _form_page("reference_point.html", form, 422 if form.errors else 200, point=None)
    try:
        point = service.create_customs_point(db_session(), actor(), **_point_values(form, True))
    except errors.InvalidInput as refused:
        return _form_page("reference_point.html", form, _refused(form, refused), point=None)
    flash(_("Customs point %(code)s added.", code=point.code))
    return redirect(url_for("reference_pages.customs_points"))


def _point_values(form: CustomsPointForm, with_code: bool) -> dict[str, Any]:
    values = {name: getattr(form, name).data for name in service.POINT_FIELDS}
    values["border_country"] = (values["border_country"] or "").strip().upper() or None
    values["name"] = values["name"] or ""
    return {"code": form.code.data or "", **values} if with_code else values


@blueprint.route(POINT, methods=["GET", "POST"])
@login_required
def customs_point(code: str) -> Response | tuple[str, int]:
    """Edit a customs point; clearing "active" deactivates it (it is never deleted)."""
    point = service.get_customs_point(db_session(), actor(), code)
    form = CustomsPointForm(obj=point)
    if not form.validate_on_submit():
        return _form_page("reference_point.html", form, 422 if form.errors else 200, point=point)
    try:
        values = _point_values(form, False)
        service.update_customs_point(
            db_session(), actor(), point.code, expected_version=_version(form), **values
        )
    except (errors.InvalidInput, errors.StaleVersion) as refused:
        return _form_page("reference_point.html", form, _refused(form, refused), point=point)
    flash(_("Customs point %(code)s saved.", code=point.code))
    return redirect(url_for("reference_pages.customs_points"))


@blueprint.get(COUNTRIES)
@login_required
def countries() -> str:
    """Countries, searched by code or name."""
    search = request.args.get("q", "")[:100]
    found = service.list_countries_admin(db_session(), actor(), search)
    return render_template("reference_countries.html", countries=found, search=search)


@blueprint.route(COUNTRY, methods=["GET", "POST"])
@login_required
def country(code: str) -> Response | tuple[str, int]:
    """Edit a country's end-user certificate flag and embargo notes."""
    found = service.get_country(db_session(), actor(), code)
    form = CountryForm(obj=found)
    if not form.validate_on_submit():
        return _form_page(
            "reference_country.html", form, 422 if form.errors else 200, country=found
        )
    values = {"requires_end_user_certificate": form.requires_end_user_certificate.data,
              "embargo_notes": form.embargo_notes.data or ""}  # fmt: skip
    try:
        service.update_country(db_session(), actor(), found.code,
                               expected_version=_version(form), **values)  # fmt: skip
    except (errors.InvalidInput, errors.StaleVersion) as refused:
        return _form_page("reference_country.html", form, _refused(form, refused), country=found)
    flash(_("%(name)s saved.", name=found.name))
    return redirect(url_for("reference_pages.countries", q=found.code))
