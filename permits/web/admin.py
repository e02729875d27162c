"""Administrators' pages: firms (registration, licence renewal and suspension) and users
(creation, role, deactivation, password reset). Every rule lives in the services; every page
here is refused to every other role."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from permits.domain import errors
from permits.domain.access import require_role
from permits.http.request import db_session
from permits.services import firms as firm_service
from permits.services import user_admin
from permits.web.admin_forms import (
    ROLE_NAMES,
    FirmForm,
    RenewForm,
    ResetPasswordForm,
    RoleForm,
    SuspendForm,
    UserForm,
)
from permits.web.form_problems import plain_message, wtforms_summary
from permits.web.render import actor, field_errors

blueprint = Blueprint("administration", __name__, url_prefix="/admin")
# Service field names whose form field is called otherwise.
RENAMED = {"firm": "firm_bin", "head": "is_head", "bin": "bin"}
Page = tuple[str, int] | Response


@blueprint.before_request
def admins_only() -> Response | None:
    """Visitors sign in; every role but admin is refused every page here."""
    if not current_user.is_authenticated:
        return redirect(url_for("account.login"))
    require_role(actor(), "admin")
    return None


@blueprint.app_template_global()
def role_name(role: str) -> str:
    """A role in the reader's language."""
    return str(ROLE_NAMES.get(role, role))


def _submit(form: FlaskForm, render: Callable[..., Page], call: Callable[[], Any],
            done: str, target: Callable[[Any], str]) -> Page:  # fmt: skip
    """Validate, call the service and go on; a refusal draws the page again, input kept."""
    if form.validate_on_submit():
        try:
            result = call()
        except errors.InvalidInput as invalid:
            renamed = {RENAMED.get(k, k): v for k, v in invalid.errors.items()}
            field_errors(form, errors.InvalidInput(renamed))
            return render(page_problems=wtforms_summary(form), status=422)
        except errors.Conflict as refused:
            return render(page_problems=[("content", plain_message(refused.message))], status=409)
        flash(done)
        return redirect(target(result))
    return render(page_problems=wtforms_summary(form), status=422 if form.errors else 200)


@blueprint.get("")
def home() -> str:
    """Every firm and every user, with links to what an admin does with them."""
    session, who = db_session(), actor()
    return render_template("admin/home.html", firms=firm_service.list_firms(session, who),
                           users=firm_service.list_users(session, who))  # fmt: skip


@blueprint.route("/firms/new", methods=["GET", "POST"])
def new_firm() -> Page:
    """Register a firm."""
    form = FirmForm()

    def render(page_problems: list, status: int) -> Page:
        return render_template("admin/firm_form.html", form=form,
                               page_problems=page_problems), status  # fmt: skip

    def call() -> Any:
        return firm_service.create_firm(
            db_session(), actor(), name=form.name.data or "", bin_number=form.bin.data or "",
            licence_number=form.licence_number.data or "",
            licence_valid_until=form.licence_valid_until.data, address=form.address.data or "",
        )  # fmt: skip

    return _submit(form, render, call, _("The firm is registered."),
                   lambda firm: url_for("administration.firm", firm_id=firm.id))  # fmt: skip


def _firm_page(firm_id: int, renew: RenewForm | None = None, suspend: SuspendForm | None = None,
               page_problems: list | None = None, status: int = 200) -> Page:  # fmt: skip
    session, who = db_session(), actor()
    firm = user_admin.get_firm(session, who, firm_id)
    renew = renew or RenewForm(licence_number=firm.licence_number,
                               licence_valid_until=firm.licence_valid_until)  # fmt: skip
    return render_template(
        "admin/firm.html", firm=firm, renew=renew, suspend=suspend or SuspendForm(),
        permits=user_admin.firm_live_permits(session, who, firm.id),
        page_problems=page_problems or [],
    ), status  # fmt: skip


@blueprint.get("/firms/<int:firm_id>")
def firm(firm_id: int) -> Page:
    """One firm: its licence, its users, its live permits, renewal and suspension."""
    return _firm_page(firm_id)


@blueprint.post("/firms/<int:firm_id>/renew")
def renew(firm_id: int) -> Page:
    """Record a renewed licence (it ends a suspension)."""
    form = RenewForm()

    def call() -> Any:
        return user_admin.renew_licence(db_session(), actor(), firm_id,
                                        form.licence_number.data or "",
                                        form.licence_valid_until.data)  # fmt: skip

    return _submit(form, lambda **kw: _firm_page(firm_id, renew=form, **kw), call,
                   _("The licence is renewed."),
                   lambda _f: url_for("administration.firm", firm_id=firm_id))  # fmt: skip


@blueprint.post("/firms/<int:firm_id>/suspend")
def suspend(firm_id: int) -> Page:
    """Suspend a firm's licence: it submits nothing until renewed."""
    form = SuspendForm()

    def call() -> Any:
        return user_admin.suspend_licence(db_session(), actor(), firm_id, form.reason.data or "")

    return _submit(form, lambda **kw: _firm_page(firm_id, suspend=form, **kw), call,
                   _("The licence is suspended."),
                   lambda _f: url_for("administration.firm", firm_id=firm_id))  # fmt: skip


@blueprint.route("/users/new", methods=["GET", "POST"])
def new_user() -> Page:
    """Create a user of any role."""
    form = UserForm()

    def render(page_problems: list, status: int) -> Page:
        return render_template("admin/user_form.html", form=form,
                               page_problems=page_problems), status  # fmt: skip

    def call() -> Any:
        return firm_service.create_user(
            db_session(), actor(), username=form.username.data or "", role=form.role.data,
            password=form.new_password.data or "", firm_bin=form.firm_bin.data or None,
            is_head=bool(form.is_head.data), full_name=form.full_name.data or "",
        )  # fmt: skip

    return _submit(form, render, call, _("The user is created."),
                   lambda user: url_for("administration.user", user_id=user.id))  # fmt: skip


def _user_page(user_id: int, role: RoleForm | None = None,
               reset: ResetPasswordForm | None = None, page_problems: list | None = None,
               status: int = 200) -> Page:  # fmt: skip
    user = user_admin.get_user(db_session(), actor(), user_id)
    return render_template(
        "admin/user.html", user=user, role=role or RoleForm(role=user.role),
        reset=reset or ResetPasswordForm(), deactivate=FlaskForm(),
        page_problems=page_problems or [],
    ), status  # fmt: skip


@blueprint.get("/users/<int:user_id>")
def user(user_id: int) -> Page:
    """One user: role, standing, password reset."""
    return _user_page(user_id)


def _to_user(user_id: int) -> Callable[[Any], str]:
    return lambda _u: url_for("administration.user", user_id=user_id)


@blueprint.post("/users/<int:user_id>/role")
def change_role(user_id: int) -> Page:
    """Give a Ministry user another role (never one's own)."""
    form = RoleForm()

    def call() -> Any:
        return user_admin.change_role(db_session(), actor(), user_id, form.role.data)

    return _submit(form, lambda **kw: _user_page(user_id, role=form, **kw), call,
                   _("The role is changed; the user signs in again."),
                   _to_user(user_id))  # fmt: skip


@blueprint.post("/users/<int:user_id>/deactivate")
def deactivate(user_id: int) -> Page:
    """Deactivate a user: their sessions and tokens end at once."""
    form = FlaskForm()

    def call() -> Any:
        return user_admin.deactivate_user(db_session(), actor(), user_id)

    return _submit(form, lambda **kw: _user_page(user_id, **kw), call,
                   _("The user is deactivated and signed out everywhere."),
                   _to_user(user_id))  # fmt: skip


@blueprint.post("/users/<int:user_id>/password")
def reset_password(user_id: int) -> Page:
    """Set a temporary password the user must change at the next sign-in."""
    form = ResetPasswordForm()

    def call() -> Any:
        return firm_service.set_password(db_session(), actor(), user_id,
                                         form.new_password.data or "")  # fmt: skip

    return _submit(form, lambda **kw: _user_page(user_id, reset=form, **kw), call,
                   _("The password is reset; the user must change it at the next sign-in."),
                   _to_user(user_id))  # fmt: skip
