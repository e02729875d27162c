"""The REST API under ``/api/v1``, documented as OpenAPI 3 at ``/api/v1/openapi.json``."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, Response, send_from_directory
from swagger_ui_bundle import swagger_ui_path

from permits.api import (
    admin,
    applications,
    audit,
    auth,
    compliance_review,
    documents,
    health,
    keys,
    permits,
    reference,
    reference_admin,
    reports,
)
from permits.api.base import (
    SECURITY_SCHEME,
    PermitNumberConverter,
    ProblemApi,
    permit_number_schema,
)
from permits.api.guard import GUARDED, before_api_request
from permits.api.spec_rules import BadRequestPlugin, tighten

API_MODULES = (
    health, auth, applications, documents, permits, reference, compliance_review, audit, reports,
    admin, keys, reference_admin,
)  # fmt: skip
OPENAPI_SETTINGS = {
    "API_TITLE": "Permits: small arms and light weapons permit engine",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/api/v1",
    "OPENAPI_JSON_PATH": "openapi.json",
    "OPENAPI_SWAGGER_UI_PATH": "docs",
    # Served from the installed swagger-ui-bundle: no CDN, works on a closed network.
    "OPENAPI_SWAGGER_UI_URL": "/api/v1/docs/assets/",
    "API_SPEC_OPTIONS": {
        "security": [{SECURITY_SCHEME: []}],
        "info": {"description": "Import, export, transit and re-export permits. "
                 "Errors are RFC 9457 application/problem+json."},
    },
}  # fmt: skip


def _docs_assets(filename: str) -> Response:
    """Swagger UI's static files."""
    return send_from_directory(Path(swagger_ui_path), filename)


def init_api(app: Flask) -> set[str]:
    """Register the API blueprints, their checks and the OpenAPI document on the app; return
    the names of the blueprints (they authenticate with bearer tokens, not cookies)."""
    for name, value in OPENAPI_SETTINGS.items():
        app.config.setdefault(name, value)
    api = ProblemApi(app, spec_kwargs={"extra_plugins": [BadRequestPlugin()]})
    tighten(api)
    app.url_map.converters["permit_number"] = PermitNumberConverter
    api.register_converter(PermitNumberConverter, permit_number_schema)
    for name, converter, schema in reference_admin.CONVERTERS:
        app.url_map.converters[name] = converter
        api.register_converter(converter, schema)
    api.spec.components.security_scheme(
        SECURITY_SCHEME, {"type": "http", "scheme": "bearer", "description": "POST /auth/token"}
    )
    for module in API_MODULES:
        api.register_blueprint(module.blp)
    app.extensions[GUARDED] = {module.blp.name for module in API_MODULES}
    app.before_request(before_api_request)
    app.add_url_rule("/api/v1/docs/assets/<path:filename>", "api_docs_assets", _docs_assets)
    return app.extensions[GUARDED]
