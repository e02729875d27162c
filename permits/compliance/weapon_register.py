"""The State register file: one CSV row per weapon model, every problem named by its line."""

from __future__ import annotations

import csv
import io
from collections.abc import Collection
from typing import Any

from permits.compliance.files import RowErrors, decode, parse_date
from permits.domain.errors import InvalidInput
from permits.models.applications import GOODS_CATEGORIES, GOODS_KINDS

COLUMNS = (
    "register_number",
    "model",
    "manufacturer",
    "calibre",
    "kind",
    "category",
    "country_of_manufacture",
    "date_added",
)
LIMITS = {"register_number": 50, "model": 200, "manufacturer": 200, "calibre": 50}


def _header(reader: csv.DictReader, source: str) -> None:
    try:
        names = [name.strip() for name in reader.fieldnames or ()]
    except csv.Error as error:
        raise InvalidInput({"file": [f"{source} is not valid CSV: {error}."]}) from None
    missing = [c for c in COLUMNS if c not in names]
    unknown = [n for n in names if n not in COLUMNS]
    problems = RowErrors()
    for name in missing:
        problems.add("line 1", f"Missing column '{name}'.")
    for name in unknown:
        problems.add("line 1", f"Unknown column '{name}' (known: {', '.join(COLUMNS)}).")
    problems.raise_if_any()


def _entry(line: int, row: dict[str, str], countries: Collection[str], problems: RowErrors):
    at = f"line {line}"
    for name in COLUMNS:
        if not row.get(name):
            problems.add(f"{at}.{name}", "Missing value.")
    for name, limit in LIMITS.items():
        if len(row.get(name) or "") > limit:
            problems.add(f"{at}.{name}", f"Longer than {limit} characters.")
    kind, category = row.get("kind"), row.get("category")
    if kind and kind not in GOODS_KINDS:
        problems.add(f"{at}.kind", f"'{kind}' is not one of {', '.join(GOODS_KINDS)}.")
    if category and category not in GOODS_CATEGORIES:
        problems.add(f"{at}.category", f"'{category}' is not one of civilian, service.")
    country = (row.get("country_of_manufacture") or "").upper()
    if country and country not in countries:
        problems.add(f"{at}.country_of_manufacture", f"'{country}' is not in the country list.")
    return {
        **{name: row.get(name) or "" for name in LIMITS},
        "kind": kind,
        "category": category,
        "country_of_manufacture": country,
        "date_added": parse_date(row.get("date_added"), f"{at}.date_added", problems),
    }


def parse_weapon_register(
    content: bytes, source: str, countries: Collection[str]
) -> dict[str, dict[str, Any]]:
    """Check a register file; the entries by register number, each with its ``line``.

    InvalidInput names every bad line and column of the file at once.
    """
    reader = csv.DictReader(io.StringIO(decode(content, source)))
    _header(reader, source)
    problems, entries = RowErrors(), {}
    try:
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as error:
        raise InvalidInput({"file": [f"{source} is not valid CSV: {error}."]}) from None
    for line, raw in rows:
        if None in raw or None in raw.values():
            problems.add(f"line {line}", "The number of values differs from the header.")
            continue
        row = {k.strip(): v.strip() for k, v in raw.items()}
        entry = _entry(line, row, countries, problems)
        number = entry["register_number"]
        if number in entries:
            first = entries[number]["line"]
            problems.add(f"line {line}.register_number", f"'{number}' is also on line {first}.")
        elif number:
            entries[number] = {**entry, "line": line}
    if not rows:
        problems.add("file", f"{source} lists nothing.")
    problems.raise_if_any()
    return entries
