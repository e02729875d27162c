"""Helpers the page views share: reference choices, service errors onto form fields, the error
page, the signed-in actor."""

from __future__ import annotations

import re
from typing import Any

from flask import g, render_template
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from permits.domain import errors
from permits.http.request import db_session
from permits.services.reference import list_countries, list_customs_points
from permits.web.form_problems import plain_field, plain_message
from permits.web.principal import WebUser

# Service field paths whose form field has another name.
FIELD_NAMES = {
    "responsible_person.full_name": "full_name",
    "responsible_person.id_document_type": "id_document_type",
    "responsible_person.id_document_number": "id_document_number",
    "responsible_person.iin": "iin",
    "responsible_person": "full_name",
    "end_user.name": "end_user_name", "end_user.country": "end_user_country",
    "end_user": "end_user_name",
    "consignee.name": "consignee_name", "consignee.country": "consignee_country",
    "consignee": "consignee_name",
    "password": "new_password",
}  # fmt: skip
GOODS_PATH = re.compile(r"^goods\[(\d+)\](?:\.(\w+))?")


def actor() -> WebUser:
    """The signed-in user."""
    return current_user._get_current_object()


def country_choices(blank: bool = True) -> list[tuple[str, str]]:
    """Countries for a select, by name."""
    if "country_choices" not in g:
        countries = sorted(list_countries(db_session()), key=lambda c: c.name)
        g.country_choices = [(c.code, f"{c.name} ({c.code})") for c in countries]
    return ([("", "—")] if blank else []) + g.country_choices


def customs_point_choices() -> list[tuple[str, str]]:
    """Open customs points for a select."""
    points = [p for p in list_customs_points(db_session()) if p.active]
    return [("", "—")] + [(p.code, f"{p.name} ({p.code})") for p in points]


def _goods_field(form: FlaskForm, rows: list[int], match: re.Match) -> Any:
    index, name = int(match.group(1)), match.group(2) or "model"
    if index >= len(rows) or not hasattr(form, "goods"):
        return None
    entry = form.goods.entries[rows[index]]
    return getattr(entry.form, name, None) or entry.form.model


def field_errors(form: FlaskForm, invalid: errors.InvalidInput, rows: list[int] = ()) -> None:
    """Put a service's field errors next to the form fields they name (else on the form)."""
    for path, messages in invalid.errors.items():
        match = GOODS_PATH.match(path)
        if match:
            target = _goods_field(form, list(rows), match)
        else:
            name = FIELD_NAMES.get(path, path.split(".")[0].split("[")[0])
            target = getattr(form, name, None)
        messages = [plain_message(m) for m in messages]
        if target is None or not hasattr(target, "errors"):
            form.form_errors.extend(f"{plain_field(path)}: {m}" for m in messages)
            continue
        if isinstance(target.errors, tuple):
            target.errors = list(target.errors)
        target.errors.extend(messages)


STATUS_TITLES = {400: "Bad request", 403: "Forbidden", 404: "Not found", 409: "Conflict",
                 413: "Too large", 415: "Unsupported file", 422: "Not possible",
                 429: "Too many attempts", 503: "Service unavailable"}  # fmt: skip


def error_page(status: int, detail: str, blockers: list | None = None) -> tuple[str, int]:
    """The error page: a heading, what went wrong, and what blocks the action."""
    title = _(STATUS_TITLES.get(status, "Error"))
    return render_template("error.html", title=title, detail=detail, blockers=blockers), status
