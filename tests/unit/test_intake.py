"""The intake decides a file's type from its content and refuses anything hostile or broken."""

from __future__ import annotations

import pytest

from documents.errors import DocumentRejected
from documents.intake import JPEG, PDF, PNG, inspect
from documents.samples import sample_pdf
from documents.store import LocalDocumentStore, sha256_of
from tests.documents_samples import HOSTILE, hostile, jpeg, png


@pytest.mark.parametrize(("data", "media_type"), [
    (sample_pdf("ok"), PDF), (png(), PNG), (jpeg(), JPEG),
])  # fmt: skip
def test_pdf_png_and_jpeg_are_accepted_by_content(data, media_type):
    assert inspect(data).media_type == media_type


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_or_broken_files_are_refused_with_the_reason(name):
    with pytest.raises(DocumentRejected) as refused:
        inspect(hostile(name))
    assert HOSTILE[name][1].lower() in refused.value.message.lower()


def test_the_store_keeps_files_by_hash_and_never_overwrites(tmp_path):
    store = LocalDocumentStore(tmp_path)
    data = sample_pdf("stored")
    digest = store.put(data)
    assert digest == sha256_of(data)
    assert store.put(data) == digest
    assert store.get(digest) == data
    path = next(p for p in tmp_path.rglob("*") if p.is_file())
    assert path.name == digest
    path.chmod(0o600)
    path.write_bytes(b"tampered")
    with pytest.raises(OSError, match="does not match"):
        store.get(digest)
    with pytest.raises(KeyError):
        store.get("../../etc/passwd")
