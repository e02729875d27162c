"""The Ministry's signing keys: a root CA, an issuing CA and the permit signer (ECDSA P-256).

The signer's key and chain are kept as PKCS#12 encrypted with a passphrase; the root
certificate is published (its SHA-256 fingerprint on the verification page) so anyone can
check a permit offline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

SIGNER_FILE, ROOT_FILE = "signer.p12", "root.pem"
ORGANISATION = "Ministry of Internal Affairs of the Republic of Kazakhstan"


@dataclass(frozen=True)
class SigningMaterial:
    """The signer's key and certificate, the issuing CA and the root, loaded once."""

    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]
    root: x509.Certificate


def _name(common_name: str) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "KZ"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORGANISATION),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ])  # fmt: skip


def _certificate(
    subject: str,
    key: ec.EllipticCurvePrivateKey,
    issuer: x509.Certificate | None,
    issuer_key: ec.EllipticCurvePrivateKey,
    years: int,
    ca: bool,
) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(issuer.subject if issuer else _name(subject))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if issuer is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
    usage = dict.fromkeys(("content_commitment", "key_encipherment", "data_encipherment",
                           "key_agreement", "key_cert_sign", "crl_sign", "encipher_only",
                           "decipher_only", "digital_signature"), False)  # fmt: skip
    usage.update({"key_cert_sign": True, "crl_sign": True} if ca else
                 {"digital_signature": True, "content_commitment": True})  # fmt: skip
    builder = builder.add_extension(x509.KeyUsage(**usage), critical=True)
    if not ca:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
    return builder.sign(issuer_key, hashes.SHA256())


def create_keys(folder: Path, passphrase: bytes) -> SigningMaterial:
    """Create the root CA, issuing CA and signer; write signer.p12 and root.pem into ``folder``."""
    root_key, issuing_key, signer_key = (ec.generate_private_key(ec.SECP256R1()) for _ in range(3))
    root = _certificate("Permits Root CA", root_key, None, root_key, 20, ca=True)
    issuing = _certificate("Permits Issuing CA", issuing_key, root, root_key, 10, ca=True)
    signer = _certificate("Permit Signing Service", signer_key, issuing, issuing_key, 3, ca=False)
    folder.mkdir(parents=True, exist_ok=True)
    p12 = pkcs12.serialize_key_and_certificates(
        b"permit-signer", signer_key, signer, [issuing, root],
        serialization.BestAvailableEncryption(passphrase),
    )  # fmt: skip
    (folder / SIGNER_FILE).write_bytes(p12)
    (folder / SIGNER_FILE).chmod(0o600)
    (folder / ROOT_FILE).write_bytes(root.public_bytes(serialization.Encoding.PEM))
    return SigningMaterial(signer_key, signer, (issuing, root), root)


def load_keys(folder: Path, passphrase: bytes) -> SigningMaterial:
    """Load the signer from its PKCS#12 (ValueError for a wrong passphrase)."""
    key, certificate, chain = pkcs12.load_key_and_certificates(
        (folder / SIGNER_FILE).read_bytes(), passphrase
    )
    if not isinstance(key, ec.EllipticCurvePrivateKey) or certificate is None:
        raise ValueError("signer.p12 holds no ECDSA signing key")
    root = x509.load_pem_x509_certificate((folder / ROOT_FILE).read_bytes())
    return SigningMaterial(key, certificate, tuple(chain), root)


def reencrypt_signer(folder: Path, old: bytes, new: bytes) -> None:
    """Encrypt signer.p12 under a new passphrase (ValueError if ``old`` does not open it).

    Written beside the old file and renamed over it, so a crash leaves one whole file."""
    path = folder / SIGNER_FILE
    key, certificate, chain = pkcs12.load_key_and_certificates(path.read_bytes(), old)
    if not isinstance(key, ec.EllipticCurvePrivateKey) or certificate is None:
        raise ValueError("signer.p12 holds no ECDSA signing key")
    p12 = pkcs12.serialize_key_and_certificates(
        b"permit-signer", key, certificate, chain, serialization.BestAvailableEncryption(new)
    )
    replace_file(path, p12)


def replace_file(path: Path, data: bytes) -> None:
    """Write a private file whole: to a sibling first (mode 0600), then rename it over ``path``."""
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    partial.chmod(0o600)
    partial.replace(path)


def keys_exist(folder: Path) -> bool:
    """True when the signer and root files are in ``folder``."""
    return (folder / SIGNER_FILE).exists() and (folder / ROOT_FILE).exists()


def fingerprint(certificate: x509.Certificate) -> str:
    """The SHA-256 fingerprint, as colon-separated hex pairs."""
    return ":".join(f"{b:02X}" for b in certificate.fingerprint(hashes.SHA256()))
