"""The Flask application factory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from documents.scanning import ClamdScanner
from documents.signing import PermitSigner
from documents.store import LocalDocumentStore
from permits.audit import AFTER_APPEND
from permits.config import load_settings
from permits.db import Database
from permits.errors import DomainError, ServiceUnavailable
from permits.services.documents import Intake
from permits.services.issuance import PermitIssuer
from permits.services.policy import Policy
from permits.transparency.log import checkpoint_if_due

DB_EXTENSION = "permits.db"
ISSUER = "permits.issuer"


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app from ``PERMITS_*`` settings, overridden by ``config``."""
    settings = load_settings(config)
    Path(settings["INSTANCE_PATH"]).mkdir(parents=True, exist_ok=True)
    app = Flask("permits", instance_path=settings["INSTANCE_PATH"], template_folder="templates")
    app.config.update(settings)
    init_db(app)
    if checkpoint_if_due not in AFTER_APPEND:
        AFTER_APPEND.append(checkpoint_if_due)

    from permits import problems, request_log
    from permits.api import init_api
    from permits.web import init_web
    from permits.web_verify import blueprint as verify_page

    problems.init_app(app)
    init_api(app)
    app.register_blueprint(verify_page)
    init_web(app)
    request_log.init_app(app)
    if app.config["PROXY_COUNT"]:
        # Behind N trusted reverse proxies the client's address is in X-Forwarded-For; without
        # this every sign-in would seem to come from the proxy and share one rate limit.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_COUNT"], x_proto=1)
    return app


def init_db(app: Flask) -> None:
    """Bind the database to the app; the engine is closed when the app is torn down by tests."""
    app.extensions[DB_EXTENSION] = Database(
        app.config["DATABASE_URL"],
        info={
            "policy": policy_from(app.config),
            "log_signer": _log_signer_loader(app),
            "checkpoint_minutes": app.config["AUDIT_CHECKPOINT_MINUTES"],
        },
        pool_size=app.config["DB_POOL_SIZE"],
        max_overflow=app.config["DB_MAX_OVERFLOW"],
        busy_timeout_ms=app.config["SQLITE_BUSY_TIMEOUT_MS"],
    )


def _log_signer_loader(app: Flask) -> Any:
    """Loads the audit log key on first use; None when the instance has none (no periodic
    checkpoints then; approvals still need it through the issuer)."""
    loaded: dict[str, Any] = {}

    def load() -> Any:
        if "signer" not in loaded:
            from permits.keys import load_log_key

            try:
                loaded["signer"] = load_log_key(app)
            except DomainError:
                loaded["signer"] = None
        return loaded["signer"]

    return load


def policy_from(config: dict[str, Any]) -> Policy:
    """The rule policy the settings describe."""
    policy = Policy(
        completeness_working_days=config["COMPLETENESS_WORKING_DAYS"],
        decision_working_days=config["DECISION_WORKING_DAYS"],
        extension_working_days=config["DECISION_EXTENSION_WORKING_DAYS"],
        screening_threshold=config["SCREENING_THRESHOLD"],
        similar_refusal_years=config["SIMILAR_REFUSAL_YEARS"],
    )
    if not 50 <= policy.screening_threshold <= 100:
        raise ValueError("PERMITS_SCREENING_THRESHOLD must be between 50 and 100")
    return policy


def get_db(app: Flask) -> Database:
    """The database bound to an app."""
    return app.extensions[DB_EXTENSION]


def get_intake(app: Flask) -> Intake:
    """Where the app stores documents and how it scans them (clamd when configured)."""
    instance = Path(app.config["INSTANCE_PATH"])
    address = app.config["CLAMD_ADDRESS"]
    return Intake(
        store=LocalDocumentStore(instance / "documents"),
        quarantine=LocalDocumentStore(instance / "quarantine"),
        scanner=ClamdScanner(address, app.config["CLAMD_TIMEOUT_SECONDS"]) if address else None,
        max_bytes=app.config["DOCUMENT_MAX_BYTES"],
    )


def get_issuer(app: Flask) -> PermitIssuer:
    """The permit issuer, with the signing key loaded once per process."""
    if ISSUER not in app.extensions:
        from permits.keys import load_log_key, load_signing_material

        try:
            material = load_signing_material(app)
        except DomainError as missing:
            raise ServiceUnavailable(
                f"Permit signing is not configured: {missing.message}"
            ) from None
        days = dict(item.split("=") for item in app.config["PERMIT_VALIDITY_DAYS"].split(","))
        app.extensions[ISSUER] = PermitIssuer(
            signer=PermitSigner(material),
            log_signer=load_log_key(app),
            store=get_intake(app).store,
            public_url=app.config["PUBLIC_URL"],
            validity_days={kind: int(value) for kind, value in days.items()},
        )
    return app.extensions[ISSUER]
