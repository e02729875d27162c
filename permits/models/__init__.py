"""SQLAlchemy models; importing this package registers every table on ``Base.metadata``."""

from permits.models.applications import Application, GoodsLine, Marking, TransitCountry
from permits.models.audit import AuditCheckpoint, AuditEvent
from permits.models.auth import ApiToken, IdempotencyRecord, LoginAttempt, RecoveryCode
from permits.models.base import Base
from permits.models.compliance_lists import (
    Clearance,
    EmbargoRegime,
    ListVersion,
    MarkingYearCode,
    SanctionsEntry,
    SanctionsName,
)
from permits.models.documents import Document
from permits.models.firms import Firm, User
from permits.models.permits import Permit, PermitCounter, PermitLine, Shipment, ShipmentLine
from permits.models.reference import Country, CustomsPoint, RegisterVersion, WeaponModel

__all__ = [
    "ApiToken",
    "Application",
    "AuditCheckpoint",
    "AuditEvent",
    "Base",
    "Clearance",
    "Country",
    "CustomsPoint",
    "Document",
    "EmbargoRegime",
    "Firm",
    "GoodsLine",
    "IdempotencyRecord",
    "ListVersion",
    "LoginAttempt",
    "Marking",
    "MarkingYearCode",
    "Permit",
    "PermitCounter",
    "PermitLine",
    "RecoveryCode",
    "RegisterVersion",
    "SanctionsEntry",
    "SanctionsName",
    "Shipment",
    "ShipmentLine",
    "TransitCountry",
    "User",
    "WeaponModel",
]
