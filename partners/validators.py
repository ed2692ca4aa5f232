"""Validators for the identifiers people give on the referral form."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
ID_RE = re.compile(r"^\d{17}[\dX]$")
# GB 11643-1999: weights of the first 17 digits and the check character per remainder.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def normalise_mobile(value: str) -> str:
    """Digits only, without a +86 or 0086 country prefix or spaces and dashes."""
    digits = re.sub(r"[\s\-()]", "", value or "")
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            digits = digits[len(prefix) :]
    return digits


def validate_mobile(value: str) -> None:
    if not MOBILE_RE.match(normalise_mobile(value)):
        raise ValidationError(
            _("Enter a mainland China mobile number: 11 digits starting with 1, e.g. 13812345678."),
            code="invalid_mobile",
        )


def id_check_character(first17: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11]


def validate_id_number(value: str) -> None:
    """An 18-character resident ID number with a valid check character."""
    value = (value or "").strip().upper()
    if not ID_RE.match(value):
        raise ValidationError(
            _("Enter the 18-character resident ID number (17 digits and a digit or X)."),
            code="invalid_id_format",
        )
    if id_check_character(value[:17]) != value[17]:
        raise ValidationError(
            _("This ID number's check digit is wrong: please check each digit again."),
            code="invalid_id_checksum",
        )
