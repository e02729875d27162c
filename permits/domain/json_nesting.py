"""JSON nested too deep, found before it is parsed.

Python's parser recurses once per array or object, so a text nested a thousand deep exhausts
the stack (RecursionError, a server error) before anything can say what is wrong with it. The
scan reads the raw UTF-8 bytes in three linear passes, each a C loop: drop escapes, drop what
lies between quotes (strings), then count brackets. A byte-at-a-time Python loop gives the same
answer but runs 10 to 100 times slower than parsing the text: seconds for a large body.

For valid JSON the depth is exact. For invalid JSON it may differ only after the point where a
parser gives up (a backslash or an unmatched closer outside strings, a string never closed), so
whatever is refused as too deep could not have been parsed anyway.
"""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any

ESCAPE = re.compile(rb"\\.", re.DOTALL)
# Openers become +1 and closers -1 (0xff, read as a signed byte); everything else is dropped.
STEPS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")
NOT_BRACKETS = bytes(sorted(set(range(256)) - set(b"[]{}")))
# Depth is summed a slice at a time so a text deep from its start is refused at once.
SLICE = 1 << 16


class NestedTooDeep(ValueError):
    """A JSON text nests arrays and objects deeper than the limit."""

    def __init__(self, limit: int):
        super().__init__(f"Nested deeper than {limit} levels.")
        self.limit = limit


def outside_strings(data: bytes) -> bytes:
    """A JSON text with its strings (and their escapes) left out."""
    # Once escapes are gone, the quotes left alternate: opening, closing, opening, ...
    return b"".join(ESCAPE.sub(b"", data).split(b'"')[::2])


def nests_deeper_than(data: bytes, limit: int) -> bool:
    """Whether a JSON text opens more than ``limit`` arrays or objects inside one another."""
    if data.count(b"[") + data.count(b"{") <= limit:
        return False  # it cannot nest deeper than it opens
    steps = memoryview(outside_strings(data).translate(STEPS, NOT_BRACKETS)).cast("b")
    depth = 0
    for start in range(0, len(steps), SLICE):
        depths = list(accumulate(steps[start : start + SLICE], initial=depth))
        if max(depths) > limit:
            return True
        depth = depths[-1]
    return False


def load_json(text: str | bytes, max_depth: int) -> Any:
    """Parse UTF-8 JSON nested at most ``max_depth`` deep; ValueError (NestedTooDeep) if not."""
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    if nests_deeper_than(data, max_depth):
        raise NestedTooDeep(max_depth)
    return json.loads(data.decode("utf-8") if isinstance(text, bytes) else text)
