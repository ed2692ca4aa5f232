"""Models of the volunteers app."""

from .certificates import Certificate
from .hours import ExtraHours
from .profiles import (
    ANONYMISED_NAME,
    Credential,
    Volunteer,
    VolunteerFile,
    VolunteerSettings,
    VolunteerStatusChange,
)
from .shifts import ACTIVE_STATUSES, HOLDING_STATUSES, Opportunity, Shift, ShiftSignup

__all__ = [
    "ACTIVE_STATUSES",
    "ANONYMISED_NAME",
    "HOLDING_STATUSES",
    "Certificate",
    "Credential",
    "ExtraHours",
    "Opportunity",
    "Shift",
    "ShiftSignup",
    "Volunteer",
    "VolunteerFile",
    "VolunteerSettings",
    "VolunteerStatusChange",
]
