"""Firms and users: created and maintained by admins (or an operator at the command line)."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from permits.audit.chain import record_event
from permits.domain import errors
from permits.domain.access import is_record_id, require_role
from permits.domain.actors import Principal
from permits.domain.form_checks import Problems
from permits.domain.identifiers import bin_problem
from permits.domain.passwords import hash_password, password_problem
from permits.models import Firm, User
from permits.models.firms import ROLES
from permits.services.auth import revoke_all_tokens
from permits.services.uow import unit_of_work

USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def _firm_problems(name: str, bin_: str, licence_number: str, valid_until: date) -> Problems:
    problems = Problems()
    if not name.strip() or len(name) > 300:
        problems.add("name", "A firm name of 1 to 300 characters is required.")
    if problem := bin_problem(bin_):
        problems.add("bin", problem + ".")
    if not licence_number.strip() or len(licence_number) > 64:
        problems.add("licence_number", "A licence number of 1 to 64 characters is required.")
    if not isinstance(valid_until, date):
        problems.add("licence_valid_until", "A date (YYYY-MM-DD) is required.")
    return problems


def create_firm(
    session: Session,
    actor: Principal,
    *,
    name: str,
    bin_number: str,
    licence_number: str,
    licence_valid_until: date,
    address: str = "",
) -> Firm:
    """Register a firm licensed to trade in civilian or service weapons."""
    require_role(actor, "admin")
    problems = _firm_problems(name, bin_number, licence_number, licence_valid_until)
    with unit_of_work(session):
        if not problems.errors and session.scalar(select(Firm.id).where(Firm.bin == bin_number)):
            problems.add("bin", f"A firm with BIN {bin_number} already exists.")
        problems.raise_if_any()
        firm = Firm(
            name=name.strip(),
            bin=bin_number,
            address=address.strip(),
            licence_number=licence_number.strip(),
            licence_valid_until=licence_valid_until,
        )
        session.add(firm)
        session.flush()
        record_event(
            session,
            actor,
            "firm.create",
            ("firm", firm.id),
            payload={
                "name": firm.name,
                "bin": firm.bin,
                "licence_number": firm.licence_number,
                "licence_valid_until": firm.licence_valid_until.isoformat(),
            },
        )
    return firm


def _user_problems(
    session: Session, username: str, role: str, firm_bin: str | None, is_head: bool, password: str
) -> tuple[Problems, Firm | None]:
    problems, firm = Problems(), None
    if not USERNAME.fullmatch(username):
        problems.add("username", "1 to 64 letters, digits, '.', '-' or '_'.")
    elif session.scalar(select(User.id).where(User.username == username)):
        problems.add("username", f"User '{username}' already exists.")
    if role not in ROLES:
        problems.add("role", f"Must be one of: {', '.join(ROLES)}.")
    if role == "applicant":
        firm = session.scalar(select(Firm).where(Firm.bin == firm_bin)) if firm_bin else None
        if firm is None:
            problems.add("firm", "An applicant belongs to a registered firm: give its BIN.")
    elif firm_bin:
        problems.add("firm", "Only applicants belong to a firm.")
    if is_head and role != "applicant":
        problems.add("head", "Only an applicant can be the head of a firm.")
    if problem := password_problem(password):
        problems.add("password", f"The password {problem}.")
    return problems, firm


def create_user(
    session: Session,
    actor: Principal,
    *,
    username: str,
    role: str,
    password: str,
    firm_bin: str | None = None,
    is_head: bool = False,
    full_name: str = "",
) -> User:
    """Create a user; applicants name their firm by BIN."""
    require_role(actor, "admin")
    with unit_of_work(session):
        problems, firm = _user_problems(session, username, role, firm_bin, is_head, password)
        problems.raise_if_any()
        user = User(
            username=username,
            full_name=full_name.strip(),
            password_hash=hash_password(password),
            role=role,
            firm_id=firm.id if firm else None,
            is_head=is_head,
        )
        session.add(user)
        session.flush()
        record_event(
            session,
            actor,
            "user.create",
            ("user", user.id),
            payload={
                "username": username,
                "role": role,
                "firm_id": user.firm_id,
                "is_head": is_head,
            },
        )
    return user


def set_password(session: Session, actor: Principal, user_id: int, password: str) -> User:
    """Replace a user's password (admins only) and revoke their tokens; never record it."""
    require_role(actor, "admin")
    if problem := password_problem(password):
        raise errors.InvalidInput({"password": [f"The password {problem}."]})
    with unit_of_work(session):
        user = session.get(User, user_id) if is_record_id(user_id) else None
        if user is None:
            raise errors.NotFound(f"User {user_id} not found")
        user.password_hash = hash_password(password)
        user.must_change_password = True  # an admin knows it: the user replaces it first
        revoke_all_tokens(session, user.id)
        record_event(session, actor, "user.password_reset", ("user", user.id))
    return user


def list_firms(session: Session, actor: Principal) -> list[Firm]:
    """Every firm, by name (admins and auditors)."""
    require_role(actor, "admin", "auditor")
    return list(session.scalars(select(Firm).order_by(Firm.name)))


def list_users(session: Session, actor: Principal) -> list[User]:
    """Every user, by username (admins and auditors)."""
    require_role(actor, "admin", "auditor")
    return list(session.scalars(select(User).order_by(User.username)))
