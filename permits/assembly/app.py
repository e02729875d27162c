"""The composition root: ``create_app`` builds the installation's runtime and the Flask app.

Everything a service needs from the installation (settings, database, rule policy, keys,
document intake, clock, permit issuer) is built here, once, and handed down explicitly; nothing
below this package reads settings of its own.
"""

from __future__ import annotations

import functools
import logging
from importlib import resources
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from documents.permit_layout import check_letterhead
from documents.scanning import ClamdScanner
from documents.signing import PermitSigner
from documents.store import LocalDocumentStore
from permits.api import init_api
from permits.assembly import request_log
from permits.assembly.config import load_settings
from permits.audit.log import PeriodicCheckpoints
from permits.domain.clock import Clock, ministry_zone
from permits.domain.errors import DomainError, InvalidInput, ServiceUnavailable
from permits.http import input_rules, problems
from permits.http.request import bind_runtime
from permits.http.security_headers import init_app as secure_responses
from permits.models.database import Database
from permits.services.documents import Intake
from permits.services.issuance import PermitIssuer
from permits.services.keyring import Keyring
from permits.services.policy import Policy
from permits.services.runtime import Runtime
from permits.web import init_web
from permits.web.render import error_page

logger = logging.getLogger("permits.security")


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app from ``PERMITS_*`` settings, overridden by ``config``."""
    runtime = build_runtime(config)
    require_scanner_or_consent(runtime.settings)
    warn_without_second_factor(runtime.settings)
    app = Flask(
        "permits",
        instance_path=runtime.settings["INSTANCE_PATH"],
        template_folder=str(resources.files("permits.templates")),
    )
    app.config.update(runtime.settings)
    bind_runtime(app, runtime)
    problems.init_app(app, error_page)
    request_log.init_app(app)
    # Before the API's and the pages' own checks: nothing reads a text the rule refuses.
    input_rules.init_app(app)
    init_web(app, token_blueprints=init_api(app))
    secure_responses(app)
    if app.config["PROXY_COUNT"]:
        # Behind N trusted reverse proxies the client's address is in X-Forwarded-For; without
        # this every sign-in would seem to come from the proxy and share one rate limit.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_COUNT"], x_proto=1)
    return app


def require_scanner_or_consent(settings: dict[str, Any]) -> None:
    """Uploads are served only scanned, unless the installation says so explicitly."""
    if settings["CLAMD_ADDRESS"] or str(settings["ALLOW_UNSCANNED"]) == "1":
        return
    raise InvalidInput({"PERMITS_CLAMD_ADDRESS": [
        "No virus scanner is configured: set PERMITS_CLAMD_ADDRESS to clamd's host:port, or "
        "PERMITS_ALLOW_UNSCANNED=1 to accept uploads unscanned (demo and tests only)."
    ]})  # fmt: skip


def warn_without_second_factor(settings: dict[str, Any]) -> None:
    """An installation whose staff need no second factor says so at every start."""
    if not settings["SECOND_FACTOR_ROLES"]:
        logger.warning(
            "WARNING: PERMITS_SECOND_FACTOR_ROLES is empty: no role needs a second factor to "
            "sign in. Use this for development only; production lists the staff roles "
            "(default officer,approver,admin)."
        )


def build_runtime(config: dict[str, Any] | None = None) -> Runtime:
    """The installation's runtime: what the API, the pages and the CLI hand to the services."""
    settings = load_settings(config)
    letterhead = letterhead_from(settings)
    Path(settings["INSTANCE_PATH"]).mkdir(parents=True, exist_ok=True)
    database = Database(
        settings["DATABASE_URL"],
        pool_size=settings["DB_POOL_SIZE"],
        max_overflow=settings["DB_MAX_OVERFLOW"],
        busy_timeout_ms=settings["SQLITE_BUSY_TIMEOUT_MS"],
    )
    runtime = Runtime(
        settings=settings,
        database=database,
        policy=policy_from(settings),
        keyring=Keyring(
            keys_folder(settings), settings["SIGNING_PASSPHRASE"], settings["LOG_KEY_PASSPHRASE"]
        ),
        intake=intake_from(settings),
        clock=clock_from(settings),
        load_issuer=functools.partial(issuer_from, letterhead=letterhead),
    )
    checkpoints = PeriodicCheckpoints(
        runtime.optional_log_signer, settings["AUDIT_CHECKPOINT_MINUTES"]
    )
    checkpoints.install(database.sessions)
    return runtime


def clock_from(settings: dict[str, Any]) -> Clock:
    """The Ministry's clock in the zone of ``PERMITS_TIMEZONE`` (an unknown zone: InvalidInput)."""
    try:
        return Clock(ministry_zone(str(settings["TIMEZONE"])))
    except ValueError as unknown:
        raise InvalidInput({"PERMITS_TIMEZONE": [str(unknown)]}) from None


def keys_folder(settings: dict[str, Any]) -> Path:
    """``<instance>/keys`` unless ``PERMITS_KEYS_PATH`` says otherwise."""
    return Path(settings.get("KEYS_PATH") or Path(settings["INSTANCE_PATH"]) / "keys")


def policy_from(settings: dict[str, Any]) -> Policy:
    """The rule policy the settings describe."""
    policy = Policy(
        completeness_working_days=settings["COMPLETENESS_WORKING_DAYS"],
        decision_working_days=settings["DECISION_WORKING_DAYS"],
        extension_working_days=settings["DECISION_EXTENSION_WORKING_DAYS"],
        screening_threshold=settings["SCREENING_THRESHOLD"],
        similar_refusal_years=settings["SIMILAR_REFUSAL_YEARS"],
    )
    if not 50 <= policy.screening_threshold <= 100:
        raise ValueError("PERMITS_SCREENING_THRESHOLD must be between 50 and 100")
    return policy


def intake_from(settings: dict[str, Any]) -> Intake:
    """Where the installation stores documents and how it scans them (clamd when configured)."""
    instance = Path(settings["INSTANCE_PATH"])
    address = settings["CLAMD_ADDRESS"]
    return Intake(
        store=LocalDocumentStore(instance / "documents"),
        quarantine=LocalDocumentStore(instance / "quarantine"),
        scanner=ClamdScanner(address, settings["CLAMD_TIMEOUT_SECONDS"]) if address else None,
        max_bytes=settings["DOCUMENT_MAX_BYTES"],
        max_pixels=settings["IMAGE_MAX_PIXELS"],
    )


def letterhead_from(settings: dict[str, Any]) -> bytes | None:
    """The letterhead image ``PERMITS_LETTERHEAD_IMAGE`` names, read and checked once: the app
    refuses to start on a file it cannot print rather than fail the first approval."""
    path = settings["LETTERHEAD_IMAGE"]
    if not path:
        return None
    try:
        data = Path(path).read_bytes()
        check_letterhead(data)
    except (OSError, ValueError) as error:
        raise InvalidInput({"PERMITS_LETTERHEAD_IMAGE": [
            f"The letterhead image {path} cannot be used: {error}. Name a readable PNG or "
            "JPEG file, or leave the setting empty to print the Ministry's name instead."
        ]}) from None  # fmt: skip
    return data


def issuer_from(runtime: Runtime, letterhead: bytes | None = None) -> PermitIssuer:
    """The permit issuer, with the signing key opened (ServiceUnavailable when it cannot be)."""
    try:
        material = runtime.keyring.signing_material()
    except DomainError as missing:
        raise ServiceUnavailable(f"Permit signing is not configured: {missing.message}") from None
    validity = runtime.settings["PERMIT_VALIDITY_DAYS"]
    days = dict(item.split("=") for item in validity.split(","))
    return PermitIssuer(
        signer=PermitSigner(material, zone=runtime.clock.zone),
        log_signer=runtime.log_signer(),
        store=runtime.intake.store,
        public_url=runtime.settings["PUBLIC_URL"],
        validity_days={kind: int(value) for kind, value in days.items()},
        letterhead=letterhead,
    )
