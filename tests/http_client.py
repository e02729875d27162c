"""A stdlib HTTP client for tests against a live server (no test-client shortcuts)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from email.message import Message
from typing import Any


@dataclass
class HttpResponse:
    """Status, headers and the decoded JSON body (None when empty)."""

    status: int
    headers: Message  # case-insensitive, as HTTP header names are
    body: Any


def http(method: str, url: str, body: Any = None, **headers: str) -> HttpResponse:
    """Send one request and return the response, errors included."""
    data = None if body is None else json.dumps(body).encode()
    if data is not None:
        headers.setdefault("Content-Type", "application/json")
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            raw, status, got = response.read(), response.status, response.headers
    except urllib.error.HTTPError as error:
        raw, status, got = error.read(), error.code, error.headers
    return HttpResponse(status, got, json.loads(raw) if raw else None)


def http_upload(url: str, fields: dict[str, str], data: bytes, filename: str,
                **headers: str) -> HttpResponse:  # fmt: skip
    """POST a multipart/form-data body with one file part named ``file``."""
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            raw, status, got = response.read(), response.status, response.headers
    except urllib.error.HTTPError as error:
        raw, status, got = error.read(), error.code, error.headers
    return HttpResponse(status, got, json.loads(raw) if raw else None)
