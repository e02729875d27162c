"""Taking an application into review: assigned and accepted together, or not at all."""

from __future__ import annotations

import pytest

from permits.domain import errors
from permits.services.assignment import take_application
from tests.factories import Cast, application_in, reload_application, runtime
from tests.integration.helpers import events


@pytest.fixture
def cast(session):
    return Cast()


def test_taking_assigns_the_officer_and_starts_the_review_with_one_event_each(session, db, cast):
    submitted = application_in(session, cast, "submitted")
    take_application(session, cast.officer, submitted.id, runtime())
    stored = reload_application(session, submitted.id)
    assert (stored.status, stored.assigned_to_id) == ("under_review", cast.officer.id)
    assert stored.decision_due_on is not None  # the decision clock started
    trail = [(e.action, e.actor_id) for e in events(db, submitted.id)][-2:]
    assert trail == [
        ("application.assign", cast.officer.id),
        ("application.accept", cast.officer.id),
    ]


def test_an_application_that_cannot_be_accepted_is_not_assigned_either(session, db, cast):
    returned = application_in(session, cast, "returned")
    before = len(events(db))
    with pytest.raises(errors.InvalidState):
        take_application(session, cast.officer, returned.id, runtime())
    assert reload_application(session, returned.id).assigned_to_id is None
    assert len(events(db)) == before


def test_only_officers_take_applications(session, db, cast):
    submitted = application_in(session, cast, "submitted")
    with pytest.raises(errors.PermissionDenied):
        take_application(session, cast.approver, submitted.id, runtime())
    assert reload_application(session, submitted.id).status == "submitted"
