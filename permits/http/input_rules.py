"""One rule for every text a client sends, applied at the edge before any route reads it.

JSON bodies (and JSON carried in a form field) may nest at most ``JSON_MAX_DEPTH`` deep, checked
on the raw bytes before parsing. No string (JSON keys included), query parameter, path
parameter, header value, form field or uploaded file name may hold a NUL, another C0 control
character but tab, CR and LF, or a lone surrogate: the database refuses such text
(PostgreSQL has no NUL in text; UTF-8 has no surrogates), which would otherwise be a server
error far from the field that carried it. Refusals name the field: ``body.goods[0].model``,
``query.status``, ``header.Idempotency-Key``, ``path.number``, ``form.quantities``,
``file.filename``.
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from flask import Flask, Response, current_app, request
from marshmallow import Schema, fields
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest

from permits.domain import errors
from permits.domain.json_nesting import NestedTooDeep, load_json
from permits.http.problems import handle_http_error, problem

# Control characters refused in text (tab, LF and CR are not), written as regex escapes that
# Python and ECMA-262 read alike, so the published schema can say exactly the same.
REFUSED_CONTROLS = r"\u0000-\u0008\u000b\u000c\u000e-\u001f"
REFUSED = re.compile(rf"[{REFUSED_CONTROLS}\ud800-\udfff]")
# A body full of bad strings is refused just the same; a handful of names says enough.
MAX_REPORTED = 20
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


class RefusedInput(errors.InvalidInput):
    """Text the edge refuses before any route reads it (422; pages: 400)."""

    status = 422


class MalformedInput(RefusedInput):
    """JSON that cannot be read: nested too deep, or not JSON at all (400)."""

    code = "malformed_request"
    title = "Bad Request"
    status = 400


class NotJson(MalformedInput):
    """Text that should be JSON and is not."""


def text_problem(text: str) -> str | None:
    """Why a text is refused, or None when it is acceptable."""
    found = REFUSED.search(text)
    if found is None:
        return None
    character = found.group()
    if character == "\x00":
        return "Must not contain a NUL character."
    if character >= "\ud800":
        return "Must not contain a lone surrogate (not valid Unicode)."
    return f"Must not contain the control character U+{ord(character):04X}."


def printable(name: str) -> str:
    """A name fit to quote in a refusal: refused characters written as ``\\uXXXX``."""
    return REFUSED.sub(lambda found: f"\\u{ord(found.group()):04x}", name)


def json_problems(value: Any, path: str) -> dict[str, list[str]]:
    """The refused strings (and keys) of parsed JSON, by path: ``body.goods[0].model``."""
    found: dict[str, list[str]] = {}
    pending = deque([(path, value)])
    while pending and len(found) < MAX_REPORTED:
        where, item = pending.popleft()
        if isinstance(item, str):
            _note(found, where, item)
        elif isinstance(item, dict):
            for key, child in item.items():
                named = f"{where}.{printable(key)}"
                _note(found, named, key)
                pending.append((named, child))
        elif isinstance(item, list):
            pending.extend((f"{where}[{index}]", child) for index, child in enumerate(item))
    return found


def _note(found: dict[str, list[str]], where: str, text: str) -> None:
    reason = text_problem(text)
    if reason is not None and len(found) < MAX_REPORTED:
        found.setdefault(where, []).append(reason)


def pairs_problems(location: str, pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """The refused names and values among ``(name, value)`` pairs, as ``location.name``."""
    found: dict[str, list[str]] = {}
    for name, value in pairs:
        # A multipart part whose name cannot be read is named None by Werkzeug.
        name, value = name or "", value or ""
        where = f"{location}.{printable(name)}"
        _note(found, where, name)
        _note(found, where, value)
    return found


def parse_json(data: str | bytes, where: str) -> Any:
    """JSON checked at the edge: the nesting limit before parsing, then every string in it."""
    limit = current_app.config["JSON_MAX_DEPTH"]
    try:
        value = load_json(data, limit)
    except NestedTooDeep:
        raise MalformedInput({where: [f"Nested deeper than {limit} levels."]}) from None
    except json.JSONDecodeError as unreadable:
        reason = f"{unreadable.msg} at line {unreadable.lineno} column {unreadable.colno}"
        raise NotJson({where: [f"Not valid JSON: {reason}."]}) from None
    except (ValueError, RecursionError):
        # Not UTF-8, or a number of 4300+ digits (Python's int() refuses to read those).
        raise NotJson({where: ["Not valid JSON: not UTF-8, or a number too long."]}) from None
    refused = json_problems(value, where)
    if refused:
        raise RefusedInput(refused)
    return value


def json_form_fields(form: MultiDict, schema: Schema) -> MultiDict:
    """The form with the JSON of the schema's mapping fields parsed by ``parse_json`` (a form
    field is text, so a mapping can only come as JSON); text that is not JSON is left as sent,
    for the schema to say what it should be."""
    parsed = form.copy()
    for name, field in schema.fields.items():
        name = field.data_key or name
        if not isinstance(field, fields.Mapping) or name not in form:
            continue
        try:
            parsed[name] = parse_json(form[name], f"form.{name}")
        except NotJson:
            continue
    return parsed


def request_problems() -> dict[str, list[str]]:
    """The refused texts of the request's query, path, headers, form fields and file names."""
    found: dict[str, list[str]] = {}
    for location, pairs in _request_texts():
        found.update(pairs_problems(location, pairs))
    return dict(list(found.items())[:MAX_REPORTED])


def _request_texts() -> Iterator[tuple[str, Iterable[tuple[str, str]]]]:
    yield "query", request.args.items(multi=True)
    yield "path", ((k, v) for k, v in (request.view_args or {}).items() if isinstance(v, str))
    yield "header", request.headers.items()
    if request.mimetype in FORM_TYPES:
        yield "form", request.form.items(multi=True)
        # A file's only text is its name; the field (``file``) names the location.
        for field, upload in request.files.items(multi=True):
            yield field or "file", [("filename", upload.filename or "")]


def check_request() -> None:
    """Refuse the request before any route reads it if it breaks the rule (see the module)."""
    refused = request_problems()
    if refused:
        raise RefusedInput(refused)
    if is_json(request.mimetype) and request.content_length != 0:
        data = request.get_data(cache=True)
        if data:
            parse_json(data, "body")


def is_json(mimetype: str) -> bool:
    """Whether a body of this media type is parsed as JSON (as webargs decides)."""
    return mimetype == "application/json" or (
        mimetype.startswith("application/") and mimetype.endswith("+json")
    )


def answer_refused(error: RefusedInput) -> Response:
    """problem+json naming each refused field (pages: the error page, 400)."""
    if not request.path.startswith("/api/"):
        return handle_http_error(BadRequest(error.message))
    return problem(error.status, error.title, error.message, error.code, errors=error.errors)


def init_app(app: Flask) -> None:
    """Apply the rule to every request before any other check reads it."""
    app.register_error_handler(RefusedInput, answer_refused)
    app.before_request(check_request)
