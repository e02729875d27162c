"""What a permit says, as the caller formats it for print, and the exact sums of its goods."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class GoodsEntry:
    """One line of goods as printed: free text as typed, reference values already worded in
    Russian and English (``kind``, ``unit``), the unit value exact."""

    description: str
    kind: str
    calibre: str
    quantity: int
    unit: str
    unit_value: Decimal
    currency: str
    hs_code: str
    serial_numbers: tuple[str, ...] = ()

    @property
    def total(self) -> Decimal:
        """The line's value: quantity times unit value, exactly."""
        return self.unit_value * self.quantity


@dataclass(frozen=True)
class PermitData:
    """Everything printed on a permit, already formatted by the caller."""

    number: str
    permit_type: str
    issued_on: str
    valid_from: str
    valid_until: str
    holder: str
    holder_bin: str
    trade_licence: str
    consignee: str
    end_user: str
    country_of_export: str
    country_of_import: str
    countries_of_transit: str
    country_of_origin: str
    customs_point: str
    goods: tuple[GoodsEntry, ...]
    references: tuple[tuple[str, str], ...]
    conditions: tuple[str, ...]
    verification_url: str
    issuing_authority: str = (
        "Министерство внутренних дел Республики Казахстан / "
        "Ministry of Internal Affairs of the Republic of Kazakhstan"
    )
    place_of_issue: str = "Астана / Astana"
    extra: tuple[tuple[str, str], ...] = field(default=())
    # A short line naming the audit log checkpoint the permit was issued under, and the whole
    # checkpoint in machine-readable form for the PDF's Keywords.
    witness: str = ""
    keywords: str = ""
    # The Ministry's letterhead with the State emblem (PNG or JPEG bytes); without one the
    # letterhead is the issuing authority's name in text.
    letterhead: bytes | None = None


def money(amount: Decimal, currency: str) -> str:
    """An amount with two decimals, thousands apart, and its currency: ``9 800.00 EUR`` (the
    amount never breaks across lines; in a narrow cell the currency may go under it)."""
    return f"{amount:,.2f}".replace(",", "\u00a0") + f" {currency}"


def totals_by_currency(goods: tuple[GoodsEntry, ...]) -> dict[str, Decimal]:
    """The value of all lines, per currency (sorted by its code), exactly."""
    totals: dict[str, Decimal] = {}
    for entry in goods:
        totals[entry.currency] = totals.get(entry.currency, Decimal(0)) + entry.total
    return dict(sorted(totals.items()))
