"""One structured (JSON) log line per request, with a request id echoed to the client."""

from __future__ import annotations

import json
import logging
import re
import time
import uuid

from flask import Flask, Response, g, request

from permits.http.request import acting
from permits.web.principal import signed_in_id

logger = logging.getLogger("permits.requests")
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def _start() -> None:
    given = request.headers.get("X-Request-ID", "")
    g.request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _log(response: Response) -> Response:
    actor = acting()  # an API caller; a page's user is the one Flask-Login found signed in
    logger.info(json.dumps({
        "event": "request",
        "method": request.method,
        "path": request.path,
        "status": response.status_code,
        "duration_ms": round(1000 * (time.perf_counter() - g.get("request_started", 0)), 2),
        "user_id": actor.id if actor is not None else signed_in_id(),
        "request_id": g.get("request_id"),
    }))  # fmt: skip
    response.headers["X-Request-ID"] = g.get("request_id", "")
    return response


def init_app(app: Flask) -> None:
    """Log every request; paths only (never query strings, bodies or headers with secrets).

    Where the lines go is the process's choice: ``permits serve`` sends them to standard error.
    """
    app.before_request(_start)
    app.after_request(_log)
