"""Malware scanning against a real clamd, started here with a signature built from EICAR."""

from __future__ import annotations

import dataclasses
import shutil
import socket
import subprocess
import time

import pikepdf
import pytest
from sqlalchemy import select

from documents.samples import sample_pdf
from documents.scanning import ClamdScanner
from documents.store import sha256_of
from permits.domain import errors
from permits.http.request import runtime_of
from permits.models import Document
from permits.services.applications import perform_action
from permits.services.documents import Upload, rescan_pending, upload_document
from permits.services.sample_documents import attach_sample_checklist
from tests.factories import Cast, application_in, clock, runtime
from tests.hostile_files import pdf_bytes
from tests.integration.helpers import counts, events

# The EICAR test string: harmless, and every scanner's agreed test signature.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
FEE = {"kind": "fee_receipt", "number": "R-9", "issuer": "Treasury", "issuing_country": "KZ",
       "issued_on": "2026-01-05"}  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"clamd did not listen on {port}")


@pytest.fixture(scope="module")
def clamd(tmp_path_factory):
    """A clamd on a free loopback port, whose signatures are the EICAR file's MD5 and bytes."""
    assert shutil.which("clamd"), "clamd is missing: install clamav-daemon (.ci/run does)"
    folder = tmp_path_factory.mktemp("clamd")
    (folder / "db").mkdir()
    (folder / "eicar.txt").write_bytes(EICAR)
    signature = subprocess.run(["sigtool", "--md5", "eicar.txt"], cwd=folder, check=True,
                               capture_output=True).stdout  # fmt: skip
    (folder / "db" / "eicar.hdb").write_bytes(signature)
    # The MD5 matches the bare file only; real databases also find EICAR inside other files
    # (a PDF stream) by a body signature, as this one does.
    (folder / "db" / "eicar.ndb").write_text(f"eicar.body:0:*:{EICAR.hex()}\n")
    port = free_port()
    (folder / "clamd.conf").write_text(
        f"Foreground yes\nTCPSocket {port}\nTCPAddr 127.0.0.1\nDatabaseDirectory {folder / 'db'}\n"
        f"LogFile {folder / 'clamd.log'}\nPidFile {folder / 'clamd.pid'}\n"
    )
    process = subprocess.Popen(["clamd", "-c", str(folder / "clamd.conf")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)  # fmt: skip
    try:
        wait_for(port)
        yield f"127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def scanning(app, clamd):
    return dataclasses.replace(runtime_of(app).intake, scanner=ClamdScanner(clamd, timeout=10))


def upload(session, actor, application_id, intake, data):
    return upload_document(session, actor, application_id, Upload("x.pdf", data), FEE, intake)


@pytest.mark.slow
def test_the_eicar_file_is_refused_and_quarantined(session, db, scanning):
    cast = Cast()
    draft = application_in(session, cast, "draft")
    before = counts(db)["audit_events"]
    with pytest.raises(errors.MalwareFound, match="eicar"):
        upload(session, cast.clerk, draft.id, scanning, EICAR)
    assert scanning.quarantine.exists(sha256_of(EICAR))
    assert not scanning.store.exists(sha256_of(EICAR))
    assert [e.action for e in events(db)][before:] == ["document.quarantined"]
    with db.scoped() as s:
        assert s.scalars(select(Document)).all() == []


def eicar_pdf() -> bytes:
    """A valid PDF carrying the EICAR string as an uncompressed stream of its own."""

    def build(pdf: pikepdf.Pdf) -> None:
        pdf.Root.Payload = pdf.make_stream(EICAR)

    data = pdf_bytes(build, compress_streams=False)
    assert EICAR in data
    return data


@pytest.mark.slow
def test_eicar_inside_a_pdf_stream_is_refused_and_quarantined(session, db, scanning):
    cast = Cast()
    draft = application_in(session, cast, "draft")
    data, before = eicar_pdf(), counts(db)["audit_events"]
    with pytest.raises(errors.MalwareFound, match="eicar"):
        upload(session, cast.clerk, draft.id, scanning, data)
    assert scanning.quarantine.exists(sha256_of(data))
    assert not scanning.store.exists(sha256_of(data))
    assert [e.action for e in events(db)][before:] == ["document.quarantined"]
    with db.scoped() as s:
        assert s.scalars(select(Document)).all() == []


@pytest.mark.slow
def test_a_clean_file_is_marked_clean(session, scanning):
    cast = Cast()
    draft = application_in(session, cast, "draft")
    assert (
        upload(session, cast.clerk, draft.id, scanning, sample_pdf("clean")).scan_status == "clean"
    )


@pytest.mark.slow
def test_without_an_answer_from_clamd_the_document_waits_and_blocks_submission(session, app):
    cast = Cast()
    down = dataclasses.replace(
        runtime_of(app).intake, scanner=ClamdScanner(f"127.0.0.1:{free_port()}", 2)
    )
    draft = application_in(session, cast, "draft")
    attach_sample_checklist(session, cast.clerk, draft.id, down, clock())
    with pytest.raises(errors.ActionBlocked) as blocked:
        perform_action(session, cast.head, draft.id, "submit", runtime=runtime())
    assert {b.code for b in blocked.value.blockers} == {"document_pending_scan"}


@pytest.mark.slow
def test_a_rescan_clears_what_clamd_could_not_check(session, app, scanning):
    cast = Cast()
    down = dataclasses.replace(scanning, scanner=ClamdScanner(f"127.0.0.1:{free_port()}", 2))
    draft = application_in(session, cast, "draft")
    document = upload(session, cast.clerk, draft.id, down, sample_pdf("later"))
    assert document.scan_status == "pending_scan"
    assert rescan_pending(session, cast.admin, scanning) == {"clean": 1, "infected": 0, "error": 0}
    with session.begin():
        assert session.get(Document, document.id).scan_status == "clean"
