"""The ``Idempotency-Key`` header on mutating POSTs."""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable
from typing import Any

from flask import Response, make_response, request

from permits.api.base import IDEMPOTENCY_KEY_PATTERN
from permits.api.guard import current_actor
from permits.domain import errors
from permits.http.request import runtime
from permits.services.idempotency import (
    StoredResponse,
    release_key,
    reserve_key,
    store_response,
)

REPLAYED_HEADERS = ("ETag", "Location")


def _key() -> str | None:
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    if not re.fullmatch(IDEMPOTENCY_KEY_PATTERN, key):
        raise errors.MalformedRequest("Idempotency-Key must be 1 to 255 printable ASCII characters")
    return key


def _request_hash() -> str:
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    digest.update(request.get_data(cache=True))
    return digest.hexdigest()


def _replay(stored: StoredResponse) -> Response:
    response = Response(stored.body, status=stored.status, content_type=stored.content_type)
    response.headers.update(stored.headers)
    response.headers["Idempotent-Replayed"] = "true"
    return response


def idempotent(view: Callable[..., Any]) -> Callable[..., Any]:
    """Replay the first successful response to a repeated key; refuse a reused key (422)."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        key = _key()
        if key is None:
            return view(*args, **kwargs)
        user_id = current_actor().id
        with runtime().database.scoped() as session:
            stored = reserve_key(session, user_id, key, _request_hash())
            if stored is not None:
                return _replay(stored)
            try:
                response = make_response(view(*args, **kwargs))
            except BaseException:
                release_key(session, user_id, key)
                raise
            if response.status_code >= 300:
                release_key(session, user_id, key)
                return response
            headers = {h: response.headers[h] for h in REPLAYED_HEADERS if h in response.headers}
            store_response(session, user_id, key, StoredResponse(
                response.status_code, response.content_type or "", headers, response.get_data()
            ))  # fmt: skip
            return response

    return wrapper
