"""Checking a JPEG: its marker segments walked to the EOI that ends it, then a reduced decode.

Segments are skipped by their lengths, so an EXIF thumbnail's own end marker (inside APP1) is
never taken for the image's end. The decode runs at one eighth of the size (``draft``), which
libjpeg does from the DCT coefficients without ever holding the full-size pixels.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass

from PIL import Image

from documents.errors import DocumentRejected, too_many_pixels
from documents.errors import image_damaged as damaged

SOI, EOI, SOS = 0xD8, 0xD9, 0xDA
# Start-of-frame markers (C4, C8 and CC are DHT, JPG and DAC, not frames).
FRAMES = set(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
STANDALONE = {0x01, *range(0xD0, 0xD8)}  # TEM and the restart markers carry no length
# A JPEG in several scans keeps every coefficient of the image while it decodes (two bytes a
# sample): it gets an eighth of the pixel limit.
MULTI_SCAN_SHARE = 8


@dataclass
class Frame:
    """What the walk learnt: the size from the frame header, the scans, where EOI ends."""

    width: int = 0
    height: int = 0
    scans: int = 0
    end: int = 0


def _marker_at(data: bytes, pos: int) -> tuple[int, int]:
    """The marker at ``pos`` (fill bytes 0xFF skipped) and the offset after it."""
    if pos >= len(data) or data[pos] != 0xFF:
        raise damaged("the JPEG has something other than a marker between its segments")
    while pos < len(data) and data[pos] == 0xFF:
        pos += 1
    if pos >= len(data):
        raise damaged("the JPEG ends before its EOI marker")
    return data[pos], pos + 1


def _after_entropy_data(data: bytes, pos: int) -> int:
    """Where the compressed data of a scan ends: the first 0xFF that starts a real marker."""
    while True:
        pos = data.find(b"\xff", pos)
        if pos < 0 or pos + 1 >= len(data):
            raise damaged("the JPEG ends inside its image data")
        following = data[pos + 1]
        # FF00 is an escaped FF byte, FFD0-FFD7 restart markers, FFFF fill.
        if following != 0 and following not in STANDALONE and following != 0xFF:
            return pos
        pos += 1


def _read_frame(segment: bytes, frame: Frame) -> None:
    if frame.width or len(segment) < 6:
        raise damaged("the JPEG has a missing, short or second frame header")
    frame.height, frame.width = struct.unpack_from(">HH", segment, 1)
    if not frame.height or not frame.width:
        raise damaged("the JPEG's frame header gives no size (DNL is not accepted)")


def walk(data: bytes) -> Frame:
    """Walk the marker segments from SOI to EOI; the frame found and where the image ends."""
    frame, pos = Frame(), 2
    while True:
        marker, pos = _marker_at(data, pos)
        if marker == EOI:
            frame.end = pos
            return frame
        if marker in STANDALONE:
            continue
        if marker == SOI or pos + 2 > len(data):
            raise damaged("the JPEG has a misplaced start marker or ends in a segment")
        (length,) = struct.unpack_from(">H", data, pos)
        if length < 2 or pos + length > len(data):
            raise damaged(f"a JPEG segment (marker {marker:#04x}) runs past the end of the file")
        if marker in FRAMES:
            _read_frame(data[pos + 2 : pos + length], frame)
        pos += length
        if marker == SOS:
            if not frame.width:
                raise damaged("the JPEG's image data comes before its frame header")
            frame.scans += 1
            pos = _after_entropy_data(data, pos)


def _decode_reduced(data: bytes, frame: Frame) -> None:
    """Decode at an eighth of the size: every block is read, few pixels are held."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.draft(image.mode, (max(1, frame.width // 8), max(1, frame.height // 8)))
            image.load()
    except Image.DecompressionBombError as error:
        raise DocumentRejected(
            "image_too_large", f"The image has too many pixels: {error}"
        ) from None
    except (OSError, SyntaxError, ValueError) as error:
        raise damaged(str(error)) from None


def check_jpeg(data: bytes, max_pixels: int) -> None:
    """Refuse a JPEG over the pixel limit, damaged, or with anything after its EOI marker."""
    frame = walk(data)
    refusal = too_many_pixels(frame.width, frame.height, max_pixels)
    if frame.scans > 1 and not refusal:
        refusal = too_many_pixels(frame.width, frame.height, max_pixels // MULTI_SCAN_SHARE,
                                  "progressive (multi-scan) JPEG")  # fmt: skip
    if refusal:
        raise refusal
    if frame.end != len(data):
        raise DocumentRejected(
            "trailing_data",
            f"The JPEG has {len(data) - frame.end} bytes of other data after its end (EOI)",
        )
    _decode_reduced(data, frame)
