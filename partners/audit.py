"""Write the audit trail of personal-data reads and exports (no personal values in it)."""

from .choices import AuditAction
from .models import AuditEvent


def record(user, action: AuditAction, subject: str, *, object_id="", row_count=1, context=""):
    """Log that `user` did `action` on `row_count` records of kind `subject`.

    `object_id` is the record's primary key when one record was read; `context`
    names the page or command (a URL path without query string), never a value
    taken from the record.
    """
    return AuditEvent.objects.create(
        actor=user if getattr(user, "pk", None) else None,
        actor_label=(getattr(user, "email", "") or str(user))[:254] if user else "system",
        action=action,
        subject=subject,
        object_id=str(object_id or ""),
        row_count=row_count,
        context=context[:200],
    )
