"""DejaVu Sans for the signature box, in a form pyHanko lays out correctly.

pyHanko's glyph accumulator writes glyph widths and kerning in the font's own units, where a
PDF wants thousandths of an em: right for fonts of 1000 units per em, but DejaVu Sans has 2048,
so its letters came out twice as far apart. The font is therefore rescaled to 1000 units per
em once per process, after cutting it down to the scripts a signature box shows (which also
makes each signature's own font subset cheaper).
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass

from fontTools import subset, ttLib
from fontTools.ttLib.scaleUpem import scale_upem
from pyhanko.pdf_utils.font.api import FontEngineFactory
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator
from pyhanko.pdf_utils.writer import BasePdfFileWriter

from documents.pdf_pages import FONTS

# Latin with its supplements, Cyrillic, general punctuation, the numero sign and the euro.
SCRIPTS = (*range(0x20, 0x250), *range(0x400, 0x530), *range(0x2000, 0x2070), 0x2116, 0x20AC)


@functools.cache
def _font_bytes() -> bytes:
    font = ttLib.TTFont(str(FONTS / "DejaVuSans.ttf"))
    options = subset.Options()
    options.hinting, options.name_IDs = False, ["*"]
    options.drop_tables += ["FFTM"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=SCRIPTS)
    subsetter.subset(font)
    scale_upem(font, 1000)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class DejaVuStampFont(FontEngineFactory):
    """A font engine factory for pyHanko text boxes: DejaVu Sans at 1000 units per em."""

    font_size: int

    def create_font_engine(
        self, writer: BasePdfFileWriter, obj_stream: object = None
    ) -> GlyphAccumulator:
        """A fresh glyph accumulator over the rescaled font, for one signature."""
        if obj_stream is None and writer.stream_xrefs:
            obj_stream = writer.prepare_object_stream()
        return GlyphAccumulator(
            writer=writer, font_handle=io.BytesIO(_font_bytes()), font_size=self.font_size,
            obj_stream=obj_stream,
        )  # fmt: skip
