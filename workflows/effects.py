"""What each action does besides moving the state, as data beside the workflow tables.

The service layer runs these declarations with one piece of code
(``permits.services.action_effects``); nothing else branches on an action's name.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Effects:
    """The side effects of one action.

    ``stamps``: the subject's timestamp fields set to the moment of the action.
    ``starts_clock``: the deadline the action starts (``completeness`` or ``decision``).
    ``copies``: (field, parameter) pairs: the subject's field set from the action's parameter.
    ``clears``: fields emptied.
    ``accepts``: the parameters the action uses besides a reason.
    ``records``: the parameters its audit event records besides the states and the reason.
    ``screened``: the action relies on the embargo and sanctions lists; their versions and the
    screening matches go into its audit event.
    ``keeps_list_versions``: the list versions are also kept on the subject (the decision).
    ``decides``: the action is the decision (its reason is offered even when optional).
    ``issues_permit``: the action issues and signs the permit (needs the signing key).
    ``second_factor``: an enrolled actor confirms the action with an authenticator code.
    ``locks_reexport_source``: approvals drawing on the same import permit are serialised.
    ``manual``: false for what happens by itself (expiry, exhaustion), never through a request.
    ``asks``: the action asks the applicant something; its reason stands at the top of the
    application until the applicant answers.
    ``answers``: the action answers what was asked (offered beside the question).
    """

    stamps: tuple[str, ...] = ()
    starts_clock: str | None = None
    copies: tuple[tuple[str, str], ...] = ()
    clears: tuple[str, ...] = ()
    accepts: tuple[str, ...] = ()
    records: tuple[str, ...] = ()
    screened: bool = False
    keeps_list_versions: bool = False
    decides: bool = False
    issues_permit: bool = False
    second_factor: bool = False
    locks_reexport_source: bool = False
    manual: bool = True
    asks: bool = False
    answers: bool = False


NO_EFFECTS = Effects()
FILED = Effects(stamps=("submitted_at",), starts_clock="completeness", screened=True)
DECIDED = Effects(stamps=("decided_at",), screened=True, keeps_list_versions=True, decides=True)

APPLICATION_EFFECTS = {
    "submit": FILED,
    "resubmit": FILED,
    "accept": Effects(stamps=("accepted_at",), starts_clock="decision",
                      clears=("decision_extension_reason",)),
    "request_info": Effects(asks=True),
    "respond": Effects(answers=True),
    "recommend": Effects(copies=(("recommendation", "recommendation"),),
                         accepts=("recommendation",), records=("recommendation",)),
    "send_back": Effects(clears=("recommendation",)),
    "approve": replace(DECIDED, issues_permit=True, second_factor=True,
                       locks_reexport_source=True, records=("permit",)),
    "refuse": replace(DECIDED, copies=(("refusal_grounds", "grounds"),), accepts=("grounds",),
                      records=("grounds",)),
}  # fmt: skip

PERMIT_EFFECTS = {
    "expire": Effects(manual=False),
    "exhaust": Effects(manual=False),
}


def application_effects(action: str) -> Effects:
    """The effects of an application action (none beyond the state for most)."""
    return APPLICATION_EFFECTS.get(action, NO_EFFECTS)


def permit_effects(action: str) -> Effects:
    """The effects of a permit action."""
    return PERMIT_EFFECTS.get(action, NO_EFFECTS)
