"""Customs pages: find a permit by number or QR link, see whom it was issued to, what remains
and what was shipped, record a shipment. A refused shipment comes back on the permit's page
with what was typed kept and each message beside its line."""

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
from permits.services.permit_standing import PermitStanding, permit_standing
from permits.services.shipments import record_shipment
from permits.web.form_problems import Returned, plain_message, wtforms_summary
from permits.web.forms import FindPermitForm, ShipmentForm
from permits.web.render import actor

blueprint = Blueprint("customs", __name__)
NUMBER = re.compile(r"KZ-(IMP|EXP|TRN|REX)-\d{4}-\d{6}")
FORM_ID = "shipment"
LINE_PATH = re.compile(r"^lines\[(\d+)\]\.(\w+)$")


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


@blueprint.get("/customs/permits/<string(length=18):number>")
@login_required
def permit(number: str) -> tuple[str, int]:
    """The holder, the goods with what is left, the validity, the shipments and the form."""
    standing = permit_standing(db_session(), actor(), number, clock())
    form = ShipmentForm(data={"shipped_on": default_shipping_day(standing.permit)})
    return _page(standing, form)


def default_shipping_day(permit: Permit) -> date:
    """The Ministry's today, within the permit's validity (the service refuses any other day)."""
    return min(max(clock().today(), permit.valid_from), permit.valid_until)


def _page(
    standing: PermitStanding, form: ShipmentForm, returned: Returned | None = None
) -> tuple[str, int]:
    problems = wtforms_summary(form, FORM_ID) + (returned.summary() if returned else [])
    page = render_template(
        "customs_permit.html",
        permit=standing.permit,
        standing=standing,
        form=form,
        returned=returned,
        page_problems=problems,
    )
    return page, 422 if problems else 200


@blueprint.post("/customs/permits/<string(length=18):number>/shipments")
@login_required
def ship(number: str) -> Response | tuple[str, int]:
    """Record the quantities and serials that went through this customs point."""
    session, who, form = db_session(), actor(), ShipmentForm()
    standing = permit_standing(session, who, number, clock())
    returned = _named(standing, Returned(FORM_ID, request.form))
    lines, rows = _typed_lines(standing, returned)
    if not form.validate_on_submit():
        form.shipped_on.errors = [_("Enter the date of the shipment, like 2026-03-31.")]
    if form.errors or returned.messages:
        return _page(standing, form, returned)
    permit = standing.permit
    try:
        record_shipment(session, who, number, permit.customs_point, form.shipped_on.data, lines,
                        clock=clock())  # fmt: skip
    except errors.InvalidInput as invalid:
        _place(invalid, standing, rows, form, returned)
        return _page(permit_standing(session, who, number, clock()), form, returned)
    except errors.InvalidState as refused:
        returned.add("", _(refused.message))
        return _page(permit_standing(session, who, number, clock()), form, returned)
    flash(_("The shipment is recorded."))
    return redirect(url_for("customs.permit", number=number))


def _named(standing: PermitStanding, returned: Returned) -> Returned:
    """The summary names each line's fields by the goods (several lines share the labels)."""
    for line in standing.lines:
        goods = f"{line.goods.manufacturer} {line.goods.model}"
        returned.names[f"q-{line.goods.id}"] = _("%(goods)s, quantity", goods=goods)
        returned.names[f"s-{line.goods.id}"] = _("%(goods)s, serial numbers", goods=goods)
    return returned


def _typed_lines(standing: PermitStanding, returned: Returned) -> tuple[list[dict], list[int]]:
    """The lines with a quantity typed, and the goods line id of each (for the messages)."""
    lines, rows = [], []
    for line in standing.lines:
        gid = line.goods.id
        quantity = request.form.get(f"quantity-{gid}", "").strip()
        if not quantity or quantity == "0":
            continue
        if not quantity.isdecimal():
            returned.add(f"q-{gid}", _("Enter a whole number, like 2."))
            continue
        serials = request.form.get(f"serials-{gid}", "").split()
        lines.append({"goods_line_id": gid, "quantity": int(quantity), "serial_numbers": serials})
        rows.append(gid)
    return lines, rows


def _place(
    invalid: errors.InvalidInput,
    standing: PermitStanding,
    rows: list[int],
    form: ShipmentForm,
    returned: Returned,
) -> None:
    """Each of the service's messages beside the field it is about."""
    firearms = {line.goods.id for line in standing.lines if line.goods.kind == "firearm"}
    first = f"q-{standing.lines[0].goods.id}" if standing.lines else ""
    for path, messages in invalid.errors.items():
        match = LINE_PATH.match(path)
        for message in map(plain_message, messages):
            if path == "shipped_on":
                form.shipped_on.errors = [*form.shipped_on.errors, message]
            elif path == "lines":
                returned.add(first, _("Enter the quantity shipped of at least one line."))
            elif match and int(match.group(1)) < len(rows):
                gid = rows[int(match.group(1))]
                serials = match.group(2) == "serial_numbers" and gid in firearms
                returned.add(f"{'s' if serials else 'q'}-{gid}", message)
            else:
                returned.add("", message)
