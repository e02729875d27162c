"""A process that uploads one file through the HTTP API and reports its peak memory growth.

Run by ``test_upload_memory.py``: ``python -m tests.e2e.upload_memory_child FILE APPLICATION
USERNAME``; prints one JSON line: the response status and the growth of the peak resident size
(KiB) over the upload. The app and a small warm-up upload come first and the peak is reset
before the upload, so the figure is the upload's own.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from permits.assembly.app import create_app
from tests.api_client import ApiClient
from tests.hostile_files import png_bytes

FIELDS = {"kind": "fee_receipt", "number": "R-1", "issuer": "Treasury", "issuing_country": "KZ",
          "issued_on": "2026-01-05"}  # fmt: skip


def peak_kib() -> int:
    """The process's peak resident size (KiB) since the last reset: Linux's VmHWM.

    Not ``ru_maxrss``: that keeps the high-water mark the process inherited from the pytest
    process that forked it (hundreds of MiB) and cannot be reset, so it would hide the upload.
    """
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmHWM:")[1].split()[0])


def reset_peak() -> None:
    """Bring the peak down to the present size (5 to clear_refs resets the high-water mark):
    signing in ran argon2, whose 64 MiB would otherwise hide anything below it."""
    Path("/proc/self/clear_refs").write_text("5")


def main() -> None:
    """Sign in, warm up with a small image, then upload the file and measure."""
    path, application_id, username = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    client = ApiClient(create_app(), username)
    url = f"/applications/{application_id}/documents"
    warm = client.upload(url, png_bytes(64, 64), FIELDS, filename="warm.png")
    assert warm.status_code == 201, warm.get_json()
    data = path.read_bytes()
    reset_peak()
    before = peak_kib()
    response = client.upload(url, data, FIELDS, filename=path.name)
    growth = peak_kib() - before
    body = response.get_json()
    print(json.dumps({"status": response.status_code, "growth_kib": growth, "body": body}))


if __name__ == "__main__":
    main()
