"""What the application editor shows for each permit type, read from the rules rather than
written again: the fields a submission requires come from the workflow's ``form_complete``
guard, the transit countries from the checklist (they matter where a non-objection is needed
per transit country), the goods line's required fields from the application form's schema.
And the goods lines added or removed by a submit button, without JavaScript."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from permits.domain.application_form import GoodsSchema
from workflows.checklist import CHECKLISTS, TYPE_LETTERS
from workflows.definitions import PERMIT_TYPES
from workflows.guards import required_form_fields

__all__ = ["GOODS_REQUIRED", "PERMIT_TYPES", "EditorShape", "changed_lines", "editor_shape"]
# The guard's names of the responsible person's fields; the editor's drop the prefix.
PERSON_PREFIX = "responsible_"
GOODS_REQUIRED = frozenset(n for n, f in GoodsSchema().fields.items() if f.required)
GOODS_KEY = re.compile(r"^goods-(\d+)-(.+)$")
COUNTERPART_LABELS = {"import": _l("Country of origin")}


@dataclass(frozen=True)
class EditorShape:
    """The editor of one permit type: its required fields and the sections it shows."""

    permit_type: str
    required: frozenset[str]
    transit: bool
    reexport: bool

    @property
    def counterpart_label(self) -> str:
        """The other country is where the goods come from on an import, else where they go."""
        return COUNTERPART_LABELS.get(self.permit_type, _l("Country of destination"))


def editor_shape(permit_type: str) -> EditorShape:
    """The shape of the editor for a permit type (one of ``PERMIT_TYPES``)."""
    required = frozenset(n.removeprefix(PERSON_PREFIX) for n in required_form_fields(permit_type))
    letter = TYPE_LETTERS[permit_type]
    checklist = CHECKLISTS[max(CHECKLISTS)]
    transit = any(item.per_transit_country and letter in item.types for item in checklist)
    return EditorShape(permit_type, required, transit, "reexport_of" in required)


def changed_lines(formdata: MultiDict, limit: int) -> MultiDict | None:
    """The form's data with a goods line added or removed, when one of those buttons was
    pressed (None otherwise); the lines are numbered again from 0, nothing else changes."""
    if "add_line" not in formdata and "remove_line" not in formdata:
        return None
    indices = sorted({int(m.group(1)) for k in formdata if (m := GOODS_KEY.match(k))})
    removed = formdata.get("remove_line", "")
    if removed.isdecimal() and int(removed) < len(indices):
        indices.pop(int(removed))
    renumbered = {old: new for new, old in enumerate(indices)}
    changed = MultiDict()
    for key, value in formdata.items(multi=True):
        match = GOODS_KEY.match(key)
        if key in ("add_line", "remove_line", "save"):
            continue
        if match is None:
            changed.add(key, value)
        elif int(match.group(1)) in renumbered:
            changed.add(f"goods-{renumbered[int(match.group(1))]}-{match.group(2)}", value)
    if "add_line" in formdata and len(indices) < limit:
        changed.add(f"goods-{len(indices)}-model", "")
    return changed
