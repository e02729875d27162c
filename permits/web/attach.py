"""Attaching checklist documents from the application page: one form with a block per open
checklist item (its file and particulars). Blank blocks are skipped; each document is attached
in its own transaction, so the good ones are kept and the failing ones come back with their
messages beside their fields and what was typed (the file must be chosen again)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage, MultiDict

from permits.domain import errors
from permits.domain.actors import Principal
from permits.services.documents import Intake, Upload, upload_document
from permits.web.form_problems import Returned, plain_message
from workflows.checklist import ItemStatus

FORM_ID = "attach"
# The particulars a block carries, by the names the service takes.
FIELDS = (
    *("kind", "number", "issuer", "issuing_country", "issued_on", "valid_until"),
    *("authenticated", "undertaking_no_reexport", "destination_country", "covers_country"),
)
# What must be typed before the service is asked, with the words said when it is not.
NEEDED = {
    "number": _l("Enter the document's number."),
    "issuer": _l("Enter who issued the document."),
    "issued_on": _l("Enter the date the document was issued."),
}
# The fields as the error summary names them, after the item.
FIELD_WORDS = {
    "kind": _l("kind of document"),
    "file": _l("file"),
    "number": _l("document number"),
    "issuer": _l("issued by"),
    "issuing_country": _l("issuing country"),
    "issued_on": _l("date of issue"),
    "valid_until": _l("valid until"),
    "destination_country": _l("destination named"),
    "quantity": _l("quantity"),
}
# Typed text that makes a block more than blank (selects and ticks have defaults).
TYPED = ("number", "issuer", "issued_on", "valid_until")


def block_name(status: ItemStatus) -> str:
    """The name of an item's block: its key, with the country for a per-country item."""
    return f"{status.key}-{status.country}" if status.country else status.key


@dataclass
class Block:
    """One item's part of the form: what was typed (by field name) and the file chosen."""

    name: str
    status: ItemStatus | None
    typed: dict[str, str]
    file: FileStorage | None
    # (model, typed quantity) of an origin consent, in the form's order.
    quantities: list[tuple[str, str]] = field(default_factory=list)

    @property
    def blank(self) -> bool:
        """Nothing chosen or typed: the block is skipped."""
        typed = [self.typed.get(n, "") for n in TYPED] + [v for _m, v in self.quantities]
        return self.file is None and not any(v.strip() for v in typed)

    def element(self, name: str = "") -> str:
        """The element id of one of the block's fields (or of the block itself)."""
        return f"{FORM_ID}-{self.name}-{name}" if name else f"{FORM_ID}-{self.name}"

    def say(self, returned: Returned, name: str, message: str) -> None:
        """A message beside one of the block's fields (or the block), which the summary
        names by the item and the field."""
        item = _(self.status.label) if self.status else self.typed["kind"] or _("Document")
        words = FIELD_WORDS.get(name.split("-")[0])
        returned.names[self.element(name)] = f"{item}, {words}" if words else item
        returned.add(self.element(name), message)


def _file(files: MultiDict, name: str) -> FileStorage | None:
    chosen = files.get(name)
    return chosen if chosen is not None and chosen.filename else None


def read_blocks(form: MultiDict, files: MultiDict, statuses: list[ItemStatus]) -> list[Block]:
    """The blocks of the multi-document form, one per open item (``<block>-<field>`` names)."""
    blocks = []
    for status in statuses:
        name = block_name(status)
        typed = {n: form.get(f"{name}-{n}", "") for n in FIELDS}
        counts = []
        while f"{name}-model-{len(counts)}" in form:
            n = len(counts)
            counts.append((form[f"{name}-model-{n}"], form.get(f"{name}-quantity-{n}", "")))
        blocks.append(Block(name, status, typed, _file(files, f"{name}-file"), counts))
    return blocks


def single_block(form: MultiDict, files: MultiDict, statuses: list[ItemStatus]) -> Block:
    """The one document of the single-item form (plain field names), as the block of its
    item when the item is open."""
    typed = {n: form.get(n, "") for n in FIELDS}
    status = next(
        (s for s in statuses
         if typed["kind"] in s.kinds and (s.country or "") == typed["covers_country"]),
        None,
    )  # fmt: skip
    name = block_name(status) if status else typed["kind"] or "document"
    return Block(name, status, typed, _file(files, "file"))


def as_typed(block: Block) -> MultiDict:
    """What the single-item form sent, under the multi-document form's names."""
    return MultiDict({f"{block.name}-{k}": v for k, v in block.typed.items()})


def forget(typed: MultiDict, block: Block) -> None:
    """Drop what was typed into a block whose document is attached: it is not shown again."""
    for key in [k for k in typed if k.startswith(f"{block.name}-")]:
        typed.poplist(key)


def _metadata(block: Block) -> dict[str, Any]:
    typed, status = block.typed, block.status
    kind = typed["kind"] if status is None or typed["kind"] in status.kinds else status.kinds[0]
    meta: dict[str, Any] = {
        "kind": kind,
        "authenticated": bool(typed["authenticated"]),
        **{n: typed[n].strip() for n in ("number", "issuer", "issuing_country", "issued_on")},
    }
    if typed["valid_until"].strip():
        meta["valid_until"] = typed["valid_until"].strip()
    country = status.country if status else typed["covers_country"]
    if country:
        meta["covers_country"] = country
    if kind == "foreign_end_user_certificate":
        meta["undertaking_no_reexport"] = bool(typed["undertaking_no_reexport"])
    if kind == "origin_consent":
        meta["destination_country"] = typed["destination_country"]
        meta["quantities"] = {m: int(v) for m, v in block.quantities if v.strip()}
    return meta


def _missing(block: Block, returned: Returned) -> bool:
    """Say what is missing before the service is asked; True when something is."""
    problems = [] if block.file else [("file", _("Choose the file of the document."))]
    problems += [(n, str(words)) for n, words in NEEDED.items() if not block.typed[n].strip()]
    problems += [
        (f"quantity-{n}", _("Enter a whole number, like 4."))
        for n, (_model, value) in enumerate(block.quantities)
        if value.strip() and not value.strip().isdecimal()
    ]
    for name, message in problems:
        block.say(returned, name, message)
    return bool(problems)


def _place(block: Block, invalid: errors.InvalidInput, returned: Returned) -> None:
    for path, messages in invalid.errors.items():
        name = path.split(".")[0]
        if name == "quantities" and block.quantities:
            name = "quantity-0"
        elif name not in FIELDS and name != "file":
            name = ""
        for message in messages:
            block.say(returned, name, plain_message(message))


def attach_one(
    session: Session,
    actor: Principal,
    application_id: int,
    block: Block,
    intake: Intake,
    returned: Returned,
) -> bool:
    """Attach one block's document in its own transaction; on failure its messages go into
    ``returned`` beside its fields. InvalidState (the application moved on) is raised."""
    if _missing(block, returned):
        _choose_again(block, returned)
        return False
    upload = Upload(block.file.filename or "document", block.file.read())
    try:
        upload_document(session, actor, application_id, upload, _metadata(block), intake)
    except errors.InvalidInput as invalid:
        _place(block, invalid, returned)
    except (errors.MalwareFound, errors.PayloadTooLarge) as refused:
        block.say(returned, "file", _(refused.message))
    else:
        return True
    session.rollback()
    _choose_again(block, returned)
    return False


def _choose_again(block: Block, returned: Returned) -> None:
    """A browser never keeps a chosen file: the block's file must be chosen again."""
    if block.file is not None and not returned.errors(block.element("file")):
        block.say(returned, "file", _("Choose the file again: the page cannot keep it for you."))
