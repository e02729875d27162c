"""Signing permits (PAdES, certified: no changes allowed) and checking them, with pyHanko.

The signer is built once with its key loaded: pyHanko's stock path re-reads the key for every
signature, which costs more than the signature itself.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import AxisAlignment, Margins, SimpleBoxLayoutRule
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.general import SigningError
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from documents.pdf_pages import (
    SIGNATURE_BOX,
    SIGNATURE_FONT_SIZE,
    SIGNATURE_LEADING,
    SIGNATURE_PADDING,
    local_time_label,
)
from documents.pki import SigningMaterial
from documents.stamp_font import DejaVuStampFont

FIELD = "MinistrySignature"


def _asn1_certificate(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def _stamp_style() -> TextStampStyle:
    """The signature box's look: its text in DejaVu Sans like the document, the box just big
    enough for the three lines (SIGNATURE_BOX is sized from the same constants)."""
    text = TextBoxStyle(
        font=DejaVuStampFont(SIGNATURE_FONT_SIZE), font_size=SIGNATURE_FONT_SIZE,
        leading=SIGNATURE_LEADING,
        box_layout_rule=SimpleBoxLayoutRule(
            x_align=AxisAlignment.ALIGN_MIN, y_align=AxisAlignment.ALIGN_MID,
            margins=Margins.uniform(SIGNATURE_PADDING),
        ),
    )  # fmt: skip
    return TextStampStyle(
        stamp_text="%(text)s", text_box_style=text, border_width=1,
        inner_content_layout=SimpleBoxLayoutRule(
            x_align=AxisAlignment.ALIGN_MIN, y_align=AxisAlignment.ALIGN_MID
        ),
    )  # fmt: skip


class PermitSigner:
    """Certifies PDFs with the Ministry's signer; one instance per process. The signature box
    shows the signing time on the wall clock of ``zone`` (the Ministry's), with its offset."""

    def __init__(self, material: SigningMaterial, zone: tzinfo = UTC):
        self._zone, self._style = zone, _stamp_style()
        key_der = material.key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )  # fmt: skip
        self._signer = signers.SimpleSigner(
            signing_cert=_asn1_certificate(material.certificate),
            signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
            cert_registry=SimpleCertificateStore.from_certs(
                [_asn1_certificate(c) for c in material.chain]
            ),
        )

    def sign(self, pdf: bytes, approver: str, moment: datetime, location: str = "Astana",
             reason: str = "Permit issued") -> bytes:  # fmt: skip
        """A certification signature (no changes allowed) with a visible box on the last page."""
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        last_page = int(writer.root["/Pages"]["/Count"]) - 1
        meta = signers.PdfSignatureMetadata(
            field_name=FIELD, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
            certify=True, docmdp_permissions=fields.MDPPerm.NO_CHANGES,
            name=approver, reason=reason, location=location,
        )  # fmt: skip
        text = (
            "Подписано за МВД / Signed for the Ministry of Internal Affairs\n"
            f"Утвердил / Approved by: {approver}\n"
            f"Время / Time: {local_time_label(moment, self._zone)}"
        )
        spec = fields.SigFieldSpec(FIELD, on_page=last_page, box=SIGNATURE_BOX)
        pdf_signer = signers.PdfSigner(
            meta, self._signer, stamp_style=self._style, new_field_spec=spec
        )
        return pdf_signer.sign_pdf(writer, appearance_text_params={"text": text}).getvalue()


@dataclass(frozen=True)
class SignatureCheck:
    """What the signature of a PDF says: ``ok`` only when it is ours, whole and unchanged."""

    ok: bool
    signed: bool
    reasons: tuple[str, ...] = field(default=())
    subject: str | None = None


def check_signature(pdf: bytes, root: x509.Certificate) -> SignatureCheck:
    """Validate the (first) signature against our root, and that nothing was added after it."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
        subject = str(reader.trailer_view["/Info"].get("/Subject", "")) or None
    except Exception as error:  # any parse failure means "not a readable permit", never a crash
        return SignatureCheck(False, False, (f"not a readable PDF: {error}",))
    if not signatures:
        return SignatureCheck(False, False, ("the file carries no signature",), subject)
    context = ValidationContext(trust_roots=[_asn1_certificate(root)], allow_fetching=False)
    try:
        status = validate_pdf_signature(signatures[0], context)
    except (SigningError, ValueError) as error:
        return SignatureCheck(
            False, True, (f"the signature cannot be validated: {error}",), subject
        )
    return SignatureCheck(not _problems(status), True, tuple(_problems(status)), subject)


def _problems(status: object) -> list[str]:
    problems = []
    if not status.intact:
        problems.append("the signed bytes were changed")
    if not status.valid:
        problems.append("the signature is not valid")
    if not status.trusted:
        problems.append("the signer is not the Ministry's (untrusted certificate)")
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        problems.append("content was added after signing")
    if status.modification_level not in (None, ModificationLevel.NONE):
        problems.append(
            f"the document was modified after signing ({status.modification_level.name})"
        )
    if status.docmdp_ok is False:
        problems.append("changes break the certification (no changes allowed)")
    return problems
