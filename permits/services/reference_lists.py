"""Versioned compliance lists: loading embargo and sanctions lists and marking year codes.

A load is one transaction: a file that fails any check leaves the version in force untouched.
The newest version of a kind is the one in force; older versions stay for the decisions that
were checked against them.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.orm import Session

from permits.audit.chain import record_event
from permits.compliance.embargo_list import (
    parse_country_flags,
    parse_embargo_list,
    parse_year_codes,
)
from permits.compliance.sanctions_list import parse_sanctions_list
from permits.domain import errors
from permits.domain.access import require_role
from permits.domain.actors import Principal
from permits.domain.clock import Clock
from permits.models import (
    Country,
    EmbargoRegime,
    ListVersion,
    MarkingYearCode,
    SanctionsEntry,
    SanctionsName,
)
from permits.services.embargo_effects import suspend_newly_embargoed
from permits.services.lists_in_force import current_version
from permits.services.uow import unit_of_work


def _new_version(
    session: Session,
    actor: Principal,
    kind: str,
    content: bytes,
    source: str,
    label: str | None,
    count: int,
) -> ListVersion:
    digest = hashlib.sha256(content).hexdigest()
    latest = current_version(session, kind)
    if latest is not None and latest.sha256 == digest:
        raise errors.Conflict(
            f"This file is already loaded as {kind} list version {latest.version}"
        )
    version = ListVersion(
        kind=kind,
        version=(latest.version + 1 if latest else 1),
        label=label,
        source_name=source[-300:],
        sha256=digest,
        record_count=count,
        loaded_by=actor.username,
    )
    session.add(version)
    session.flush()
    return version


def _audit_load(session: Session, actor: Principal, version: ListVersion) -> None:
    record_event(
        session,
        actor,
        f"reference.{version.kind}.load",
        ("list", f"{version.kind}@{version.version}"),
        payload={
            "label": version.label,
            "sha256": version.sha256,
            "records": version.record_count,
            "source": version.source_name,
        },
    )


def import_embargo_list(
    session: Session,
    actor: Principal,
    content: bytes,
    source: str,
    label: str | None = None,
    *,
    clock: Clock,
) -> ListVersion:
    """Load a new embargo list version (admins); suspends permits it puts under a full embargo
    in force on the Ministry's today."""
    require_role(actor, "admin")
    with unit_of_work(session):
        countries = set(session.scalars(select(Country.code)))
        parsed = parse_embargo_list(content, source, countries)
        version = _new_version(
            session, actor, "embargoes", content, source, label or parsed.label, len(parsed.rows)
        )
        session.add_all(EmbargoRegime(list_version_id=version.id, **row) for row in parsed.rows)
        session.flush()
        _audit_load(session, actor, version)
        suspend_newly_embargoed(session, version, clock.today())
    return version


def import_sanctions_list(
    session: Session, actor: Principal, content: bytes, source: str
) -> ListVersion:
    """Load a new version of the UN consolidated list (admins); never an older one."""
    require_role(actor, "admin")
    parsed = parse_sanctions_list(content, source)
    with unit_of_work(session):
        latest = current_version(session, "sanctions")
        if (
            latest
            and latest.label
            and parsed.generated
            and parsed.generated[:19] < latest.label[:19]
        ):
            raise errors.InvalidInput(
                {
                    "dateGenerated": [
                        f"The file was generated {parsed.generated}, before version "
                        f"{latest.version} in force ({latest.label}); load the newer list."
                    ]
                }
            )
        version = _new_version(
            session, actor, "sanctions", content, source, parsed.generated, len(parsed.parties)
        )
        for party in parsed.parties:
            entry = SanctionsEntry(
                list_version_id=version.id,
                reference_number=party.reference_number,
                kind=party.kind,
                list_type=party.list_type,
                primary_name=party.primary_name[:500],
                listed_on=party.listed_on,
                names=[
                    SanctionsName(
                        name=n.name[:500],
                        normalized=n.normalized[:500],
                        is_alias=n.is_alias,
                        quality=n.quality,
                    )
                    for n in party.names
                ],
            )
            session.add(entry)
        session.flush()
        _audit_load(session, actor, version)
    return version


def import_year_codes(session: Session, actor: Principal, content: bytes, source: str) -> int:
    """Add or confirm marking year codes (admins); a year's code, once set, never changes."""
    require_role(actor, "admin")
    rows = parse_year_codes(content, source)
    with unit_of_work(session):
        known = {c.year: c.code for c in session.scalars(select(MarkingYearCode))}
        used = {code: year for year, code in known.items()}
        problems = {}
        for row in rows:
            if known.get(row["year"], row["code"]) != row["code"]:
                problems[f"year {row['year']}"] = [f"Already coded '{known[row['year']]}'."]
            elif used.get(row["code"], row["year"]) != row["year"]:
                problems[f"year {row['year']}"] = [
                    f"'{row['code']}' is {used[row['code']]}'s code."
                ]
        if problems:
            raise errors.InvalidInput(problems)
        added = [MarkingYearCode(**row) for row in rows if row["year"] not in known]
        session.add_all(added)
        session.flush()
        record_event(
            session,
            actor,
            "reference.year_codes.load",
            ("list", "year_codes"),
            payload={"added": {r.year: r.code for r in added}, "source": source[-300:]},
        )
    return len(added)


def import_country_flags(session: Session, actor: Principal, content: bytes, source: str) -> int:
    """Set countries' end-user-certificate flags from a file (admins); return how many changed."""
    require_role(actor, "admin")
    rows = parse_country_flags(content, source)
    with unit_of_work(session):
        countries = {c.code: c for c in session.scalars(select(Country))}
        unknown = {
            f"line {r['line']}.code": [f"'{r['code']}' is not in the country list."]
            for r in rows
            if r["code"] not in countries
        }
        if unknown:
            raise errors.InvalidInput(unknown)
        changed = {}
        for row in rows:
            country = countries[row["code"]]
            if country.requires_end_user_certificate != row["requires_end_user_certificate"]:
                country.requires_end_user_certificate = row["requires_end_user_certificate"]
                changed[row["code"]] = row["requires_end_user_certificate"]
        session.flush()
        record_event(
            session,
            actor,
            "reference.countries.flags",
            ("list", "countries"),
            payload={"changed": changed, "source": source[-300:]},
        )
    return len(changed)
