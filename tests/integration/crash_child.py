"""A process that takes one action and freezes at a chosen point, waiting to be killed.

Run by ``test_crash.py``: ``python -m tests.integration.crash_child POINT APPLICATION USER``.
The pause is hooked onto SQLAlchemy events, so the product carries no test seam.
"""

from __future__ import annotations

import sys
import time

from sqlalchemy import event
from sqlalchemy.orm import Session

from permits.assembly.app import create_app
from permits.http.request import runtime_of
from permits.models import User
from permits.services.applications import perform_action


def freeze() -> None:
    """Tell the parent we are at the point, then wait for SIGKILL."""
    print("PAUSED", flush=True)
    while True:
        time.sleep(60)


def hook(point: str, engine, session: Session) -> None:
    """Freeze at ``point`` of the action's transaction."""
    if point in ("after_update", "after_audit_insert"):
        prefix = "UPDATE applications" if point == "after_update" else "INSERT INTO audit_events"

        @event.listens_for(engine, "after_cursor_execute")
        def after(conn, cursor, statement, *args):
            if statement.lstrip().startswith(prefix):
                freeze()

    elif point == "before_commit":
        event.listen(session, "before_commit", lambda s: freeze())
    elif point == "after_commit":
        event.listen(session, "after_commit", lambda s: freeze())
    else:
        raise SystemExit(f"unknown point {point}")


def main() -> None:
    """Load the actor, arm the hook, take the action."""
    point, application_id, user_id = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    app = create_app()
    db = runtime_of(app).database
    with db.scoped() as session:
        with session.begin():
            actor = session.get(User, user_id)
        hook(point, db.engine, session)
        perform_action(session, actor, application_id, "approve", runtime=runtime_of(app))
    print("FINISHED", flush=True)


if __name__ == "__main__":
    main()
