"""Kazakh identification numbers (BIN for legal persons, IIN for individuals) and ISO codes."""

from __future__ import annotations

from datetime import date

import pycountry

# The codes the server accepts, and the only list the published OpenAPI enums are drawn from.
COUNTRY_CODES = tuple(sorted(c.alpha_2 for c in pycountry.countries))
CURRENCY_CODES = tuple(sorted(c.alpha_3 for c in pycountry.currencies))
_COUNTRIES = frozenset(COUNTRY_CODES)
_CURRENCIES = frozenset(CURRENCY_CODES)

WEIGHTS_FIRST = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
WEIGHTS_SECOND = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


def check_digit(first_eleven: str) -> int | None:
    """The 12th digit of a BIN/IIN, or None when no valid check digit exists for these 11."""
    digits = [int(c) for c in first_eleven]
    for weights in (WEIGHTS_FIRST, WEIGHTS_SECOND):
        remainder = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if remainder != 10:
            return remainder
    return None


def _checksum_problem(value: str, label: str) -> str | None:
    if len(value) != 12 or not value.isascii() or not value.isdigit():
        return f"{label} must be exactly 12 digits"
    if check_digit(value[:11]) != int(value[11]):
        return f"{label} check digit is wrong"
    return None


def bin_problem(value: str) -> str | None:
    """Why a business identification number is invalid, or None when it is valid."""
    problem = _checksum_problem(value, "BIN")
    if problem:
        return problem
    if not 1 <= int(value[2:4]) <= 12:
        return "BIN must start with the registration year and month (YYMM)"
    if value[4] not in "456":
        return "BIN's fifth digit must name a legal person type (4, 5 or 6)"
    return None


def iin_problem(value: str) -> str | None:
    """Why an individual identification number is invalid, or None when it is valid."""
    problem = _checksum_problem(value, "IIN")
    if problem:
        return problem
    century_digit = int(value[6])
    if not 1 <= century_digit <= 6:
        return "IIN's seventh digit must be 1 to 6 (century and sex)"
    century = 1800 + 100 * ((century_digit - 1) // 2)
    try:
        date(century + int(value[0:2]), int(value[2:4]), int(value[4:6]))
    except ValueError:
        return "IIN must start with a valid date of birth (YYMMDD)"
    return None


def is_country_code(value: str) -> bool:
    """True for an ISO 3166-1 alpha-2 code, upper case."""
    return value in _COUNTRIES


def is_currency_code(value: str) -> bool:
    """True for an ISO 4217 currency code, upper case."""
    return value in _CURRENCIES


def with_check_digit(first_eleven: str) -> str:
    """Complete 11 digits into a valid 12-digit number (for demo data and tests)."""
    digit = check_digit(first_eleven)
    if digit is None:
        raise ValueError(f"{first_eleven} has no valid check digit")
    return first_eleven + str(digit)
