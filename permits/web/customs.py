"""Customs pages: find a permit by number or QR link, see what remains, record a shipment."""

from __future__ import annotations

import re
from datetime import date

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from permits.domain import errors
from permits.domain.access import require_role
from permits.http.request import clock, db_session
from permits.models import Permit
from permits.services.permits import get_permit
from permits.services.shipments import record_shipment, shipped_serials
from permits.web.forms import FindPermitForm, ShipmentForm
from permits.web.render import actor, error_page

blueprint = Blueprint("customs", __name__)
NUMBER = re.compile(r"KZ-(IMP|EXP|TRN|REX)-\d{4}-\d{6}")


@blueprint.route("/customs", methods=["GET", "POST"])
@login_required
def find() -> str | Response | tuple[str, int]:
    """A permit number, or the link from its QR code (its number is in it)."""
    require_role(actor(), "customs")
    form = FindPermitForm()
    if form.validate_on_submit():
        match = NUMBER.search(form.query.data.upper())
        if match:
            return redirect(url_for("customs.permit", number=match.group(0)))
        form.query.errors.append(_("No permit number like KZ-IMP-2026-000123 in this."))
    return render_template("customs_find.html", form=form), 422 if form.errors else 200


def _lines(permit: object) -> list[dict]:
    lines = []
    for line in permit.lines:
        goods = line.goods_line
        shipped = shipped_serials(db_session(), goods.id)
        lines.append(
            {
                "line": line,
                "goods": goods,
                "left": line.quantity - line.quantity_shipped,
                "serials": [s for s in goods.serial_numbers if s not in shipped],
            }
        )
    return lines


@blueprint.get("/customs/permits/<string(length=18):number>")
@login_required
def permit(number: str) -> str:
    """What the permit allows, what is left, and the shipment form."""
    found = get_permit(db_session(), actor(), number, clock())
    return render_template(
        "customs_permit.html",
        permit=found,
        lines=_lines(found),
        form=ShipmentForm(data={"shipped_on": default_shipping_day(found)}),
    )


def default_shipping_day(permit: Permit) -> date:
    """The Ministry's today, within the permit's validity (the service refuses any other day)."""
    return min(max(clock().today(), permit.valid_from), permit.valid_until)


@blueprint.post("/customs/permits/<string(length=18):number>/shipments")
@login_required
def ship(number: str) -> Response | tuple[str, int]:
    """Record the quantities and serials that went through this customs point."""
    form, who = ShipmentForm(), actor()
    if not form.validate_on_submit():
        return error_page(400, _("Give the date of the shipment."))
    found = get_permit(db_session(), who, number, clock())
    lines = []
    for line in found.lines:
        quantity = request.form.get(f"quantity-{line.goods_line_id}", "").strip()
        if quantity and quantity != "0":
            serials = request.form.get(f"serials-{line.goods_line_id}", "").split()
            lines.append(
                {
                    "goods_line_id": line.goods_line_id,
                    "quantity": _int(quantity),
                    "serial_numbers": serials,
                }
            )
    try:
        record_shipment(db_session(), who, number, found.customs_point, form.shipped_on.data, lines,
                        clock=clock())  # fmt: skip
    except errors.InvalidInput as invalid:
        return error_page(422, "; ".join(f"{k}: {' '.join(v)}" for k, v in invalid.errors.items()))
    flash(_("The shipment is recorded."))
    return redirect(url_for("customs.permit", number=number))


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise errors.InvalidInput({"quantity": [_("A whole number.")]}) from None
