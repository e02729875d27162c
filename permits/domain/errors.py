"""Domain errors raised by the services; each interface turns them into its own answer."""

from __future__ import annotations

from collections.abc import Mapping

from workflows import Blocker


class DomainError(Exception):
    """Base of every error a service raises for something the caller can correct."""

    code = "domain_error"
    title = "Request refused"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvalidInput(DomainError):
    """One or more fields are invalid; ``errors`` maps each field to its messages."""

    code = "validation_error"
    title = "Invalid input"

    def __init__(self, errors: Mapping[str, list[str]]):
        self.errors = {field: list(messages) for field, messages in errors.items()}
        super().__init__("; ".join(f"{f}: {' '.join(m)}" for f, m in self.errors.items()))


class NotFound(DomainError):
    """No such record, or one the actor may not know exists."""

    code = "not_found"
    title = "Not found"


class PermissionDenied(DomainError):
    """The actor's role may not do this."""

    code = "forbidden"
    title = "Forbidden"

    def __init__(self, message: str, blockers: list[Blocker] | None = None):
        super().__init__(message)
        self.blockers = blockers or []


class Conflict(DomainError):
    """The record changed since the caller read it, or is in a state that forbids the action."""

    code = "conflict"
    title = "Conflict"


class StaleVersion(Conflict):
    """The caller's expected version is not the current one; nothing was written."""

    code = "version_conflict"


class PreconditionRequired(DomainError):
    """A change to a versioned record came without the version it was based on (If-Match)."""

    code = "precondition_required"
    title = "Precondition required"


class InvalidState(Conflict):
    """The action is not possible in the record's current state."""

    code = "invalid_state"


class ActionBlocked(DomainError):
    """Guards refused the action; ``blockers`` say exactly what is missing."""

    code = "action_blocked"
    title = "Action blocked"

    def __init__(self, message: str, blockers: list[Blocker]):
        super().__init__(message)
        self.blockers = blockers


class AuthenticationFailed(DomainError):
    """No valid credentials: a wrong password, or a missing, expired or revoked token."""

    code = "unauthorized"
    title = "Authentication required"


class TooManyAttempts(DomainError):
    """Too many failed sign-ins for this account or address; try again later."""

    code = "too_many_requests"
    title = "Too many attempts"

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


class UnsupportedMediaType(DomainError):
    """The request body is not of the content type the route takes."""

    code = "unsupported_media_type"
    title = "Unsupported media type"


class MalformedRequest(DomainError):
    """A header or body that cannot be parsed at all."""

    code = "bad_request"
    title = "Bad request"


class PayloadTooLarge(DomainError):
    """The file is larger than the configured limit."""

    code = "payload_too_large"
    title = "Too large"


class MalwareFound(DomainError):
    """The malware scanner found something; the file was quarantined, not stored."""

    code = "malware_found"
    title = "Malware found"


class ServiceUnavailable(DomainError):
    """Something the operator must set up is missing (e.g. the signing keys)."""

    code = "service_unavailable"
    title = "Service unavailable"
