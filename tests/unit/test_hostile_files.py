"""Hostile files are refused class by class, naming what they carry; ordinary ones pass."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from documents.errors import DocumentRejected
from documents.intake import JPEG, PDF, PNG, inspect
from tests.hostile_files import (
    BENIGN,
    HOSTILE_OTHERS,
    HOSTILE_PDFS,
    colourful,
    exif_with_thumbnail,
    jpeg,
    png_bytes,
)


def refusal(name: str, corpus: dict) -> DocumentRejected:
    hostile = corpus[name]
    with pytest.raises(DocumentRejected) as refused:
        inspect(hostile.make(), **hostile.limits)
    return refused.value


@pytest.mark.parametrize("name", list(HOSTILE_PDFS))
def test_a_hostile_pdf_is_refused_naming_what_it_carries(name):
    refused = refusal(name, HOSTILE_PDFS)
    assert refused.code == HOSTILE_PDFS[name].code, refused.message
    assert HOSTILE_PDFS[name].names in refused.message


@pytest.mark.parametrize("name", list(HOSTILE_OTHERS))
def test_a_broken_disguised_or_oversized_file_is_refused_with_the_reason(name):
    refused = refusal(name, HOSTILE_OTHERS)
    assert refused.code == HOSTILE_OTHERS[name].code, refused.message
    assert HOSTILE_OTHERS[name].names in refused.message


@pytest.mark.parametrize("name", list(BENIGN))
def test_an_ordinary_document_is_accepted(name):
    media_type = {"pdf": PDF, "png": PNG, "jpeg": JPEG}[name.split("_")[0]]
    assert inspect(BENIGN[name]()).media_type == media_type


def test_every_problem_in_a_pdf_is_named_not_just_the_first():
    message = refusal("pdf_with_an_embedded_evil_exe", HOSTILE_PDFS).message
    assert "embedded files (/Names /EmbeddedFiles)" in message
    assert "an embedded file (evil.exe)" in message


def test_the_interlaced_sample_is_a_real_interlaced_png_of_the_same_pixels():
    interlaced = Image.open(io.BytesIO(png_bytes(33, 17, 2, True, colourful)))
    plain = Image.open(io.BytesIO(png_bytes(33, 17, 2, False, colourful)))
    assert interlaced.info.get("interlace") == 1
    assert interlaced.tobytes() == plain.tobytes()


def test_the_exif_sample_carries_a_thumbnail_with_its_own_end_marker():
    data = jpeg(exif=exif_with_thumbnail())
    assert data.count(b"\xff\xd9") == 2
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x0201) is not None


def test_the_pixel_limit_is_the_one_passed_in():
    data = png_bytes(100, 100)
    assert inspect(data, max_pixels=10_000).media_type == PNG
    with pytest.raises(DocumentRejected, match="the limit is 9999"):
        inspect(data, max_pixels=9_999)
