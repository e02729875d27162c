"""Reading embargo, sanctions, year-code and country-flag files; names; working days."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from permits.compliance.calendar import add_working_days, is_working_day, working_days_between
from permits.compliance.embargo_list import (
    parse_country_flags,
    parse_embargo_list,
    parse_year_codes,
)
from permits.compliance.names import normalize_name
from permits.compliance.sanctions_list import parse_sanctions_list
from permits.domain.errors import InvalidInput
from tests.conftest import SAMPLE_SANCTIONS

COUNTRIES = {"KP", "IR", "IQ", "UZ", "SO"}
HEADER = "regime,name,country,scope,direction,resolutions,effective_from,effective_to\n"


def embargoes(*rows: str) -> bytes:
    return (HEADER + "".join(r + "\n" for r in rows)).encode()


def refused(call, *args) -> dict[str, list[str]]:
    with pytest.raises(InvalidInput) as error:
        call(*args)
    return error.value.errors


def test_a_csv_embargo_list_reads_into_regimes():
    parsed = parse_embargo_list(
        embargoes(
            "DPRK,DPRK,KP,full,both,1718 1874,2006-10-14,",
            "ISIL,ISIL and Al-Qaida,,listed_parties,to,1267;2253,1999-10-15,",
        ),
        "list.csv",
        COUNTRIES,
    )
    assert [r["resolutions"] for r in parsed.rows] == [["1718", "1874"], ["1267", "2253"]]
    assert parsed.rows[0]["effective_from"] == date(2006, 10, 14)
    assert parsed.rows[1]["country"] is None


def test_a_json_embargo_list_reads_with_its_label():
    rows = [
        {
            "regime": "IRAN",
            "name": "Iran",
            "country": "IR",
            "scope": "full",
            "direction": "both",
            "resolutions": ["1737"],
            "effective_from": "2025-09-28",
        }
    ]
    parsed = parse_embargo_list(
        json.dumps({"label": "2026-01", "rows": rows}).encode(), "list.json", COUNTRIES
    )
    assert parsed.label == "2026-01" and parsed.rows[0]["effective_to"] is None


def test_every_bad_line_and_column_of_an_embargo_file_is_named():
    errors = refused(
        parse_embargo_list,
        embargoes(
            "DPRK,DPRK,XX,full,both,1718,2006-10-14,",
            "IRAQ,Iraq,IQ,partial,to,1546,2004-06-08,",
            "IRAN,Iran,IR,full,sideways,res1737,2025-13-01,",
            "UZX,Nobody,,full,to,1,2020-01-01,2019-01-01",
        ),
        "list.csv",
        COUNTRIES,
    )
    assert set(errors) == {
        "line 2.country",
        "line 3.scope",
        "line 4.direction",
        "line 4.resolutions",
        "line 4.effective_from",
        "line 5.country",
        "line 5.effective_to",
    }


def test_unknown_columns_missing_values_and_overlapping_periods_are_refused():
    unknown = (
        b"regime,name,country,scope,direction,resolutions,effective_from,colour\n"
        b"A,A,KP,full,to,1,2020-01-01,red\n"
    )
    assert (
        "Unknown column 'colour'"
        in refused(parse_embargo_list, unknown, "x.csv", COUNTRIES)["line 2"][0]
    )
    missing = embargoes("A,,KP,full,to,,2020-01-01,")
    assert set(refused(parse_embargo_list, missing, "x.csv", COUNTRIES)) == {
        "line 2.name",
        "line 2.resolutions",
    }
    overlap = embargoes(
        "LY,Libya,IR,full,to,1970,2011-02-26,2020-12-31", "LY,Libya,IR,full,to,1970,2020-06-01,"
    )
    assert (
        "overlaps the period of line 2"
        in refused(parse_embargo_list, overlap, "x.csv", COUNTRIES)["line 3"][0]
    )
    consecutive = embargoes(
        "LY,Libya,IR,full,to,1970,2011-02-26,2020-05-31", "LY,Libya,IR,full,to,1970,2020-06-01,"
    )
    assert len(parse_embargo_list(consecutive, "x.csv", COUNTRIES).rows) == 2


def test_files_that_do_not_parse_are_refused_with_a_message():
    assert "not valid JSON" in refused(parse_embargo_list, b"{nope", "x.json", COUNTRIES)["file"][0]
    assert (
        "not UTF-8" in refused(parse_embargo_list, b"\xff\xfe\x00", "x.csv", COUNTRIES)["file"][0]
    )
    assert (
        "lists nothing"
        in refused(parse_embargo_list, HEADER.encode(), "x.csv", COUNTRIES)["file"][0]
    )
    ragged = HEADER.encode() + b"A,B\n"
    assert (
        "differs from the header"
        in refused(parse_embargo_list, ragged, "x.csv", COUNTRIES)["line 2"][0]
    )


def test_the_sample_un_list_reads_individuals_entities_aliases_and_original_script():
    parsed = parse_sanctions_list(SAMPLE_SANCTIONS.read_bytes(), SAMPLE_SANCTIONS.name)
    assert parsed.generated.startswith("2025-11-20")
    by_ref = {p.reference_number: p for p in parsed.parties}
    assert by_ref["KPe.001"].kind == "entity" and by_ref["KPi.066"].kind == "individual"
    assert "komid" in {n.normalized for n in by_ref["KPe.001"].names}
    krasnov = {n.normalized for n in by_ref["XXi.001"].names}
    assert {
        "viktor anatolyevich krasnov",
        "viktor krasnoff",
        "viktor anatolevich krasnov",
    } <= krasnov


def test_a_bad_sanctions_file_is_refused_naming_the_record():
    assert (
        "not well-formed XML"
        in refused(parse_sanctions_list, b"<CONSOLIDATED_LIST>", "x.xml")["file"][0]
    )
    assert "root element is LIST" in refused(parse_sanctions_list, b"<LIST/>", "x.xml")["file"][0]
    xml = (
        b"<CONSOLIDATED_LIST><INDIVIDUALS>"
        b"<INDIVIDUAL><FIRST_NAME>A</FIRST_NAME><REFERENCE_NUMBER>R1</REFERENCE_NUMBER></INDIVIDUAL>"
        b"<INDIVIDUAL><FIRST_NAME>B</FIRST_NAME><REFERENCE_NUMBER>R1</REFERENCE_NUMBER></INDIVIDUAL>"
        b"<INDIVIDUAL><FIRST_NAME>C</FIRST_NAME></INDIVIDUAL>"
        b"</INDIVIDUALS></CONSOLIDATED_LIST>"
    )
    errors = refused(parse_sanctions_list, xml, "x.xml")
    assert set(errors) == {"INDIVIDUAL 2", "INDIVIDUAL 3.REFERENCE_NUMBER"}
    bomb = b'<!DOCTYPE x [<!ENTITY a "aaaa">]><CONSOLIDATED_LIST>&a;</CONSOLIDATED_LIST>'
    assert "forbidden XML" in refused(parse_sanctions_list, bomb, "x.xml")["file"][0]


def test_year_codes_and_country_flags_files_are_checked():
    assert parse_year_codes(b"year,code\n2031,z\n", "y.csv") == [{"year": 2031, "code": "Z"}]
    errors = refused(parse_year_codes, b"year,code\n2031,Z\n2032,Z\n20x3,A\n2034,A1\n", "y.csv")
    assert set(errors) == {"line 3.code", "line 4.year", "line 5.code"}
    flags = parse_country_flags(b"code,requires_end_user_certificate\nuz,yes\n", "f.csv")
    assert flags[0]["code"] == "UZ" and flags[0]["requires_end_user_certificate"] is True
    assert set(
        refused(parse_country_flags, b"code,requires_end_user_certificate\nUZ,maybe\n", "f.csv")
    ) == {"line 2.requires_end_user_certificate"}


def test_names_fold_case_punctuation_accents_and_cyrillic():
    assert normalize_name("  KRASNOV, Viktor-Anatolyevich ") == "krasnov viktor anatolyevich"
    assert normalize_name("Виктор Краснов") == "viktor krasnov"
    assert normalize_name("ТОО «Қазақ Қару»") == "too kazak karu"
    assert normalize_name("Société Générale") == "societe generale"


@given(st.text(max_size=60))
def test_normalised_names_are_plain_lower_case_latin_and_stable(text):
    normal = normalize_name(text)
    assert normal == normalize_name(normal)
    assert all(ch.isascii() and (ch.isalnum() or ch == " ") for ch in normal)
    assert normal == normal.lower().strip()


def test_deadline_arithmetic_skips_kazakh_public_holidays_and_weekends():
    # Independence Day, Wednesday 16 December 2026.
    assert not is_working_day(date(2026, 12, 16))
    assert add_working_days(date(2026, 12, 14), 2) == date(2026, 12, 17)
    # Friday before Nauryz (21-25 March 2026): Monday to Wednesday are off.
    assert add_working_days(date(2026, 3, 20), 2) == date(2026, 3, 27)
    assert working_days_between(date(2026, 3, 20), date(2026, 3, 27)) == 2


@given(
    st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    st.integers(min_value=0, max_value=40),
)
def test_adding_working_days_lands_on_a_working_day_that_many_working_days_later(start, days):
    end = add_working_days(start, days)
    assert working_days_between(start, end) == days
    assert days == 0 or is_working_day(end)
