"""Forms that come back: when a service refuses what a form sent, the page of the form is drawn
again with everything typed kept, an error summary at the top linking to each field, and each
message beside its field in plain words (the GOV.UK pattern). No form leads to a dead end.

A page passes a ``Returned`` form to its template as ``returned``; ``base.html`` draws the
summary, and the templates' ``kept``/``problems`` helpers fill values and messages in."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

from permits.domain import errors

LINE_PATH = re.compile(r"^(goods|lines)\[(\d+)\]\.?(.*)$")
# The form library's generic words (marshmallow's) and the field names in a few of the
# services' messages, said plainly.
PLAIN_MESSAGES = {
    "Missing data for required field.": _l("Fill this in."),
    "Field may not be null.": _l("Fill this in."),
    "Shorter than minimum length 1.": _l("Fill this in."),
    "Not a valid integer.": _l("Enter a whole number."),
    "Not a valid number.": _l("Enter a number, like 2450.00."),
    "Not a valid date.": _l("Enter a date, like 2026-03-31."),
    "Must not be before issued_on.": _l("Must not be before the date of issue."),
}


def plain_message(message: str) -> str:
    """A service's message in plain words, in the reader's language where the catalogue has
    it (the services speak English)."""
    plain = PLAIN_MESSAGES.get(message)
    return str(plain) if plain is not None else _(message)


def plain_field(path: str) -> str:
    """A service's field path in words: ``lines[0].serial_numbers`` → "Goods line 1: serial
    numbers"."""
    match = LINE_PATH.match(path)
    if match:
        rest = plain_field(match.group(3)) if match.group(3) else ""
        line = _("Goods line %(n)s", n=int(match.group(2)) + 1)
        return f"{line}: {rest}" if rest else line
    words = path.replace(".", " ").replace("_", " ").strip()
    return _(words.capitalize()) if words else ""


@dataclass
class Returned:
    """One form sent back: its element id, what was typed, and the messages by element id
    (the empty id holds messages about the whole form)."""

    form_id: str
    typed: MultiDict = field(default_factory=MultiDict)
    messages: dict[str, list[str]] = field(default_factory=dict)
    # What the summary calls an element whose label alone is not enough (a field of one of
    # several blocks, e.g. "Supply contract, document number").
    names: dict[str, str] = field(default_factory=dict)

    def add(self, element_id: str, message: str) -> None:
        """One more message beside an element (or about the whole form, with an empty id)."""
        self.messages.setdefault(element_id, []).append(message)

    def value(self, form_id: str, name: str, default: str = "") -> str:
        """What was typed into a field of this form, else the default."""
        return self.typed.get(name, default) if form_id == self.form_id else default

    def values(self, form_id: str, name: str) -> list[str]:
        """Every value typed or checked under a name of this form."""
        return self.typed.getlist(name) if form_id == self.form_id else []

    def errors(self, element_id: str) -> list[str]:
        """The messages beside one element."""
        return self.messages.get(element_id, [])

    def summary(self) -> list[tuple[str, str]]:
        """(anchor, message) pairs for the summary; whole-form messages link to the form."""
        return [
            (element_id or self.form_id, self._named(element_id, message))
            for element_id, messages in self.messages.items()
            for message in messages
        ]

    def _named(self, element_id: str, message: str) -> str:
        name = self.names.get(element_id)
        return f"{name}: {message}" if name else message


def from_invalid(
    form_id: str, typed: MultiDict, invalid: errors.InvalidInput, ids: Mapping[str, str]
) -> Returned:
    """A service's field errors placed on a form's elements: ``ids`` maps a service path to
    its element id; a path without one is put in words and shown about the whole form."""
    returned = Returned(form_id, typed)
    for path, messages in invalid.errors.items():
        element_id = ids.get(path)
        for message in messages:
            if element_id:
                returned.add(element_id, message)
            else:
                named = plain_field(path)
                returned.add("", f"{named}: {message}" if named else message)
    return returned


def from_blockers(form_id: str, typed: MultiDict, blocked: Iterable[object]) -> Returned:
    """The reasons an action is blocked, shown about its form."""
    returned = Returned(form_id, typed)
    for blocker in blocked:
        returned.add("", getattr(blocker, "message", str(blocker)))
    return returned


def wtforms_summary(form: FlaskForm, form_id: str = "content") -> list[tuple[str, str]]:
    """(field id, "Label: message") for every error of a WTForms form, in field order; errors
    about the whole form link to the form."""
    found = [(form_id, message) for message in form.form_errors]
    for item in form:
        entries = getattr(item, "entries", None)
        for sub in _subfields(item) if entries is not None else [item]:
            found.extend((sub.id, f"{sub.label.text}: {error}") for error in _flat(sub.errors))
    return found


def _subfields(item: object) -> list[object]:
    subs = []
    for entry in item.entries:
        subs.extend(entry.form if hasattr(entry, "form") else [entry])
    return subs


def _flat(found: object) -> list[str]:
    if isinstance(found, dict):
        return [m for value in found.values() for m in _flat(value)]
    if isinstance(found, list | tuple):
        return [m for value in found for m in _flat(value)]
    return [str(found)]
