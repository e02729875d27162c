"""Reading the UN Security Council consolidated sanctions list in its published XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from permits.compliance.files import RowErrors
from permits.compliance.names import normalize_name
from permits.domain.errors import InvalidInput

SECTIONS = (("INDIVIDUALS", "INDIVIDUAL", "individual"), ("ENTITIES", "ENTITY", "entity"))
NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")


@dataclass
class ListedName:
    """One name of a listed party, as written and normalised."""

    name: str
    normalized: str
    is_alias: bool
    quality: str | None = None


@dataclass
class ListedParty:
    """An individual or entity of the list with every name it is known by."""

    reference_number: str
    kind: str
    list_type: str | None
    primary_name: str
    listed_on: date | None
    names: list[ListedName] = field(default_factory=list)


@dataclass(frozen=True)
class SanctionsList:
    """The parsed list: when the UN generated it, and its parties."""

    generated: str | None
    parties: list[ListedParty]


def _text(element: ET.Element, tag: str) -> str:
    return " ".join((element.findtext(tag) or "").split())


def _name(value: str, is_alias: bool, quality: str | None = None) -> ListedName | None:
    normalized = normalize_name(value)
    return ListedName(value, normalized, is_alias, quality) if normalized else None


def _aliases(element: ET.Element, alias_tag: str) -> list[ListedName]:
    found = []
    for alias in element.iter(alias_tag):
        value = _text(alias, "ALIAS_NAME")
        named = _name(value, True, _text(alias, "QUALITY") or None) if value else None
        if named:
            found.append(named)
    original = _text(element, "NAME_ORIGINAL_SCRIPT")
    if original and (named := _name(original, True, "original script")):
        found.append(named)
    return found


def _party(element: ET.Element, kind: str, where: str, problems: RowErrors) -> ListedParty | None:
    reference = _text(element, "REFERENCE_NUMBER")
    primary = " ".join(p for p in (_text(element, t) for t in NAME_PARTS) if p)
    if not reference:
        problems.add(f"{where}.REFERENCE_NUMBER", "Missing.")
    if not primary:
        problems.add(f"{where}.FIRST_NAME", "Missing.")
    listed_on = None
    if listed := _text(element, "LISTED_ON"):
        try:
            listed_on = date.fromisoformat(listed[:10])
        except ValueError:
            problems.add(f"{where}.LISTED_ON", f"'{listed}' is not a date.")
    if not reference or not primary:
        return None
    party = ListedParty(reference, kind, _text(element, "UN_LIST_TYPE") or None, primary, listed_on)
    first = _name(primary, False)
    party.names = ([first] if first else []) + _aliases(element, f"{element.tag}_ALIAS")
    return party


def parse_sanctions_list(content: bytes, source: str) -> SanctionsList:
    """Check and read the consolidated list XML; InvalidInput names every bad record."""
    try:
        # defusedxml: an admin-supplied file must not expand entities or reach the network.
        root = fromstring(content, forbid_dtd=True)
    except DefusedXmlException as error:
        raise InvalidInput({"file": [f"{source} uses forbidden XML features: {error}."]}) from None
    except ET.ParseError as error:
        raise InvalidInput({"file": [f"{source} is not well-formed XML: {error}."]}) from None
    if root.tag != "CONSOLIDATED_LIST":
        raise InvalidInput(
            {"file": [f"{source}: the root element is {root.tag}, not CONSOLIDATED_LIST."]}
        )
    problems, parties, seen = RowErrors(), [], {}
    for section, tag, kind in SECTIONS:
        for index, element in enumerate(root.findall(f"{section}/{tag}"), start=1):
            where = f"{tag} {index}"
            party = _party(element, kind, where, problems)
            if party and party.reference_number in seen:
                problems.add(
                    where, f"{party.reference_number} is also {seen[party.reference_number]}."
                )
            elif party:
                seen[party.reference_number] = where
                parties.append(party)
    if not parties and not problems.errors:
        problems.add("file", f"{source} lists no INDIVIDUAL or ENTITY.")
    problems.raise_if_any()
    return SanctionsList(root.get("dateGenerated"), parties)
