"""Reference data shipped with the product: the starting values an admin then maintains."""

from __future__ import annotations

import pycountry

# Countries whose export law requires the importer's end-user certificate (guarantee
# obligation), seed A.7(i). A starting list for the admin to verify and maintain: the
# Wassenaar Arrangement participants and Kazakhstan's main suppliers.
# fmt: off
END_USER_CERTIFICATE_COUNTRIES = frozenset({
    "AR", "AT", "AU", "BE", "BG", "BY", "CA", "CH", "CN", "CZ", "DE", "DK", "EE", "ES", "FI",
    "FR", "GB", "GR", "HR", "HU", "IE", "IT", "JP", "KR", "LT", "LU", "LV", "MT", "MX", "NL",
    "NO", "NZ", "PL", "PT", "RO", "RU", "SE", "SI", "SK", "TR", "UA", "US", "ZA",
})
# fmt: on

# code, name, border country (None for an airport or an inland post)
CUSTOMS_POINTS = (
    ("ALA-AIR", "Almaty International Airport", None),
    ("NQZ-AIR", "Astana Nursultan Nazarbayev International Airport", None),
    ("KHORGOS", "Khorgos (road, China border)", "CN"),
    ("DOSTYK", "Dostyk (rail, China border)", "CN"),
    ("KORDAY", "Korday (road, Kyrgyzstan border)", "KG"),
    ("ZHIBEK-ZHOLY", "Zhibek Zholy (road, Uzbekistan border)", "UZ"),
    ("SYRYM", "Syrym (road, Russia border)", "RU"),
    ("PETROPAVL-RAIL", "Petropavl (rail, Russia border)", "RU"),
    ("AKTAU-PORT", "Aktau Sea Port (Caspian)", None),
)


def country_rows() -> list[dict[str, object]]:
    """Every ISO 3166-1 country with its default end-user-certificate flag."""
    return [
        {
            "code": c.alpha_2,
            "name": getattr(c, "common_name", None) or c.name,
            "requires_end_user_certificate": c.alpha_2 in END_USER_CERTIFICATE_COUNTRIES,
        }
        for c in sorted(pycountry.countries, key=lambda c: c.alpha_2)
    ]


def customs_point_rows() -> list[dict[str, object]]:
    """The customs points the Ministry starts with."""
    return [
        {"code": code, "name": name, "border_country": border, "active": True}
        for code, name, border in CUSTOMS_POINTS
    ]
