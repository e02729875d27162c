"""The workflow engine's refusals, as the domain errors every interface knows how to answer."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import workflows
from permits.domain import errors


@contextmanager
def as_domain_errors() -> Iterator[None]:
    """Run engine code; turn its refusals into NotFound, InvalidState, 403 or blockers."""
    try:
        yield
    except workflows.UnknownAction as e:
        raise errors.NotFound(str(e)) from None
    except workflows.ActionNotAvailable as e:
        raise errors.InvalidState(str(e)) from None
    except workflows.ActionForbidden as e:
        raise errors.PermissionDenied(str(e), e.blockers) from None
    except workflows.ActionBlocked as e:
        raise errors.ActionBlocked(str(e), e.blockers) from None
