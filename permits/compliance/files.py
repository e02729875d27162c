"""Reading reference-list files (CSV or JSON) row by row, naming every bad line and column."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from permits.domain.errors import InvalidInput


@dataclass
class RowErrors:
    """Collects ``line N.column -> messages`` over a whole file and raises them together."""

    errors: dict[str, list[str]] = field(default_factory=dict)

    def add(self, where: str, message: str) -> None:
        """Record one problem at one place of the file."""
        self.errors.setdefault(where, []).append(message)

    def raise_if_any(self) -> None:
        """Raise InvalidInput listing every problem found."""
        if self.errors:
            raise InvalidInput(self.errors)


def decode(content: bytes, source: str) -> str:
    """The file's text (UTF-8, with or without a byte-order mark)."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInput({"file": [f"{source} is not UTF-8 text ({error.reason})."]}) from None


def read_rows(
    content: bytes, source: str, columns: tuple[str, ...], required: tuple[str, ...]
) -> tuple[dict[str, Any], list[tuple[int, dict[str, Any]]]]:
    """The (header, [(line number, row)]) of a CSV or JSON list file; unknown columns refused.

    JSON is ``{"label": ..., "rows": [...]}`` (or a bare list); CSV has a header line.
    """
    text = decode(content, source)
    if source.lower().endswith(".json") or text.lstrip().startswith(("{", "[")):
        header, rows = _json_rows(text, source)
    else:
        header, rows = {}, _csv_rows(text, source)
    problems = RowErrors()
    for line, row in rows:
        for name in sorted(set(row) - set(columns)):
            problems.add(f"line {line}", f"Unknown column '{name}' (known: {', '.join(columns)}).")
        for name in required:
            if row.get(name) in (None, "", []):
                problems.add(f"line {line}.{name}", "Missing value.")
    if not rows:
        problems.add("file", f"{source} lists nothing.")
    problems.raise_if_any()
    return header, rows


def _csv_rows(text: str, source: str) -> list[tuple[int, dict[str, Any]]]:
    reader = csv.DictReader(io.StringIO(text))
    try:
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as error:
        raise InvalidInput({"file": [f"{source} is not valid CSV: {error}."]}) from None
    for line, row in rows:
        if None in row or None in row.values():
            raise InvalidInput({f"line {line}": ["The number of values differs from the header."]})
    return [(line, {k.strip(): v.strip() for k, v in row.items()}) for line, row in rows]


def _json_rows(text: str, source: str) -> tuple[dict[str, Any], list[tuple[int, dict[str, Any]]]]:
    try:
        data = json.loads(text)
    except ValueError as error:
        raise InvalidInput({"file": [f"{source} is not valid JSON: {error}."]}) from None
    header: dict[str, Any] = {}
    if isinstance(data, dict):
        header = {k: v for k, v in data.items() if k != "rows"}
        data = data.get("rows")
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise InvalidInput({"file": [f'{source}: expected {{"label": ..., "rows": [{{...}}]}}.']})
    return header, [(i + 1, row) for i, row in enumerate(data)]


def parse_date(value: Any, where: str, problems: RowErrors) -> date | None:
    """An ISO date, or None (recording a problem) when the value is not one."""
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        problems.add(where, f"'{value}' is not a date (YYYY-MM-DD).")
        return None


def split_list(value: Any) -> list[str]:
    """A list given as JSON array or as text separated by spaces, commas or semicolons."""
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v for v in str(value or "").replace(";", " ").replace(",", " ").split() if v]


def periods_overlap(a: tuple[date, date | None], b: tuple[date, date | None]) -> bool:
    """Whether two [from, to] periods (to None = open) share a day."""
    a_end, b_end = a[1] or date.max, b[1] or date.max
    return a[0] <= b_end and b[0] <= a_end
