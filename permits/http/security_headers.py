"""Browser protections on every response: a strict Content-Security-Policy, no framing, no
sniffing, no caching of anything but static files, HSTS on an https installation, and a
``Retry-After`` on every 429.

A view that sets one of these headers itself (a document download's sandboxing CSP, say) keeps
its own value; only ``Cache-Control`` is tightened to ``no-store`` wherever it is missing.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, request

# No inline script or style anywhere: the pages' styles are in /static/permits.css.
PAGE_CSP = (
    "default-src 'self'; frame-ancestors 'none'; form-action 'self'; object-src 'none'; "
    "base-uri 'none'"
)
# Swagger UI's stylesheet draws its icons from data: URLs; the rest of the docs page (scripts,
# styles, the spec) comes from this site, served from the installed swagger-ui-bundle.
DOCS_CSP = f"{PAGE_CSP}; img-src 'self' data:"
DOCS_ENDPOINT = "api-docs.openapi_swagger_ui"
# Stylesheets and scripts carry no personal data; a browser may keep (and revalidate) them.
STATIC_ENDPOINTS = frozenset({"static", "api_docs_assets"})
PERMISSIONS = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)
EVERY_RESPONSE = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": PERMISSIONS,
    "Cross-Origin-Opener-Policy": "same-origin",
}
HSTS = "max-age=31536000; includeSubDomains"
# For a 429 whose source named no wait (none does today): the sign-in window is one minute.
DEFAULT_RETRY_AFTER = "60"


def secure(response: Response) -> Response:
    """Add the browser protections to a response (after the view and any error handler)."""
    for name, value in EVERY_RESPONSE.items():
        response.headers.setdefault(name, value)
    policy = DOCS_CSP if request.endpoint == DOCS_ENDPOINT else PAGE_CSP
    response.headers.setdefault("Content-Security-Policy", policy)
    if request.endpoint not in STATIC_ENDPOINTS and "no-store" not in (
        response.headers.get("Cache-Control") or ""
    ):
        # Pages and API answers show permits, firms and people: no browser or proxy keeps them.
        response.headers["Cache-Control"] = "no-store"
    if current_app.config["PUBLIC_URL"].startswith("https:"):
        # Only an installation reached over https can promise https for the next year.
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    if response.status_code == 429:
        response.headers.setdefault("Retry-After", DEFAULT_RETRY_AFTER)
    return response


def init_app(app: Flask) -> None:
    """Put the browser protections on every response of the app."""
    app.after_request(secure)
