"""Normalising party names for screening: case, punctuation, diacritics and Cyrillic script."""

from __future__ import annotations

import re
import unicodedata

# ICAO Doc 9303 transliteration of Russian Cyrillic (the one on passports' machine-readable
# zones), with the Kazakh letters folded to their nearest Latin letter.
# fmt: off
CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia",
    "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
    "є": "ie", "ї": "i", "ґ": "g",
}
# fmt: on
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def transliterate(text: str) -> str:
    """Lower-case Latin letters for Cyrillic ones; other characters unchanged."""
    return "".join(CYRILLIC.get(ch, ch) for ch in text.lower())


def normalize_name(name: str) -> str:
    """The comparable form of a name: lower case, Latin script, no accents or punctuation."""
    text = transliterate(unicodedata.normalize("NFKC", name))
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NOT_ALNUM.sub(" ", ascii_only).split())
