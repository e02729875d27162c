"""``PERMITS_SECOND_FACTOR_ROLES``: which roles must use a second factor, read at start."""

from __future__ import annotations

import logging

import pytest

from permits.assembly.app import warn_without_second_factor
from permits.assembly.config import DEFAULTS, load_settings, second_factor_roles
from permits.domain.errors import InvalidInput


def test_officers_approvers_and_admins_need_a_second_factor_by_default(tmp_path):
    assert DEFAULTS["SECOND_FACTOR_ROLES"] == "officer,approver,admin"
    settings = load_settings({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x"})
    assert settings["SECOND_FACTOR_ROLES"] == {"officer", "approver", "admin"}


def test_customs_and_auditors_may_be_added_with_spaces_around_the_names(monkeypatch, tmp_path):
    monkeypatch.setenv("PERMITS_SECOND_FACTOR_ROLES", " officer , customs,auditor,")
    settings = load_settings({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x"})
    assert settings["SECOND_FACTOR_ROLES"] == {"officer", "customs", "auditor"}


def test_an_empty_value_turns_the_rule_off():
    assert second_factor_roles("") == frozenset()
    assert second_factor_roles(" , ") == frozenset()


@pytest.mark.parametrize("value", ["officer,approvers", "applicant", "root"])
def test_an_unknown_or_unsuitable_role_refuses_to_start_naming_the_setting(value):
    with pytest.raises(InvalidInput) as refused:
        second_factor_roles(value)
    assert list(refused.value.errors) == ["PERMITS_SECOND_FACTOR_ROLES"]
    assert value.split(",")[-1] in refused.value.message


def test_the_rule_turned_off_is_warned_about_at_start(caplog):
    with caplog.at_level(logging.WARNING, logger="permits.security"):
        warn_without_second_factor({"SECOND_FACTOR_ROLES": frozenset({"admin"})})
        assert caplog.records == []
        warn_without_second_factor({"SECOND_FACTOR_ROLES": frozenset()})
    assert "PERMITS_SECOND_FACTOR_ROLES is empty" in caplog.text
