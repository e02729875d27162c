"""A stdlib HTTP client for tests against a live server (no test-client shortcuts)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
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
