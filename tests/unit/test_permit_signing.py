"""Permit PDFs: deterministic rendering, PAdES certification, and detection of any tampering."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from dataclasses import replace
from decimal import Decimal

import pikepdf
import pytest
from cryptography import x509
from pyhanko.pdf_utils.generic import NameObject, TextStringObject
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from documents.permit_pdf import GoodsEntry, PermitData, render_permit
from documents.pki import create_keys, fingerprint, load_keys
from documents.signing import PermitSigner, check_signature

PERMIT = PermitData(
    number="KZ-IMP-2026-000001", permit_type="import", issued_on="29.11.2026",
    valid_from="29.11.2026", valid_until="28.05.2027",
    holder="\u0422\u041e\u041e «Степной охотник» / Steppe Hunter LLP",
    holder_bin="190540001230", trade_licence="MIA-TL-0457", consignee="Steppe Hunter LLP",
    end_user="Steppe Hunter LLP", country_of_export="Italy (IT)",
    country_of_import="Kazakhstan (KZ)", countries_of_transit="", country_of_origin="Italy (IT)",
    customs_point="ALA-AIR",
    goods=(GoodsEntry(
        description="Beretta 686 Silver Pigeon I", kind="огнестрельное оружие / firearm",
        calibre="12/76", quantity=2, unit="шт. / pcs", unit_value=Decimal("4900.00"),
        currency="EUR", hs_code="930320", serial_numbers=("BE1", "BE2"),
    ),),
    references=(("Контракт / Contract", "BER-2026/114"),),
    conditions=("No re-export without the consent of the Republic of Kazakhstan",),
    verification_url="https://permits.example/verify/KZ-IMP-2026-000001?t=token",
)  # fmt: skip
NOW = dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    return create_keys(tmp_path_factory.mktemp("keys"), b"passphrase")


@pytest.fixture(scope="module")
def signed(keys):
    return PermitSigner(keys).sign(render_permit(PERMIT), "Marat Zhaksylykov", NOW)


def test_the_same_permit_renders_to_the_same_bytes_and_embeds_a_unicode_font():
    first, second = render_permit(PERMIT), render_permit(PERMIT)
    assert first == second
    assert render_permit(replace(PERMIT, valid_until="29.05.2027")) != first
    fonts = {str(f.get("/BaseFont")) for page in pikepdf.open(io.BytesIO(first)).pages
             for f in page.Resources.Font.values()}  # fmt: skip
    assert any("DejaVuSans" in f for f in fonts)


def test_keys_are_ecdsa_with_signing_key_usage_and_reload_only_with_the_passphrase(keys, tmp_path):
    material = create_keys(tmp_path, b"secret")
    assert load_keys(tmp_path, b"secret").certificate == material.certificate
    with pytest.raises(ValueError, match="password"):
        load_keys(tmp_path, b"wrong")
    usage = material.certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature
    assert usage.content_commitment
    assert material.key.curve.name == "secp256r1"
    assert len(fingerprint(material.root).split(":")) == 32


def test_a_signed_permit_is_authentic(signed, keys):
    check = check_signature(signed, keys.root)
    assert (check.ok, check.signed, check.subject) == (True, True, "permit:KZ-IMP-2026-000001")


def test_poppler_agrees_the_whole_document_is_signed_and_valid(signed, tmp_path):
    path = tmp_path / "permit.pdf"
    path.write_bytes(signed)
    output = subprocess.run(
        ["pdfsig", str(path)], capture_output=True, text=True, check=False
    ).stdout
    assert "Signature is Valid" in output
    assert "Total document signed" in output
    assert "ETSI.CAdES.detached" in output


def test_a_flipped_byte_is_detected(signed, keys):
    flipped = bytearray(signed)
    flipped[signed.index(b"stream", 1000) + 40] ^= 0x01
    check = check_signature(bytes(flipped), keys.root)
    assert not check.ok
    assert "the signed bytes were changed" in check.reasons


def test_an_appended_revision_that_changes_a_quantity_is_detected(signed, keys):
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page[NameObject("/Quantity")] = TextStringObject("2000 pcs")
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    check = check_signature(out.getvalue(), keys.root)
    assert not check.ok
    assert any("after signing" in reason for reason in check.reasons)


def test_a_permit_signed_by_another_key_is_not_ours(tmp_path, keys):
    impostor = create_keys(tmp_path, b"x")
    forged = PermitSigner(impostor).sign(render_permit(PERMIT), "Impostor", NOW)
    check = check_signature(forged, keys.root)
    assert not check.ok
    assert check.signed
    assert any("untrusted" in reason for reason in check.reasons)


@pytest.mark.parametrize(("data", "reason"), [
    (render_permit(PERMIT), "no signature"),
    (b"not a pdf", "not a readable PDF"),
    (b"", "not a readable PDF"),
])  # fmt: skip
def test_unsigned_or_unreadable_files_are_not_authentic(keys, data, reason):
    check = check_signature(data, keys.root)
    assert not check.ok
    assert reason in check.reasons[0]
