"""Finding applications by what an officer has in hand: an application number, a permit number,
a firm's name or BIN, or the serial number of a weapon on a goods line."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select, true

from permits.domain.access import is_record_id
from permits.models import Application, Firm, GoodsLine, Marking, Permit

MAX_SEARCH_LENGTH = 100  # longer than any number, BIN, serial or sensible piece of a name


def search_clause(term: str) -> Any:
    """The WHERE clause of the applications a search term names; a blank term names all.

    Numbers and serials match exactly (permit numbers in any letter case, "#12" is application
    12); a firm's name matches on any part of it, ignoring letter case. A permit number finds
    the application it was issued on and the re-exports that draw on it.
    """
    term = term.strip()
    if not term:
        return true()
    upper = term.upper()
    firms = select(Firm.id).where(or_(Firm.bin == term, Firm.name.icontains(term, autoescape=True)))
    serials = (
        select(GoodsLine.application_id)
        .join(Marking, Marking.goods_line_id == GoodsLine.id)
        .where(Marking.serial.in_({term, upper}))
    )
    permits = select(Permit.application_id).where(Permit.number == upper)
    clauses = [
        Application.firm_id.in_(firms),
        Application.id.in_(serials),
        Application.id.in_(permits),
        Application.reexport_of == upper,
    ]
    number = term.removeprefix("#")
    if number.isdigit() and is_record_id(int(number)):
        clauses.append(Application.id == int(number))
    return or_(*clauses)
