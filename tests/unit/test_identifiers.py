"""BIN and IIN check digits, and the ISO codes the forms accept."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from permits.domain.identifiers import (
    bin_problem,
    check_digit,
    iin_problem,
    is_country_code,
    is_currency_code,
    with_check_digit,
)


@pytest.mark.parametrize("real_bin", ["971240001315", "940140000385", "990740000683"])
def test_real_kazakh_bins_are_valid(real_bin):
    assert bin_problem(real_bin) is None


@pytest.mark.parametrize(("value", "problem"), [
    ("97124000131", "exactly 12 digits"),
    ("9712400013155", "exactly 12 digits"),
    ("97124000131A", "exactly 12 digits"),
    ("".join(chr(0xFF10 + int(d)) for d in "971240001315"), "exactly 12 digits"),  # full-width
    ("971240001316", "check digit is wrong"),
])  # fmt: skip
def test_a_malformed_bin_is_refused_with_the_reason(value, problem):
    assert problem in bin_problem(value)


def test_a_bin_with_an_impossible_month_or_entity_type_is_refused():
    assert "YYMM" in bin_problem(with_check_digit("97134000131"))
    assert "fifth digit" in bin_problem(with_check_digit("97121000131"))


def test_an_iin_must_start_with_a_real_birth_date_and_century_digit():
    assert iin_problem(with_check_digit("85030240012")) is None
    assert "date of birth" in iin_problem(with_check_digit("85023040012"))
    assert "seventh digit" in iin_problem(with_check_digit("85030270012"))


elevens = st.text(alphabet="0123456789", min_size=11, max_size=11)


@given(elevens)
def test_a_completed_number_always_passes_its_checksum(first_eleven):
    assume(check_digit(first_eleven) is not None)
    problem = bin_problem(with_check_digit(first_eleven))
    assert problem is None or "check digit" not in problem


@given(elevens, st.integers(min_value=1, max_value=9))
def test_changing_the_check_digit_is_always_detected(first_eleven, shift):
    digit = check_digit(first_eleven)
    assume(digit is not None)
    wrong = first_eleven + str((digit + shift) % 10)
    assert bin_problem(wrong) == "BIN check digit is wrong"
    assert iin_problem(wrong) == "IIN check digit is wrong"


def test_eleven_digits_without_any_valid_check_digit_cannot_be_completed():
    impossible = next(f"{n:011d}" for n in range(10**6) if check_digit(f"{n:011d}") is None)
    with pytest.raises(ValueError, match="no valid check digit"):
        with_check_digit(impossible)


def test_country_and_currency_codes_follow_iso():
    assert is_country_code("KZ") and is_country_code("DE")
    assert not is_country_code("kz") and not is_country_code("XX") and not is_country_code("KAZ")
    assert is_currency_code("KZT") and not is_currency_code("ABC") and not is_currency_code("usd")
