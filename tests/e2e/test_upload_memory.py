"""An image upload holds a bounded amount of memory, measured in a process of its own."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from tests.factories import application_in
from tests.hostile_files import png_bytes

ROOT = Path(__file__).resolve().parents[2]
BOUND_MIB = 64


def detailed_jpeg(side: int, **save) -> bytes:
    """A square JPEG with real detail in it (noise, enlarged so that it stays a few MiB)."""
    detail = Image.effect_noise((side // 8, side // 8), 64).convert("RGB").resize((side, side))
    out = io.BytesIO()
    detail.save(out, "JPEG", quality=85, **save)
    return out.getvalue()


def upload_in_a_child(env, tmp_path, application_id, username, name, data) -> dict:
    """Upload ``data`` from a fresh process; its JSON report (status, growth in KiB)."""
    path = tmp_path / name
    path.write_bytes(data)
    child = subprocess.run(
        [sys.executable, "-m", "tests.e2e.upload_memory_child", str(path), str(application_id),
         username],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert child.returncode == 0, child.stderr
    report = json.loads(child.stdout.strip().splitlines()[-1])
    print(f"{name}: HTTP {report['status']}, peak grew {report['growth_kib'] / 1024:.1f} MiB")
    return report


@pytest.mark.slow
@pytest.mark.parametrize(("name", "make", "status"), [
    ("png_of_9000_by_9000_rgba_pixels_refused.png", lambda: png_bytes(9000, 9000), 422),
    ("png_of_6000_by_6000_rgba_pixels_accepted.png", lambda: png_bytes(6000, 6000), 201),
    ("jpeg_of_6000_by_6000_pixels_accepted.jpg", lambda: detailed_jpeg(6000), 201),
    # Under the multi-scan limit (an eighth of 40 MP): all its coefficients are held.
    ("progressive_jpeg_of_2200_by_2200_pixels_accepted.jpg",
     lambda: detailed_jpeg(2200, progressive=True, subsampling=0), 201),
])  # fmt: skip
def test_an_image_upload_grows_the_servers_peak_memory_by_less_than_64_mib(
    session, people, env, tmp_path, name, make, status
):
    draft = application_in(session, people, "draft")
    report = upload_in_a_child(env, tmp_path, draft.id, people.clerk.username, name, make())
    assert report["status"] == status, report["body"]
    assert report["growth_kib"] < BOUND_MIB * 1024
