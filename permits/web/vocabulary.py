"""Words the pages translate at run time (states, kinds, action and checklist labels): listed
here so that message extraction finds them. ``N_`` marks a string without translating it."""

from __future__ import annotations


def N_(text: str) -> str:  # noqa: N802 (the conventional name of gettext_noop)
    """Mark a string for translation; return it unchanged."""
    return text


STATES = (
    N_("draft"),
    N_("submitted"),
    N_("returned"),
    N_("under review"),
    N_("info requested"),
    N_("awaiting decision"),
    N_("approved"),
    N_("refused"),
    N_("withdrawn"),
    N_("active"),
    N_("suspended"),
    N_("revoked"),
    N_("expired"),
    N_("exhausted"),
)
TYPES = (N_("import"), N_("export"), N_("transit"), N_("re export"))
KINDS = (
    N_("firearm"),
    N_("cartridges"),
    N_("parts"),
    N_("acquisition licence"),
    N_("certification agreement"),
    N_("conformity certificate"),
    N_("end user certificate"),
    N_("fee receipt"),
    N_("foreign end user certificate"),
    N_("import authorisation"),
    N_("industry licence"),
    N_("origin consent"),
    N_("state register agreement"),
    N_("supply contract"),
    N_("trade licence"),
    N_("transit non objection"),
)
VERIFICATION = (
    N_("pending"),
    N_("accepted"),
    N_("rejected"),
    N_("authentic"),
    N_("tampered"),
    N_("unknown"),
)
GROUNDS = (
    N_("embargo"),
    N_("sanctions match"),
    N_("diversion risk"),
    N_("documents"),
    N_("not licensed"),
    N_("other"),
)
ROLES = (
    N_("applicant"),
    N_("officer"),
    N_("approver"),
    N_("customs"),
    N_("auditor"),
    N_("admin"),
    N_("system"),
)
ACTIONS = (
    N_("Submit to the Ministry"),
    N_("Resubmit after corrections"),
    N_("Accept as complete and start review"),
    N_("Return to the applicant as incomplete"),
    N_("Request information from the applicant"),
    N_("Answer the information request"),
    N_("Recommend a decision to the approver"),
    N_("Approve and issue the permit"),
    N_("Refuse the application"),
    N_("Send back to the officer for further review"),
    N_("Withdraw the application"),
    N_("submit"),
    N_("resubmit"),
    N_("accept"),
    N_("return"),
    N_("request info"),
    N_("respond"),
    N_("recommend"),
    N_("approve"),
    N_("refuse"),
    N_("send back"),
    N_("withdraw"),
)
CHECKLIST = (
    N_("Licence to trade in civilian or service weapons (MIA)"),
    N_("Supply contract with specifications"),
    N_("Conformity certificate, or agreement to certify after import"),
    N_("Agreement to enter the model in the State register"),
    N_("Import/export licence (Ministry of Industry)"),
    N_("End-user certificate (guarantee obligation)"),
    N_("Authenticated end-user certificate of the receiving country"),
    N_("Import licence of the importing country"),
    N_("Non-objection of the transit country"),
    N_("Licence to acquire weapons (local police)"),
    N_("Consent of the country of origin to re-export"),
    N_("Receipt for the State fee"),
)
ERRORS = (
    N_("Bad request"),
    N_("Forbidden"),
    N_("Not found"),
    N_("Conflict"),
    N_("Too large"),
    N_("Unsupported file"),
    N_("Not possible"),
    N_("Too many attempts"),
    N_("Service unavailable"),
    N_("Error"),
)
# Messages of the services that pages show (the error page translates them).
SERVICE_MESSAGES = (
    N_("No authenticator is enrolled."),
    N_("The code is wrong or was already used."),
)
