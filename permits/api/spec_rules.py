"""Rules that make the published OpenAPI document as strict as the server."""

from __future__ import annotations

from typing import Any

from apispec import BasePlugin
from flask_smorest import Api
from marshmallow import fields

from permits.http.input_rules import REFUSED_CONTROLS

# apispec 6 writes a nullable nested schema (OpenAPI 3.0) as ``anyOf: [{type: object,
# nullable: true}, {$ref}]``, whose first branch admits any object at all: unknown and invalid
# nested fields (``broker.country: "AA"``) would be published as valid though the server refuses
# them. ``allOf`` with ``nullable`` admits the referenced schema or null, and nothing else.
LOOSE_NULL = {"type": "object", "nullable": True}


def nullable_nested(converter: Any, field: fields.Field, ret: dict[str, Any]) -> dict[str, Any]:
    """Publish a nullable nested schema as the schema itself or null."""
    branches = ret.get("anyOf")
    if not (isinstance(field, fields.Nested) and field.allow_none and branches):
        return {}
    strict = [branch for branch in branches if branch != LOOSE_NULL]
    del ret["anyOf"]
    return {"allOf": strict, "nullable": True}


# The edge refuses these control characters in every text (permits.http.input_rules); a string
# with no pattern, enum or format of its own is published with the same rule.
CLEAN_TEXT = rf"^[^{REFUSED_CONTROLS}]*$"


def clean_text(converter: Any, field: fields.Field, ret: dict[str, Any]) -> dict[str, Any]:
    """Publish on free text that the control characters the edge refuses are not allowed."""
    if ret.get("type") != "string" or {"pattern", "enum", "format"} & set(ret):
        return {}
    return {"pattern": CLEAN_TEXT}


def tighten(api: Api) -> None:
    """Install the rules on the API's OpenAPI converter."""
    api.ma_plugin.converter.add_attribute_function(nullable_nested)
    api.ma_plugin.converter.add_attribute_function(clean_text)


class BadRequestPlugin(BasePlugin):
    """Documents 400 on every operation that reads input: the HTTP edge refuses NUL bytes, lone
    surrogates and JSON nested too deep in any of them before a route runs."""

    def operation_helper(
        self, path: str | None = None, operations: dict | None = None, **_: Any
    ) -> None:
        """Add the 400 response to each operation with a body or parameters."""
        for operation in (operations or {}).values():
            if "{" in (path or "") or operation.get("parameters") or operation.get("requestBody"):
                operation.setdefault("responses", {}).setdefault("400", "BAD_REQUEST")
