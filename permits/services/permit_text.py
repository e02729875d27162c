"""What a permit says, formatted for print from the application it grants: free text as typed,
reference data (countries, goods kinds and categories, units) in Russian and English."""

from __future__ import annotations

from datetime import date

from babel import Locale
from sqlalchemy.orm import Session

from documents.permit_pdf import GoodsEntry, PermitData
from permits.models import Application, Country, CustomsPoint

HOME = "KZ"
CONDITIONS = (
    "Re-export or transfer to a third country without the written consent of the Republic of "
    "Kazakhstan is prohibited / Реэкспорт или передача третьей стране без письменного согласия "
    "Республики Казахстан запрещены",
    "Goods pass only through the customs point named on this permit / Товары перемещаются только "
    "через указанный таможенный пункт",
)

# The permit's own words for the goods' reference values (the forms' choices), both languages.
KINDS = {
    "firearm": "огнестрельное оружие / firearm",
    "cartridges": "патроны / cartridges",
    "parts": "части / parts",
}
CATEGORIES = {"civilian": "гражданское / civilian", "service": "служебное / service"}
UNITS = {"pcs": "шт. / pcs", "sets": "компл. / sets", "rounds": "патр. / rounds"}
# Country names from the CLDR (Babel's data), as the Ministry's Russian and in English.
RUSSIAN, ENGLISH = Locale("ru").territories, Locale("en").territories


def country_name(session: Session, code: str | None) -> str:
    """A country in Russian and English with its ISO code: ``Италия / Italy (IT)``; a code the
    CLDR does not know keeps the name the Ministry's country list gives it."""
    if not code:
        return ""
    if code in RUSSIAN and code in ENGLISH:
        return f"{RUSSIAN[code]} / {ENGLISH[code]} ({code})"
    country = session.get(Country, code)
    return f"{country.name if country else code} ({code})"


def _party(session: Session, name: str | None, country: str | None,
           address: str | None) -> str:  # fmt: skip
    return ", ".join(part for part in (name, address, country_name(session, country)) if part)


def _goods(application: Application) -> tuple[GoodsEntry, ...]:
    return tuple(
        GoodsEntry(
            description=f"{g.manufacturer} {g.model}",
            kind=f"{KINDS.get(g.kind, g.kind)}, {CATEGORIES.get(g.category, g.category)}",
            calibre=g.calibre,
            quantity=g.quantity,
            unit=UNITS.get(g.unit, g.unit),
            unit_value=g.unit_value,
            currency=g.currency,
            hs_code=g.hs_code,
            serial_numbers=tuple(g.serial_numbers),
        )
        for g in application.goods
    )


def _reference(application: Application, kinds: tuple[str, ...]) -> str:
    found = [d for d in application.documents if d.kind in kinds and not d.superseded]
    return "; ".join(f"{d.number} ({d.issuer}, {d.issued_on.isoformat()})" for d in found)


def import_marking(application: Application, year: int) -> str | None:
    """The marking imported weapons receive (Firearms Protocol art. 8(1)(b)): country and year."""
    return f"{HOME} {year}" if application.permit_type == "import" else None


def _extra_references(application: Application, year: int) -> tuple[tuple[str, str], ...]:
    extra = []
    if marking := import_marking(application, year):
        extra.append(("Импортная маркировка / Import marking", marking))
    if application.reexport_of:
        extra.append(("Разрешение на ввоз / Re-exported from", application.reexport_of))
    return tuple(extra)


def permit_data(session: Session, application: Application, number: str, valid_from: date,
                valid_until: date, url: str) -> PermitData:  # fmt: skip
    """The permit's printed fields."""
    firm, imports = application.firm, application.permit_type == "import"
    other = country_name(session, application.counterpart_country)
    point = session.get(CustomsPoint, application.customs_point)
    origins = sorted({g.country_of_manufacture for g in application.goods})
    return PermitData(
        number=number, permit_type=application.permit_type,
        issued_on=f"{valid_from:%d.%m.%Y}", valid_from=f"{valid_from:%d.%m.%Y}",
        valid_until=f"{valid_until:%d.%m.%Y}",
        holder=firm.name, holder_bin=firm.bin,
        trade_licence=f"{firm.licence_number}, действительна до / valid until "
                      f"{firm.licence_valid_until:%d.%m.%Y}",
        consignee=_party(session, application.consignee_name, application.consignee_country,
                         application.consignee_address) or firm.name,
        end_user=_party(session, application.end_user_name, application.end_user_country,
                        application.end_user_address) or firm.name,
        country_of_export=other if imports else country_name(session, HOME),
        country_of_import=country_name(session, HOME) if imports else other,
        countries_of_transit=", ".join(
            country_name(session, c) for c in application.transit_country_codes),
        country_of_origin=", ".join(country_name(session, c) for c in origins),
        customs_point=f"{point.code} {point.name}" if point else application.customs_point or "",
        goods=_goods(application),
        references=(
            ("Контракт / Contract", application.contract_reference or ""),
            ("Сертификат конечного пользователя / End-user certificate",
             _reference(application, ("end_user_certificate", "foreign_end_user_certificate"))),
            ("Согласие страны происхождения / Origin consent",
             _reference(application, ("origin_consent",))),
            *_extra_references(application, valid_from.year),
        ),
        conditions=CONDITIONS, verification_url=url,
    )  # fmt: skip
