"""Refusing PDFs that can act on their own: a walk over the whole object graph.

Every indirect object is visited once, and inside each one every direct dictionary, array and
stream dictionary, however deeply nested. References are not followed during the walk (their
targets are in the object table and are visited there), so reference cycles cannot loop it.
"""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import pikepdf

from documents.errors import DocumentRejected

# Dictionaries, arrays and streams visited; a PDF with more is refused, not checked partly.
MAX_PDF_OBJECTS = 200_000
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
SAFE_ACTIONS = {"/GoTo", "/URI", "/Named", "/Thread", "/Hide", "/ResetForm", "/SetOCGState",
                "/Trans", "/GoTo3DView"}  # fmt: skip
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
    if not isinstance(action, pikepdf.Dictionary):
        return None
    kind = str(action.get("/S", ""))
    if kind in ACTIONS:
        return ACTIONS[kind]
    if kind == "/URI":
        return _uri_problem(action)
    if positional and kind and kind not in SAFE_ACTIONS:
        return f"an unknown action ({_printable(kind)})"
    return None


def _filespec_problem(entry: pikepdf.Dictionary) -> str | None:
    """A file specification that carries the file itself (/EF) is an embedded file."""
    if "/EF" not in entry:
        return None
    name = entry.get("/UF", entry.get("/F", "unnamed"))
    return f"an embedded file ({_printable(name)})"


def _positional_actions(entry: pikepdf.Dictionary) -> list[object]:
    """The actions a viewer would run from this dictionary: /A, /OpenAction, /Next, /AA's."""
    found = [entry.get(key) for key in ("/A", "/OpenAction", "/Next")]
    found += list(entry.get("/Next")) if isinstance(entry.get("/Next"), pikepdf.Array) else []
    triggers = entry.get("/AA")
    if isinstance(triggers, pikepdf.Dictionary):
        found += [triggers.get(key) for key in triggers]
    return found


def _dictionary_problems(entry: pikepdf.Dictionary) -> set[str]:
    """Active content in one dictionary (or stream dictionary), not its children."""
    found = {KEYS[key] for key in entry if key in KEYS}
    found.add(_action_problem(entry, positional=False))
    found.update(_action_problem(action, positional=True)
                 for action in _positional_actions(entry))  # fmt: skip
    found.add(_filespec_problem(entry))
    if str(entry.get("/Type", "")) == "/EmbeddedFile":
        found.add("an embedded file stream")
    found.add(ANNOTATIONS.get(str(entry.get("/Subtype", ""))))
    found.discard(None)
    return found


def _children(container: object) -> list[object]:
    """The direct dictionaries, arrays and streams inside a container (references skipped)."""
    if isinstance(container, pikepdf.Array):
        values = list(container)
    elif isinstance(container, (pikepdf.Dictionary, pikepdf.Stream)):
        values = [container.get(key) for key in container]
    else:
        return []
    return [value for value in values if _is_container(value) and not value.is_indirect]


def _is_container(value: object) -> bool:
    return isinstance(value, (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream))


def active_content(pdf: pikepdf.Pdf, max_objects: int = MAX_PDF_OBJECTS) -> list[str]:
    """Every kind of active content anywhere in the file, named; refuse absurd object counts."""
    if len(pdf.objects) > max_objects:
        raise _too_complex(max_objects)
    stack = [pdf.trailer, *(obj for obj in pdf.objects if _is_container(obj))]
    found: set[str] = set()
    visited = 0
    while stack:
        container = stack.pop()
        visited += 1
        if visited > max_objects:
            raise _too_complex(max_objects)
        if not isinstance(container, pikepdf.Array):
            found |= _dictionary_problems(container)
        stack.extend(_children(container))
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
