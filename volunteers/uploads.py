"""Checking and storing the scans volunteers upload (ID card, certificates).

A file is judged by its content, never by its name or the content type the
browser sent: only PDF, PNG and JPEG pass, and images must decode. Nothing is
written before every check has passed, and a file written for a row that then
fails to save is removed again, so a refused upload leaves no trace.

Files are always read and written through `private_storage()` at call time
(not `VolunteerFile.file.storage`, which is fixed when the model is imported),
so the storage configured for the running process is the one used.
"""

import hashlib

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from .models import Credential, VolunteerFile
from .models.profiles import private_storage, private_upload_to

#: Content types accepted, with the extension a download gets.
ALLOWED_TYPES = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
}
HEADER_BYTES = 262  # what `filetype` needs to recognise every type it knows


class UploadRefused(ValidationError):
    """The file may not be kept; the message tells the volunteer why."""


def inspect_upload(uploaded) -> dict:
    """Check size and content; return `content_type`, `size` and `sha256`, or raise."""
    limit = settings.VOLUNTEER_UPLOAD_MAX_BYTES
    size = uploaded.size or 0
    if size == 0:
        raise UploadRefused(_("The file is empty."), code="empty")
    if size > limit:
        raise UploadRefused(
            gettext("The file is too large: at most %(limit)s is accepted.")
            % {"limit": filesizeformat(limit)},
            code="too_large",
        )
    uploaded.seek(0)
    header = uploaded.read(HEADER_BYTES)
    kind = filetype.guess(header)
    content_type = kind.mime if kind else ""
    if content_type not in ALLOWED_TYPES:
        raise UploadRefused(
            _("Only PDF, PNG and JPEG files are accepted: this file is of another kind."),
            code="bad_type",
        )
    if content_type == "application/pdf" and not header.startswith(b"%PDF-"):
        raise UploadRefused(_("This PDF file is damaged."), code="bad_type")
    if content_type.startswith("image/"):
        uploaded.seek(0)
        try:
            with Image.open(uploaded) as image:
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise UploadRefused(
                _("This image file is damaged or not really an image."), code="bad_image"
            ) from None
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks() if hasattr(uploaded, "chunks") else [uploaded.read()]:
        digest.update(chunk)
    uploaded.seek(0)
    return {"content_type": content_type, "size": size, "sha256": digest.hexdigest()}


def store_volunteer_file(volunteer, kind: str, uploaded, *, credential: dict | None = None):
    """Keep a checked scan in private storage; with `credential`, record it unverified.

    Raises `UploadRefused` without storing anything when the volunteer has not
    consented to scans being kept or the file fails the checks.
    """
    if not volunteer.scan_consent_at:
        raise UploadRefused(
            _("Give your consent to keeping ID and certificate scans before uploading."),
            code="no_consent",
        )
    facts = inspect_upload(uploaded)
    storage = private_storage()
    name = storage.save(private_upload_to(None, ""), File(uploaded))
    try:
        with transaction.atomic():
            stored = VolunteerFile.objects.create(
                volunteer=volunteer, kind=kind, file=name, **facts
            )
            if credential and credential.get("kind"):
                Credential.objects.create(
                    volunteer=volunteer,
                    kind=credential["kind"],
                    number=credential.get("number", ""),
                    issued_on=credential.get("issued_on"),
                    expires_on=credential.get("expires_on"),
                    verified=False,
                    scan=stored,
                )
    except Exception:
        storage.delete(name)
        raise
    return stored


def open_volunteer_file(stored: VolunteerFile):
    return private_storage().open(stored.file.name, "rb")


def download_name(stored: VolunteerFile) -> str:
    """A name without personal data: the kind, the row and the extension of its type."""
    return f"{stored.kind}-{stored.pk}.{ALLOWED_TYPES.get(stored.content_type, 'bin')}"


def delete_volunteer_files(volunteer) -> int:
    """Remove every scan of the volunteer from storage and the database; returns how many.

    Storage files are deleted once the transaction commits, so a rollback
    keeps rows and files together.
    """
    storage = private_storage()
    names = list(VolunteerFile.objects.filter(volunteer=volunteer).values_list("file", flat=True))
    Credential.objects.filter(volunteer=volunteer, scan__isnull=False).update(scan=None)
    VolunteerFile.objects.filter(volunteer=volunteer).delete()

    def _remove():
        for name in names:
            if name:
                storage.delete(name)

    transaction.on_commit(_remove)
    return len(names)
