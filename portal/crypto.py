"""Encryption and keyed hashing of personal identifiers (PIPL: ID numbers, mobiles).

Fernet (from `cryptography`) encrypts values the centre must be able to read
back; an HMAC of the normalised value lets the portal find repeats (the 90-day
duplicate warning) without keeping the value searchable in clear text.
`PERSONAL_DATA_KEYS` lists keys newest first so keys can be rotated: every key
decrypts, the first encrypts, and the oldest keys the hash so stored hashes stay
valid across a rotation.
"""

import base64
import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


def _derive(secret: str, purpose: str) -> bytes:
    return hashlib.sha256(f"{purpose}:{secret}".encode()).digest()


@cache
def _fernet() -> MultiFernet:
    keys = [
        Fernet(base64.urlsafe_b64encode(_derive(key, "encrypt")))
        for key in settings.PERSONAL_DATA_KEYS
    ]
    return MultiFernet(keys)


def encrypt(value: str) -> str:
    """The value encrypted with the newest key; an empty value stays empty."""
    if not value:
        return ""
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    """The clear value, or an empty string if it cannot be decrypted with any key."""
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        return ""


def keyed_hash(value: str) -> str:
    """A stable HMAC-SHA256 of the value (hex), for equality lookups only."""
    if not value:
        return ""
    key = _derive(settings.PERSONAL_DATA_KEYS[-1], "hash")
    return hmac.new(key, value.strip().upper().encode(), hashlib.sha256).hexdigest()
