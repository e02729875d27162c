"""The web forms (Flask-WTF: each carries a CSRF token). Field rules live in the services; these
forms only shape what the browser sends."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    DateField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

MAX_GOODS_LINES = 20
PERMIT_TYPES = [
    ("import", _l("Import")),
    ("export", _l("Export")),
    ("transit", _l("Transit")),
    ("re_export", _l("Re-export")),
]


class LoginForm(FlaskForm):
    """Username and password."""

    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=64)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])
    # Six digits from the authenticator, or a recovery code (xxxx-xxxx-xxxx).
    code = StringField(_l("Authenticator or recovery code (if you enrolled one)"),
                       validators=[Optional(), Length(max=32)])  # fmt: skip


class PasswordForm(FlaskForm):
    """One's own password, current and new."""

    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    new_password = PasswordField(_l("New password"), validators=[DataRequired()])


class GoodsForm(Form):
    """One goods line; a blank model leaves the line out."""

    kind = SelectField(
        _l("Kind"),
        choices=[
            ("firearm", _l("Firearm")),
            ("cartridges", _l("Cartridges")),
            ("parts", _l("Parts")),
        ],
        validate_choice=False,  # a blank line is left out; the service checks every kind
    )
    category = SelectField(
        _l("Category"),
        choices=[("civilian", _l("Civilian")), ("service", _l("Service"))],
        validate_choice=False,
    )
    model = StringField(_l("Model"), validators=[Optional(), Length(max=200)])
    calibre = StringField(_l("Calibre"), validators=[Optional(), Length(max=50)])
    manufacturer = StringField(_l("Manufacturer"), validators=[Optional(), Length(max=200)])
    country_of_manufacture = SelectField(
        _l("Country of manufacture"), choices=[], validate_choice=False
    )
    quantity = IntegerField(_l("Quantity"), validators=[Optional()])
    unit_value = StringField(_l("Unit value"), validators=[Optional(), Length(max=20)])
    currency = StringField(_l("Currency"), validators=[Optional(), Length(max=3)])
    hs_code = StringField(_l("HS code"), validators=[Optional(), Length(max=10)])
    serial_numbers = TextAreaField(_l("Serial numbers (one per line)"), validators=[Optional()])


class ApplicationForm(FlaskForm):
    """The application editor: the form the API takes, field by field."""

    permit_type = SelectField(_l("Permit type"), choices=PERMIT_TYPES)
    full_name = StringField(_l("Full name"), validators=[Optional(), Length(max=200)])
    id_document_type = SelectField(
        _l("Identity document"),
        choices=[
            ("id_card", _l("Identity card")),
            ("passport", _l("Passport")),
            ("residence_permit", _l("Residence permit")),
        ],
    )
    id_document_number = StringField(_l("Document number"), validators=[Optional()])
    iin = StringField(_l("IIN"), validators=[Optional(), Length(max=12)])
    counterpart_country = SelectField(
        _l("Country of origin or destination"), choices=[], validate_choice=False
    )
    transit_countries = SelectMultipleField(
        _l("Transit countries"), choices=[], validate_choice=False
    )
    customs_point = SelectField(_l("Customs point"), choices=[], validate_choice=False)
    contract_reference = StringField(_l("Contract reference"), validators=[Optional()])
    end_user_name = StringField(_l("End user"), validators=[Optional(), Length(max=300)])
    end_user_country = SelectField(_l("End user's country"), choices=[], validate_choice=False)
    consignee_name = StringField(_l("Consignee"), validators=[Optional(), Length(max=300)])
    consignee_country = SelectField(_l("Consignee's country"), choices=[], validate_choice=False)
    reexport_of = StringField(_l("Import permit re-exported from"), validators=[Optional()])
    goods = FieldList(FormField(GoodsForm), min_entries=1, max_entries=MAX_GOODS_LINES)


class ActionForm(FlaskForm):
    """A workflow action with what it may need."""

    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=4000)])
    recommendation = SelectField(
        _l("Recommendation"),
        choices=[("", "—"), ("approve", _l("Approve")), ("refuse", _l("Refuse"))],
        validators=[Optional()],
    )
    grounds = SelectMultipleField(_l("Grounds of refusal"), choices=[], validators=[Optional()])
    code = StringField(
        _l("Authenticator or recovery code"), validators=[Optional(), Length(max=32)]
    )


class PermitActionForm(FlaskForm):
    """Suspending, reinstating or revoking a permit: the reason, and the version the approver
    saw (a permit changed meanwhile is not acted on)."""

    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=4000)])
    version = IntegerField(validators=[Optional()])


class VerifyDocumentForm(FlaskForm):
    """An officer's decision on one document."""

    decision = SelectField(
        _l("Decision"), choices=[("accepted", _l("Accept")), ("rejected", _l("Reject"))]
    )
    reason = StringField(_l("Reason (for a rejection)"), validators=[Optional(), Length(max=2000)])


class ShipmentForm(FlaskForm):
    """What customs saw go through, line by line."""

    shipped_on = DateField(_l("Shipped on"), validators=[DataRequired()])


class FindPermitForm(FlaskForm):
    """A permit number, or the verification link from its QR code."""

    query = StringField(
        _l("Permit number or QR link"), validators=[DataRequired(), Length(max=300)]
    )


class VerifyUploadForm(FlaskForm):
    """A permit PDF to check."""

    file = FileField(_l("Permit PDF"))
