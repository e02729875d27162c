"""Refusing PDFs that can act on their own: a walk over the whole object graph.

From the trailer, every dictionary, array and stream dictionary is visited, direct ones however
deeply nested and indirect ones once each (remembered by object number, so reference cycles
cannot loop the walk), up to a bound on how many.
"""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import pikepdf

from documents.errors import DocumentRejected

# Dictionaries, arrays and streams visited (and objects the trailer declares); a PDF with
# more is refused rather than checked in part. Ordinary documents have a few thousand.
MAX_PDF_OBJECTS = 100_000
# Actions that run code, open other files or programs, send data out or play media.
ACTIONS = {
    "/JavaScript": "a JavaScript action",
    "/Launch": "a /Launch action (runs a program or opens a file)",
    "/GoToR": "a /GoToR action (opens another file)",
    "/GoToE": "a /GoToE action (opens an embedded file)",
    "/ImportData": "an /ImportData action",
    "/SubmitForm": "a /SubmitForm action (sends form data)",
    "/Rendition": "a /Rendition action (plays media)",
    "/RichMedia": "a /RichMedia action",
    "/RichMediaExecute": "a /RichMediaExecute action",
    "/Sound": "a /Sound action",
    "/Movie": "a /Movie action",
}
# Actions a viewer performs without running anything (navigation, showing and hiding).
SAFE_ACTIONS = {
    "/GoTo",
    "/URI",
    "/Named",
    "/Thread",
    "/Hide",
    "/ResetForm",
    "/SetOCGState",
    "/Trans",
    "/GoTo3DView",
}
ANNOTATIONS = {
    "/FileAttachment": "a file attachment annotation",
    "/Sound": "a sound annotation",
    "/Movie": "a movie annotation",
    "/RichMedia": "a rich media annotation",
    "/Screen": "a screen (media) annotation",
    "/3D": "a 3D annotation (may carry JavaScript)",
}
KEYS = {
    "/JS": "JavaScript (/JS)",
    "/JavaScript": "JavaScript (/Names /JavaScript)",
    "/EmbeddedFiles": "embedded files (/Names /EmbeddedFiles)",
    "/XFA": "an XFA form (/AcroForm /XFA, may carry scripts)",
}
WEB_SCHEMES = {"http", "https"}
POSITIONS = {"/A", "/OpenAction", "/Next"}
# A dictionary with none of these keys cannot be or hold active content itself.
WATCHED = {*KEYS, "/S", "/A", "/OpenAction", "/Next", "/AA", "/EF", "/Type", "/Subtype"}


def _printable(value: object, limit: int = 60) -> str:
    """An attacker-chosen string made safe to quote in a message."""
    text = "".join(c if c.isprintable() else "?" for c in str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _uri_problem(action: pikepdf.Dictionary) -> str | None:
    """A /URI action is fine only towards a web address (not file:, not \\\\host\\share)."""
    uri = str(action.get("/URI", ""))
    parts = urlsplit(uri)
    if parts.scheme.lower() in WEB_SCHEMES and parts.netloc:
        return None
    return f"a /URI action to a non-web address ({_printable(uri)})"


def _action_problem(action: object, positional: bool) -> str | None:
    """What is wrong with an action dictionary; unknown types count only where actions run."""
    if not isinstance(action, pikepdf.Dictionary) or "/S" not in action:
        return None
    kind = str(action.get("/S"))
    if kind in ACTIONS:
        return ACTIONS[kind]
    if kind == "/URI":
        return _uri_problem(action)
    if positional and kind not in SAFE_ACTIONS:
        return f"an unknown action ({_printable(kind)})"
    return None


def _filespec_problem(entry: pikepdf.Dictionary) -> str:
    """A file specification that carries the file itself (/EF) is an embedded file."""
    name = entry.get("/UF") if "/UF" in entry else entry.get("/F") if "/F" in entry else "?"
    return f"an embedded file ({_printable(name)})"


def _positional_actions(entry: pikepdf.Dictionary, keys: set[str]) -> list[object]:
    """The actions a viewer would run from this dictionary: /A, /OpenAction, /Next, /AA's."""
    found: list[object] = []
    for key in keys & POSITIONS:
        value = entry.get(key)
        # /Next may list several actions; an /OpenAction array is a destination (harmless).
        found += list(value) if isinstance(value, pikepdf.Array) else [value]
    triggers = entry.get("/AA") if "/AA" in keys else None
    if isinstance(triggers, pikepdf.Dictionary):
        found += [triggers.get(key) for key in triggers]
    return found


def _dictionary_problems(entry: pikepdf.Dictionary) -> set[str]:
    """Active content in one dictionary (or stream dictionary), not its children."""
    keys = set(entry.keys())
    if not keys & WATCHED:
        return set()  # most dictionaries (fonts, resources, ...) are done with here: it is fast
    found = {KEYS[key] for key in keys & KEYS.keys()}
    found.add(_action_problem(entry, positional=False))
    found.update(_action_problem(action, positional=True)
                 for action in _positional_actions(entry, keys))  # fmt: skip
    found.add(_filespec_problem(entry) if "/EF" in keys else None)
    if "/Type" in keys and str(entry.get("/Type")) == "/EmbeddedFile":
        found.add("an embedded file stream")
    found.add(ANNOTATIONS.get(str(entry.get("/Subtype"))) if "/Subtype" in keys else None)
    found.discard(None)
    return found


def _is_container(value: object) -> bool:
    return isinstance(value, (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream))


def _unvisited_children(container: object, seen: set[tuple[int, int]]) -> list[object]:
    """The dictionaries, arrays and streams inside a container, each indirect one only the
    first time it is met (a reference cycle is met twice, walked once)."""
    values = container if isinstance(container, pikepdf.Array) else (
        container.get(key) for key in container
    )  # fmt: skip
    fresh = []
    for value in values:
        if not _is_container(value):
            continue
        if value.is_indirect:
            if value.objgen in seen:
                continue
            seen.add(value.objgen)
        fresh.append(value)
    return fresh


def active_content(pdf: pikepdf.Pdf, max_objects: int = MAX_PDF_OBJECTS) -> list[str]:
    """Every kind of active content in the object graph, named; refuse absurd object counts.

    The walk starts at the trailer and follows every reference. Objects nothing refers to
    are not visited: no viewer reaches them, and listing every object first (pdf.objects)
    would let a small file packed with a million orphans cost seconds and hundreds of MiB
    before any bound applied."""
    if int(pdf.trailer.get("/Size", 0)) > max_objects:
        raise _too_complex(max_objects)
    stack, seen, found, visited = [pdf.trailer], set(), set(), 0
    while stack:
        container = stack.pop()
        visited += 1
        if visited > max_objects:
            raise _too_complex(max_objects)
        if not isinstance(container, pikepdf.Array):
            found |= _dictionary_problems(container)
        stack.extend(_unvisited_children(container, seen))
    return sorted(found)


def _too_complex(limit: int) -> DocumentRejected:
    return DocumentRejected(
        "pdf_too_complex",
        f"The PDF has more than {limit} objects; it is refused rather than checked in part",
    )


def check_pdf(data: bytes, max_objects: int = MAX_PDF_OBJECTS) -> None:
    """Refuse a PDF that is damaged, encrypted in any way, empty or carries active content."""
    try:
        with pikepdf.open(io.BytesIO(data), attempt_recovery=False) as pdf:
            # An empty user password opens silently: encryption must be asked for explicitly.
            if pdf.is_encrypted:
                raise _encrypted()
            problems = active_content(pdf, max_objects)
            pages = len(pdf.pages)
    except pikepdf.PasswordError:
        raise _encrypted() from None
    except pikepdf.PdfError as error:
        raise DocumentRejected("damaged_pdf", f"The PDF cannot be read: {error}") from None
    if pages == 0:
        raise DocumentRejected("damaged_pdf", "The PDF has no pages")
    if problems:
        raise DocumentRejected(
            "active_content",
            "PDFs with active content are not accepted; found: " + ", ".join(problems),
        )


def _encrypted() -> DocumentRejected:
    return DocumentRejected(
        "encrypted_pdf", "Encrypted PDFs are not accepted (not even with an empty password)"
    )
