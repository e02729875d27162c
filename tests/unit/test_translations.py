"""Every string the interface shows has a Russian translation, and the compiled catalogue is
the one the sources give."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "permits" / "translations" / "ru" / "LC_MESSAGES"
METHODS = [
    ("permits/**.py", "python"),
    ("workflows/**.py", "python"),
    ("templates/**.html", "jinja2"),
]
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "_l": None,
    "lazy_gettext": None,
    "N_": None,
}


def extracted() -> set[str]:
    found = extract_from_dir(str(ROOT), METHODS, keywords=KEYWORDS)
    return {message[2] if isinstance(message[2], str) else message[2][0] for message in found}


def test_every_visible_string_has_a_russian_translation():
    catalogue = read_po((CATALOGUE / "messages.po").open("rb"))
    translated = {m.id: m.string for m in catalogue if m.id and m.string and not m.fuzzy}
    missing = sorted(extracted() - set(translated))
    assert missing == [], f"untranslated (run scripts/translations, then translate): {missing}"


def test_the_compiled_catalogue_matches_its_source():
    source = read_po((CATALOGUE / "messages.po").open("rb"))
    compiled = read_mo((CATALOGUE / "messages.mo").open("rb"))
    assert {m.id: m.string for m in source if m.id} == {m.id: m.string for m in compiled if m.id}
