"""Checking a PNG without decoding it into memory: chunks, CRCs and the inflated pixel size.

The header is read first and an image over the pixel limit is refused before anything else.
The pixel data is inflated in small pieces and only counted, so a check holds a few hundred
kilobytes whatever the image's size; what it must come to is known from the header exactly.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from documents.errors import DocumentRejected, too_many_pixels
from documents.errors import image_damaged as damaged

SIGNATURE = b"\x89PNG\r\n\x1a\n"
PIECE = 64 * 1024  # inflated bytes held at a time
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
BIT_DEPTHS = {0: {1, 2, 4, 8, 16}, 2: {8, 16}, 3: {1, 2, 4, 8}, 4: {8, 16}, 6: {8, 16}}
# Adam7 interlacing: each pass's first column, first row, column step and row step.
ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2),
         (0, 1, 1, 2))  # fmt: skip
KNOWN_CRITICAL = {b"IHDR", b"PLTE", b"IDAT", b"IEND"}


@dataclass(frozen=True)
class Header:
    """The IHDR chunk."""

    width: int
    height: int
    bit_depth: int
    color_type: int
    interlaced: bool


def _chunks(data: bytes) -> Iterator[tuple[bytes, memoryview, int]]:
    """Each chunk's type, body and end offset, its CRC checked; the last one is IEND."""
    view, pos = memoryview(data), len(SIGNATURE)
    while True:
        if pos + 12 > len(data):
            raise damaged("the PNG ends before its IEND chunk")
        length, kind = struct.unpack_from(">I4s", data, pos)
        end = pos + 12 + length
        if end > len(data):
            raise damaged(f"the {kind!r} chunk runs past the end of the file")
        (crc,) = struct.unpack_from(">I", data, end - 4)
        if zlib.crc32(view[pos + 4 : end - 4]) != crc:
            raise damaged(f"the CRC of a {kind!r} chunk is wrong")
        yield kind, view[pos + 8 : end - 4], end
        if kind == b"IEND":
            return
        pos = end


def _header(kind: bytes, body: memoryview) -> Header:
    if kind != b"IHDR" or len(body) != 13:
        raise damaged("the PNG does not start with an IHDR chunk")
    width, height, depth, color, compression, filtering, interlace = struct.unpack(">IIBBBBB", body)
    if not (0 < width < 2**31 and 0 < height < 2**31) or depth not in BIT_DEPTHS.get(color, ()):
        raise damaged("the PNG header gives an impossible size, depth or colour type")
    if compression or filtering or interlace > 1:
        raise damaged("the PNG header names an unknown compression, filter or interlace method")
    return Header(width, height, depth, color, interlace == 1)


def _row_bytes(header: Header, width: int) -> int:
    return (width * CHANNELS[header.color_type] * header.bit_depth + 7) // 8


def expected_size(header: Header) -> int:
    """How many bytes the pixel data inflates to: each row is a filter byte and its pixels."""
    if not header.interlaced:
        return header.height * (1 + _row_bytes(header, header.width))
    total = 0
    for x0, y0, dx, dy in ADAM7:
        columns = max(0, (header.width - x0 + dx - 1) // dx)
        rows = max(0, (header.height - y0 + dy - 1) // dy)
        total += rows * (1 + _row_bytes(header, columns)) if columns else 0
    return total


class Inflater:
    """Inflates the IDAT data piece by piece, counting it against what the header promises."""

    def __init__(self, expected: int):
        self.stream, self.expected, self.total = zlib.decompressobj(), expected, 0

    def feed(self, data: memoryview | bytes) -> None:
        """Inflate one chunk's worth, in input slices of PIECE bytes: what zlib leaves
        unconsumed is copied on every call, and must stay small however large the chunk."""
        for start in range(0, len(data), PIECE):
            self._inflate(data[start : start + PIECE])

    def _inflate(self, pending: memoryview | bytes) -> None:
        while pending:
            if self.stream.eof:
                raise damaged("there is data after the end of the compressed pixel data")
            self._count(self.stream.decompress(pending, PIECE))  # at most PIECE bytes held
            pending = self.stream.unconsumed_tail
        # zlib may still hold inflated bytes it had no room to return: drain them.
        while not self.stream.eof and self._count(self.stream.decompress(b"", PIECE)):
            pass

    def _count(self, out: bytes) -> int:
        self.total += len(out)
        if self.total > self.expected:
            raise damaged(f"the pixel data is larger than the header's {self.expected} bytes")
        return len(out)

    def finish(self) -> None:
        """The stream must be complete, exactly the promised size, and nothing after it."""
        if self.stream.unused_data:
            raise damaged("there is data after the end of the compressed pixel data")
        if not self.stream.eof or self.total != self.expected:
            raise damaged(f"the pixel data is cut short ({self.total} of {self.expected} bytes)")


def _check_order(kind: bytes, kinds: set[bytes]) -> None:
    if kind in (b"IHDR", b"PLTE") and (kind in kinds or b"IDAT" in kinds):
        raise damaged(f"a {kind!r} chunk is repeated or out of place")
    if not kind[0] & 0x20 and kind not in KNOWN_CRITICAL:  # bit 5 of the first letter: ancillary
        raise damaged(f"the PNG has an unknown critical chunk {kind!r}")


def _pixel_data(chunks: Iterator[tuple[bytes, memoryview, int]], header: Header) -> int:
    """Check the chunks after IHDR and inflate the pixel data; the offset where IEND ends."""
    inflater, kinds, idat_over, end = Inflater(expected_size(header)), {b"IHDR"}, False, 0
    for kind, body, offset in chunks:
        end = offset
        if kind == b"IDAT":
            if idat_over:
                raise damaged("the IDAT chunks are not consecutive")
            inflater.feed(body)
        else:
            idat_over = b"IDAT" in kinds
            _check_order(kind, kinds)
        kinds.add(kind)
    if b"IDAT" not in kinds or (header.color_type == 3 and b"PLTE" not in kinds):
        raise damaged("the PNG has no pixel data or lacks the palette its colour type needs")
    inflater.finish()
    return end


def check_png(data: bytes, max_pixels: int) -> None:
    """Refuse a PNG over the pixel limit, damaged, or with anything after its IEND chunk."""
    chunks = _chunks(data)
    header = _header(*next(chunks)[:2])
    refusal = too_many_pixels(header.width, header.height, max_pixels)
    if refusal:
        raise refusal
    end = _pixel_data(chunks, header)
    if end != len(data):
        raise DocumentRejected(
            "trailing_data", f"The PNG has {len(data) - end} bytes of other data after its end"
        )
