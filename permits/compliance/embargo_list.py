"""The arms-embargo list file: one row per regime, checked against the country list."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from permits.compliance.files import RowErrors, parse_date, periods_overlap, read_rows, split_list
from permits.models.compliance_lists import EMBARGO_DIRECTIONS, EMBARGO_SCOPES

COLUMNS = (
    "regime",
    "name",
    "country",
    "scope",
    "direction",
    "resolutions",
    "effective_from",
    "effective_to",
)
REQUIRED = ("regime", "name", "scope", "direction", "resolutions", "effective_from")


@dataclass(frozen=True)
class ParsedList:
    """A checked list file: its label and its rows as model field values."""

    label: str | None
    rows: list[dict[str, Any]]


def _regime(line: int, row: dict[str, Any], countries: Collection[str], problems: RowErrors):
    at = f"line {line}"
    country = (row.get("country") or "").strip().upper() or None
    scope, direction = row.get("scope"), row.get("direction")
    if scope not in EMBARGO_SCOPES:
        problems.add(f"{at}.scope", f"'{scope}' is not one of {', '.join(EMBARGO_SCOPES)}.")
    if direction not in EMBARGO_DIRECTIONS:
        problems.add(f"{at}.direction", f"'{direction}' is not one of to, from, both.")
    if country is not None and country not in countries:
        problems.add(f"{at}.country", f"'{country}' is not in the country list.")
    if country is None and scope in ("full", "non_government"):
        problems.add(f"{at}.country", f"A {scope} regime names its country.")
    resolutions = split_list(row.get("resolutions"))
    if any(not r.isdigit() for r in resolutions):
        problems.add(f"{at}.resolutions", "Resolution numbers are digits (e.g. '1718 1874').")
    start = parse_date(row.get("effective_from"), f"{at}.effective_from", problems)
    end = parse_date(row.get("effective_to"), f"{at}.effective_to", problems)
    if start and end and end < start:
        problems.add(f"{at}.effective_to", "Must not be before effective_from.")
    return {
        "regime": str(row.get("regime", "")).strip()[:64],
        "name": str(row.get("name", ""))[:200],
        "country": country,
        "scope": scope,
        "direction": direction,
        "resolutions": resolutions,
        "effective_from": start,
        "effective_to": end,
    }


def _check_overlaps(lines: list[int], regimes: list[dict[str, Any]], problems: RowErrors) -> None:
    for i, a in enumerate(regimes):
        for j in range(i):
            b = regimes[j]
            same = a["regime"] == b["regime"] and a["country"] == b["country"]
            dated = a["effective_from"] and b["effective_from"]
            if (
                same
                and dated
                and periods_overlap(
                    (a["effective_from"], a["effective_to"]),
                    (b["effective_from"], b["effective_to"]),
                )
            ):
                problems.add(
                    f"line {lines[i]}",
                    f"Regime {a['regime']} overlaps the period of line {lines[j]}.",
                )


def parse_embargo_list(content: bytes, source: str, countries: Collection[str]) -> ParsedList:
    """Check an embargo list file; InvalidInput names every bad line and column."""
    header, rows = read_rows(content, source, COLUMNS, REQUIRED)
    problems = RowErrors()
    regimes = [_regime(line, row, countries, problems) for line, row in rows]
    _check_overlaps([line for line, _ in rows], regimes, problems)
    problems.raise_if_any()
    label = header.get("label")
    return ParsedList(str(label)[:100] if label else None, regimes)


def parse_year_codes(content: bytes, source: str) -> list[dict[str, Any]]:
    """Check a marking year-code file (columns ``year,code``): one code per year, no reuse."""
    _, rows = read_rows(content, source, ("year", "code"), ("year", "code"))
    problems, seen_years, seen_codes, parsed = RowErrors(), {}, {}, []
    for line, row in rows:
        year, code = str(row["year"]).strip(), str(row["code"]).strip().upper()
        if not year.isdigit() or not 1900 <= int(year) <= 2200:
            problems.add(f"line {line}.year", f"'{year}' is not a year.")
            continue
        if not (code.isalpha() and code.isascii() and 1 <= len(code) <= 2):
            problems.add(f"line {line}.code", "A year code is one or two Latin letters.")
        for seen, value, name in ((seen_years, year, "year"), (seen_codes, code, "code")):
            if value in seen:
                problems.add(f"line {line}.{name}", f"'{value}' is also on line {seen[value]}.")
            seen[value] = line
        parsed.append({"year": int(year), "code": code})
    problems.raise_if_any()
    return parsed


def parse_country_flags(content: bytes, source: str) -> list[dict[str, Any]]:
    """Check a country flag file (``code,requires_end_user_certificate``; yes/no or true/false)."""
    _, rows = read_rows(
        content,
        source,
        ("code", "name", "requires_end_user_certificate"),
        ("code", "requires_end_user_certificate"),
    )
    problems, parsed = RowErrors(), []
    truth = {"yes": True, "true": True, "1": True, "no": False, "false": False, "0": False}
    for line, row in rows:
        flag = truth.get(str(row["requires_end_user_certificate"]).strip().lower())
        if flag is None:
            problems.add(f"line {line}.requires_end_user_certificate", "Say yes or no.")
        parsed.append(
            {
                "code": str(row["code"]).strip().upper(),
                "requires_end_user_certificate": flag,
                "line": line,
            }
        )
    problems.raise_if_any()
    return parsed
