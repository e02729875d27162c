"""The JSON nesting scan: brackets counted outside strings, once, before anything is parsed."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from permits.domain.json_nesting import NestedTooDeep, load_json, nests_deeper_than


def nested(depth: int, opener: str = "[", closer: str = "]") -> bytes:
    return (opener * depth + closer * depth).encode()


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        (b"1", 0),
        (b'"text"', 0),
        (b"[]", 1),
        (b'{"a": [1, {"b": []}]}', 4),
        (b"[[], [], [[]]]", 3),
        (b'["[[[[", "{{{{"]', 1),
        (b'["a \\" [[[[ still in the string"]', 1),
        (b'["ends with a backslash \\\\", [[]]]', 3),
        (b'{"key [[": {"\\u0022[[": []}}', 3),
        ('["ünïcödé [[", ["€"]]'.encode(), 2),
    ],
)  # fmt: skip
def test_the_depth_counts_only_brackets_outside_strings(text, depth):
    assert not nests_deeper_than(text, depth)
    assert depth == 0 or nests_deeper_than(text, depth - 1)


def test_a_thousand_arrays_deep_is_deeper_than_thirty_two():
    assert nests_deeper_than(nested(1000), 32)
    assert nests_deeper_than(nested(33, "{", "}"), 32)
    assert not nests_deeper_than(nested(32), 32)


def test_an_unterminated_string_hides_the_brackets_after_it():
    assert not nests_deeper_than(b'["open' + b"[" * 100, 1)


def test_what_follows_an_unmatched_closer_is_never_parsed_so_either_answer_is_safe():
    text = b"[]]" + b"[" * 100
    with pytest.raises(json.JSONDecodeError, match="Extra data"):
        json.loads(text)
    assert nests_deeper_than(text, 32)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet='[]{}"\\ab\x00\u20ac'),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner,
                                                                max_size=3),
    max_leaves=40,
)  # fmt: skip


def depth_of(value: Any) -> int:
    if isinstance(value, list):
        return 1 + max(map(depth_of, value), default=0)
    if isinstance(value, dict):
        return 1 + max(map(depth_of, value.values()), default=0)
    return 0


@settings(max_examples=150, deadline=None)
@given(value=JSON_VALUES, limit=st.integers(min_value=0, max_value=6))
def test_on_valid_json_the_scan_agrees_with_the_parsed_depth(value, limit):
    for text in (json.dumps(value), json.dumps(value, ensure_ascii=False, indent=1)):
        assert nests_deeper_than(text.encode(), limit) == (depth_of(value) > limit)


def test_the_scan_is_linear_in_the_length_of_the_text():
    # Quadratic work would take minutes on these; linear takes well under a second each.
    cases = [
        b"[" + b'"' + b"\\\\" * 1_000_000 + b'"]',
        b"[" + b"[]," * 500_000 + b"[]]",
        b'["' + b"x" * 5_000_000 + b'"]',
        b'"' + b"\\" * 2_000_001,
    ]
    for text in cases:
        started = time.perf_counter()
        nests_deeper_than(text, 32)
        assert time.perf_counter() - started < 2


def test_load_json_parses_text_within_the_limit():
    value = {"a": [1, {"b": "[[["}]}
    assert load_json(json.dumps(value), 3) == value
    assert load_json(json.dumps(value).encode(), 3) == value


def test_load_json_refuses_text_nested_deeper_than_the_limit_before_parsing():
    with pytest.raises(NestedTooDeep, match="deeper than 32"):
        load_json(nested(100_000), 32)


def test_load_json_keeps_a_lone_surrogate_for_the_edge_to_refuse():
    assert load_json('{"name": "\\ud800"}', 1) == {"name": "\ud800"}
    assert load_json('["\ud800"]', 1) == ["\ud800"]


def test_load_json_refuses_bytes_that_are_not_utf8():
    with pytest.raises(UnicodeDecodeError, match="utf-8"):
        load_json(b'["\xff"]', 1)
