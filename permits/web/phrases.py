"""Histories in words: each audit event type as a plain, translatable phrase ("Submitted to the
Ministry", "Approved; permit KZ-IMP-2026-000001 issued") instead of its code.

``PHRASES`` is the one table, keyed by event type; a key ``type/value`` is the phrase for the
event whose payload field named in ``VARIANTS`` has that value. Phrases name their parameters
(``%(document)s``); ``PARAMETERS`` are the names there are. Every event type the system writes
has a phrase (tests/unit/test_history_words.py finds them in the sources).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import format_date
from flask_babel import gettext as _

from permits.audit.history import HistoryEntry
from permits.web.vocabulary import N_

PHRASES: dict[str, str] = {
    "application.create": N_("Created as a draft"),
    "application.update": N_("Draft changed"),
    "application.submit": N_("Submitted to the Ministry"),
    "application.resubmit": N_("Resubmitted after corrections"),
    "application.accept": N_("Accepted as complete; the review started"),
    "application.return": N_("Returned to the applicant as incomplete"),
    "application.request_info": N_("Information requested from the applicant"),
    "application.respond": N_("Information request answered"),
    "application.recommend": N_("Decision recommended to the approver"),
    "application.recommend/approve": N_("Recommended approval"),
    "application.recommend/refuse": N_("Recommended refusal"),
    "application.approve": N_("Approved; permit %(permit)s issued"),
    "application.refuse": N_("Refused on the grounds: %(grounds)s"),
    "application.send_back": N_("Sent back to the officer for further review"),
    "application.withdraw": N_("Withdrawn by the applicant"),
    "application.assign": N_("Assigned to an officer"),
    "application.clear": N_("Compliance check cleared: %(cleared)s"),
    "application.clear/embargo_non_government": N_(
        "Embargo assessed: the end user is the government"
    ),
    "application.clear/sanctions_match": N_("Sanctions match cleared: %(cleared)s"),
    "application.clear/similar_refusal": N_("Earlier refusal judged not similar: %(cleared)s"),
    "application.extend_deadline": N_("Decision deadline extended to %(day)s"),
    "document.upload": N_("Document attached: %(document)s"),
    "document.accepted": N_("Document accepted: %(document)s"),
    "document.rejected": N_("Document rejected: %(document)s (%(reason)s)"),
    "document.quarantined": N_("A file was refused: the malware scanner found %(signature)s"),
    "document.scan_clean": N_("Malware scan passed: %(document)s"),
    "document.scan_infected": N_("Malware found in %(document)s; the file is quarantined"),
    "permit.shipment": N_("Shipment recorded: %(goods)s at %(customs_point)s"),
    "permit.suspend": N_("Permit suspended"),
    "permit.reinstate": N_("Permit reinstated"),
    "permit.revoke": N_("Permit revoked"),
    "permit.expire": N_("Permit expired: its validity ended"),
    "permit.exhaust": N_("Permit used up: everything was shipped"),
    "permit.verify": N_("Checked through the public verification"),
    "permit.verify/authentic": N_("Checked through the public verification: genuine"),
    "permit.verify/wrong_code": N_("A verification link with a wrong code was opened"),
    "permit.verify/tampered": N_("An altered copy was checked through the public verification"),
    "auth.login": N_("Signed in"),
    "auth.login_failed": N_("A sign-in failed"),
    "auth.logout": N_("Signed out"),
    "auth.denied": N_("Refused: %(method)s %(path)s"),
    "auth.second_factor_failed": N_("An authenticator code was refused"),
    "user.create": N_("User %(username)s created as %(role)s"),
    "user.password_reset": N_("Password reset by an administrator"),
    "user.password_change": N_("Password changed"),
    "user.totp_enrolled": N_("Authenticator enrolled"),
    "user.second_factor_reset": N_("Second factor reset by an administrator"),
    "auth.second_factor_missing": N_("A token was refused: no second factor enrolled yet"),
    "firm.create": N_("Firm %(name)s registered (BIN %(bin)s)"),
    "customs_point.create": N_("Customs point %(customs_point)s added"),
    "customs_point.update": N_("Customs point %(customs_point)s changed"),
    "country.update": N_("Flags of %(name)s changed"),
    "firm.licence_renew": N_("Licence renewed"),
    "firm.licence_suspend": N_("Licence suspended"),
    "user.role_change": N_("Role changed"),
    "user.deactivate": N_("User deactivated"),
    "keys.second_factor_rotated": N_("Authenticator secrets re-encrypted under a new key"),
    "reference.embargoes.load": N_("Embargo list loaded: %(label)s"),
    "reference.sanctions.load": N_("Sanctions list loaded: %(label)s"),
    "reference.year_codes.load": N_("Marking year codes loaded"),
    "reference.countries.flags": N_("Country flags changed"),
    "reference.weapon_models.load": N_("State register of weapon models loaded: %(label)s"),
}
# The payload field that picks a phrase of its own, by event type.
VARIANTS = {
    "application.recommend": "recommendation",
    "application.clear": "code",
    "permit.verify": "verdict",
}
UNITS = (N_("pcs"), N_("sets"), N_("rounds"))
PARAMETERS = (
    "permit", "grounds", "cleared", "day", "document", "reason", "signature", "goods",
    "customs_point", "method", "path", "username", "role", "name", "bin", "label",
)  # fmt: skip


class Params(dict):
    """A phrase's parameters: one the event lacks (an old event, a hidden detail) reads "—"."""

    def __missing__(self, _key: str) -> str:
        return "—"


def phrase_key(entry: HistoryEntry) -> str:
    """The key of the event's phrase in ``PHRASES``: its type, or its type and variant."""
    field = VARIANTS.get(entry.action)
    variant = f"{entry.action}/{entry.details.get(field)}" if field else None
    return variant if variant in PHRASES else entry.action


def history_words(entry: HistoryEntry) -> str:
    """The event in words, in the reader's language; its code if it has no phrase."""
    phrase = PHRASES.get(phrase_key(entry))
    if phrase is None:
        return entry.action
    present = {k: v for k, v in phrase_parameters(entry).items() if v not in (None, "", [])}
    return _(phrase) % Params(present)


def phrase_parameters(entry: HistoryEntry) -> dict[str, Any]:
    """Every parameter a phrase may name, from the event (None where it has none)."""
    details, mentions = entry.details, entry.mentions
    return {
        "permit": details.get("permit"),
        "grounds": ", ".join(_(g.replace("_", " ")) for g in details.get("grounds") or []),
        "cleared": details.get("key"),
        "day": _day(details.get("to")),
        "document": _document(mentions),
        "reason": entry.reason,
        "signature": details.get("signature"),
        "goods": _goods(mentions.get("goods") or []),
        "customs_point": mentions.get("customs_point"),
        "method": details.get("method"),
        "path": details.get("path"),
        "username": details.get("username"),
        "role": _(details["role"]) if details.get("role") else None,
        "name": details.get("name"),
        "bin": details.get("bin"),
        "label": details.get("label"),
    }


def _goods(totals: list[list[Any]]) -> str:
    return ", ".join(f"{n} {_(unit)}" if unit else str(n) for unit, n in totals)


def _document(mentions: dict[str, Any]) -> str | None:
    kind = mentions.get("document_kind")
    if kind is None:
        return None
    return f"{_(kind.replace('_', ' '))} {mentions.get('document_number') or ''}".strip()


def _day(value: Any) -> str | None:
    try:
        return format_date(date.fromisoformat(value)) if isinstance(value, str) else None
    except ValueError:
        return None
