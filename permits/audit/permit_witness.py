"""The checkpoint a permit was issued under, named on it in a short line and kept whole in its
PDF's Keywords, so every permit holder keeps a witness of the audit log outside the Ministry's
database."""

from __future__ import annotations

import io
import json
from datetime import datetime, tzinfo
from pathlib import Path

import pikepdf

from permits.audit.checkpoints import Checkpoint, CheckpointFormatError, checkpoint_from_json

KEYWORD_PREFIX = "audit-checkpoint "


def witness_keywords(checkpoint: Checkpoint) -> str:
    """The checkpoint as the PDF's Keywords."""
    return KEYWORD_PREFIX + json.dumps(checkpoint.to_json(), separators=(",", ":"))


def witness_text(checkpoint: Checkpoint, zone: tzinfo) -> str:
    """The checkpoint as the permit names it: its size, its date in the Ministry's zone and
    the start of its root hash (the whole checkpoint is in the PDF's metadata)."""
    issued = datetime.fromisoformat(checkpoint.issued_at).astimezone(zone)
    return (
        f"Контрольная точка журнала аудита / Audit log checkpoint #{checkpoint.tree_size}, "
        f"{issued:%d.%m.%Y}, {checkpoint.root_hash[:8]}… (в метаданных PDF / in the PDF metadata)"
    )


def checkpoint_in_pdf(content: bytes) -> Checkpoint:
    """The checkpoint a permit PDF carries; CheckpointFormatError if it carries none."""
    try:
        with pikepdf.open(io.BytesIO(content)) as pdf:
            keywords = str(pdf.docinfo.get("/Keywords", ""))
    except pikepdf.PdfError as error:
        raise CheckpointFormatError(f"not a readable PDF ({error})") from None
    if not keywords.startswith(KEYWORD_PREFIX):
        raise CheckpointFormatError("this PDF carries no audit log checkpoint")
    try:
        return checkpoint_from_json(json.loads(keywords[len(KEYWORD_PREFIX) :]))
    except json.JSONDecodeError:
        raise CheckpointFormatError("the PDF's checkpoint is not valid JSON") from None


def read_checkpoint_file(path: Path) -> Checkpoint:
    """A checkpoint from a JSON file or from a permit PDF that carries one."""
    content = path.read_bytes()
    if content.startswith(b"%PDF"):
        return checkpoint_in_pdf(content)
    try:
        return checkpoint_from_json(json.loads(content))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise CheckpointFormatError(f"{path.name} is neither JSON nor a permit PDF") from None
