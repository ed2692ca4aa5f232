"""Models of the partners app: the network, partner accounts, referrals and the audit trail."""

from .accounts import PartnerInvitation
from .audit import AuditEvent
from .network import (
    CODE_PREFIX_LENGTH,
    PHONE_HELP,
    Area,
    ControlledTerm,
    LiaisonOfficer,
    OpeningHours,
    PartnerMembership,
    PartnerOrganisation,
    PopulationGroup,
    ProviderRosterEntry,
    ServicePoint,
    ServiceType,
)
from .referrals import CENTRE_KINDS, Referral, ReferralTransition

__all__ = [
    "CENTRE_KINDS",
    "CODE_PREFIX_LENGTH",
    "PHONE_HELP",
    "Area",
    "AuditEvent",
    "ControlledTerm",
    "LiaisonOfficer",
    "OpeningHours",
    "PartnerInvitation",
    "PartnerMembership",
    "PartnerOrganisation",
    "PopulationGroup",
    "ProviderRosterEntry",
    "Referral",
    "ReferralTransition",
    "ServicePoint",
    "ServiceType",
]
