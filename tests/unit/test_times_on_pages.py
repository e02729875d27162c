"""Every time a page shows goes through ``local_time`` (the Ministry's wall clock with its
offset): a template that formats an instant any other way would show the server's UTC."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
OTHER_FORMATTERS = re.compile(r"format_datetime|format_time|strftime|isoformat")


def test_no_template_formats_an_instant_but_through_local_time():
    found = [
        f"{page.name}: {line.strip()}"
        for page in sorted(TEMPLATES.glob("*.html"))
        for line in page.read_text().splitlines()
        if OTHER_FORMATTERS.search(line)
    ]
    assert found == []
