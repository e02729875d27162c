"""The API's operations as its own OpenAPI document lists them, so tests that go through every
endpoint or parameter cover a new one without being told."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask

METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Operation:
    """One method on one path, with what it reads from the client."""

    method: str
    path: str  # relative to /api/v1, with {placeholders}
    body: str | None  # the media type of its request body, if it takes one
    query: tuple[str, ...]
    headers: tuple[str, ...]
    path_texts: tuple[str, ...]  # path parameters that are text (not numbers)

    def url(self, values: dict[str, Any]) -> str:
        """The path with its placeholders filled from ``values``."""
        return self.path.format(**{k: values[k] for k in values if f"{{{k}}}" in self.path})


def operations(app: Flask) -> list[Operation]:
    """Every operation of the app's published API."""
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    found = []
    for path, item in spec["paths"].items():
        shared = item.get("parameters", [])
        for method in METHODS:
            if method in item:
                found.append(operation(path, method, item[method], shared))
    return found


def operation(path: str, method: str, spec: dict[str, Any], shared: list[dict]) -> Operation:
    """An operation from its OpenAPI description."""
    parameters = [*shared, *spec.get("parameters", [])]
    content = spec.get("requestBody", {}).get("content", {})
    return Operation(
        method=method.upper(),
        path=path.removeprefix("/api/v1"),
        body=next(iter(content), None),
        query=tuple(p["name"] for p in parameters if p["in"] == "query"),
        headers=tuple(p["name"] for p in parameters if p["in"] == "header"),
        path_texts=tuple(
            p["name"]
            for p in parameters
            if p["in"] == "path" and p.get("schema", {}).get("type") == "string"
        ),
    )


def json_operations(app: Flask) -> list[Operation]:
    """The operations that take a JSON body."""
    return [op for op in operations(app) if op.body == "application/json"]
