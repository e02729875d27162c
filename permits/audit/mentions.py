"""What an event's words name that its payload holds only by id: the document (its kind and
number), a shipment's customs point and the units of its goods. Looked up once for all the
events of a page, so that a history reads "Document accepted: supply contract BER-01"."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from permits.models import AuditEvent, Document, GoodsLine, Shipment


def _ids(payloads: Iterable[dict[str, Any]], key: str) -> set[int]:
    return {p[key] for p in payloads if isinstance(p.get(key), int)}


def _line_ids(payloads: Iterable[dict[str, Any]]) -> set[int]:
    lines = [line for p in payloads if "shipment_id" in p for line in p.get("lines") or []]
    return {line["goods_line_id"] for line in lines if isinstance(line.get("goods_line_id"), int)}


def mentions_of(session: Session, events: list[AuditEvent]) -> dict[int, dict[str, Any]]:
    """By event seq: the document (``document_kind``, ``document_number``) or the shipment
    (``customs_point``, ``goods`` as [unit, quantity] pairs) the event's payload names by id."""
    payloads = {event.seq: event.payload or {} for event in events}
    documents = _ids(payloads.values(), "document_id")
    shipments = _ids(payloads.values(), "shipment_id")
    lines = _line_ids(payloads.values())
    known = {d.id: d for d in session.scalars(
        select(Document).where(Document.id.in_(documents))
    )} if documents else {}  # fmt: skip
    points = dict(session.execute(
        select(Shipment.id, Shipment.customs_point).where(Shipment.id.in_(shipments))
    ).all()) if shipments else {}  # fmt: skip
    units = dict(session.execute(
        select(GoodsLine.id, GoodsLine.unit).where(GoodsLine.id.in_(lines))
    ).all()) if lines else {}  # fmt: skip
    found = {}
    for seq, payload in payloads.items():
        document = known.get(payload.get("document_id"))
        if document is not None:
            found[seq] = {"document_kind": document.kind, "document_number": document.number}
        elif "shipment_id" in payload:
            found[seq] = {"customs_point": points.get(payload["shipment_id"]),
                          "goods": _goods(payload.get("lines") or [], units)}  # fmt: skip
    return found


def _goods(lines: list[dict[str, Any]], units: dict[int, str]) -> list[list[Any]]:
    """Quantities summed per unit, in the order the units first appear."""
    totals: dict[str, int] = {}
    for line in lines:
        unit = units.get(line.get("goods_line_id"), "")
        totals[unit] = totals.get(unit, 0) + int(line.get("quantity") or 0)
    return [[unit, quantity] for unit, quantity in totals.items()]
