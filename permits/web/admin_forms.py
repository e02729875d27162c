"""The administrators' forms: firms and users. The rules live in the services."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Optional

from permits.models.firms import ROLES

ROLE_NAMES = {
    "applicant": _l("Applicant"),
    "officer": _l("Officer"),
    "approver": _l("Approver"),
    "customs": _l("Customs"),
    "auditor": _l("Auditor"),
    "admin": _l("Administrator"),
}


class FirmForm(FlaskForm):
    """A firm to register."""

    name = StringField(_l("Name"))
    bin = StringField(_l("BIN (12 digits)"))
    address = StringField(_l("Address"))
    licence_number = StringField(_l("Licence number"))
    licence_valid_until = DateField(_l("Licence valid until"), validators=[DataRequired()])


class RenewForm(FlaskForm):
    """A firm's renewed licence."""

    licence_number = StringField(_l("Licence number"))
    licence_valid_until = DateField(_l("Licence valid until"), validators=[DataRequired()])


class SuspendForm(FlaskForm):
    """Why a firm's licence is suspended."""

    reason = StringField(_l("Reason"))


class UserForm(FlaskForm):
    """A user to create."""

    username = StringField(_l("Username"))
    full_name = StringField(_l("Full name"))
    role = SelectField(_l("Role"), choices=[(r, ROLE_NAMES[r]) for r in ROLES])
    firm_bin = StringField(_l("Firm's BIN (applicants only)"), validators=[Optional()])
    is_head = BooleanField(_l("Head of the firm (applicants only)"))
    new_password = PasswordField(_l("Password"))


class RoleForm(FlaskForm):
    """A Ministry user's new role."""

    role = SelectField(_l("Role"), choices=[(r, ROLE_NAMES[r]) for r in ROLES if r != "applicant"])


class ResetPasswordForm(FlaskForm):
    """A temporary password the user replaces at the next sign-in."""

    new_password = PasswordField(_l("Temporary password"))
