"""Settings: defaults, overridden by ``PERMITS_*`` environment variables, then by ``create_app``."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from permits.domain.actors import STAFF_ROLES
from permits.domain.clock import DEFAULT_TIMEZONE
from permits.domain.errors import InvalidInput

ENV_PREFIX = "PERMITS_"
INTEGER_SETTINGS = (
    "DB_POOL_SIZE",
    "DB_MAX_OVERFLOW",
    "SQLITE_BUSY_TIMEOUT_MS",
    "MAX_CONTENT_LENGTH",
    "API_TOKEN_TTL_SECONDS",
    "LOGIN_MAX_FAILURES_PER_MINUTE",
    "PROXY_COUNT",
    "DOCUMENT_MAX_BYTES",
    "CLAMD_TIMEOUT_SECONDS",
    "COMPLETENESS_WORKING_DAYS",
    "DECISION_WORKING_DAYS",
    "DECISION_EXTENSION_WORKING_DAYS",
    "SCREENING_THRESHOLD",
    "SIMILAR_REFUSAL_YEARS",
    "AUDIT_CHECKPOINT_MINUTES",
    "IMAGE_MAX_PIXELS",
    "JSON_MAX_DEPTH",
    "LOGIN_MAX_FAILURES_PER_ADDRESS",
)


# Every setting but the instance folder and the database, which follow the instance folder.
DEFAULTS: dict[str, Any] = {
    "DB_POOL_SIZE": 10,
    "DB_MAX_OVERFLOW": 20,
    "SQLITE_BUSY_TIMEOUT_MS": 30000,
    "MAX_CONTENT_LENGTH": 25 * 1024 * 1024,
    "API_TOKEN_TTL_SECONDS": 8 * 3600,
    "LOGIN_MAX_FAILURES_PER_MINUTE": 10,
    "LOGIN_MAX_FAILURES_PER_ADDRESS": 200,
    "PROXY_COUNT": 0,
    "DOCUMENT_MAX_BYTES": 20 * 1024 * 1024,
    "CLAMD_ADDRESS": "",
    "CLAMD_TIMEOUT_SECONDS": 30,
    "ALLOW_UNSCANNED": "",
    "IMAGE_MAX_PIXELS": 40_000_000,
    "JSON_MAX_DEPTH": 32,
    "KEYS_PATH": "",
    "SIGNING_PASSPHRASE": "",
    "LOG_KEY_PASSPHRASE": "",
    "PUBLIC_URL": "http://127.0.0.1:5000",
    "LETTERHEAD_IMAGE": "",
    "TIMEZONE": DEFAULT_TIMEZONE,
    "PERMIT_VALIDITY_DAYS": "import=180,export=180,transit=90,re_export=180",
    "COMPLETENESS_WORKING_DAYS": 2,
    "DECISION_WORKING_DAYS": 15,
    "DECISION_EXTENSION_WORKING_DAYS": 15,
    "SCREENING_THRESHOLD": 88,
    "SIMILAR_REFUSAL_YEARS": 3,
    "AUDIT_CHECKPOINT_MINUTES": 10,
    "SECOND_FACTOR_ROLES": "officer,approver,admin",
}


def default_instance_path() -> Path:
    """The instance folder: ``PERMITS_INSTANCE_PATH`` or ``./instance``."""
    return Path(os.environ.get(f"{ENV_PREFIX}INSTANCE_PATH", "instance")).resolve()


def _secret_key(instance: Path) -> str:
    """A stable secret key: from the environment, else generated once into the instance folder."""
    key_file = instance / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def load_settings(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Resolve the settings the app, the CLI and the tests share."""
    overrides = dict(overrides or {})
    env = {k[len(ENV_PREFIX) :]: v for k, v in os.environ.items() if k.startswith(ENV_PREFIX)}
    instance = Path(
        overrides.get("INSTANCE_PATH") or env.get("INSTANCE_PATH") or default_instance_path()
    )
    settings: dict[str, Any] = {
        "INSTANCE_PATH": str(instance.resolve()),
        "DATABASE_URL": f"sqlite:///{instance.resolve() / 'permits.sqlite3'}",
        **DEFAULTS,
    }
    settings.update({k: v for k, v in env.items() if k in settings or k == "SECRET_KEY"})
    settings.update(overrides)
    for name in INTEGER_SETTINGS:
        settings[name] = int(settings[name])
    settings["SECOND_FACTOR_ROLES"] = second_factor_roles(settings["SECOND_FACTOR_ROLES"])
    if not settings.get("SECRET_KEY"):
        settings["SECRET_KEY"] = _secret_key(Path(settings["INSTANCE_PATH"]))
    return settings


def second_factor_roles(value: str | Iterable[str]) -> frozenset[str]:
    """The roles ``PERMITS_SECOND_FACTOR_ROLES`` lists (comma-separated, or already a set);
    an unknown role stops the app and the CLI at start, naming the setting."""
    names = value.split(",") if isinstance(value, str) else list(value)
    roles = frozenset(name.strip() for name in names if name.strip())
    unknown = sorted(roles - set(STAFF_ROLES))
    if unknown:
        raise InvalidInput({"PERMITS_SECOND_FACTOR_ROLES": [
            f"Unknown or unsuitable role(s) {', '.join(unknown)}: list some of "
            f"{', '.join(STAFF_ROLES)}, or leave it empty to turn the rule off "
            "(development only)."
        ]})  # fmt: skip
    return roles
