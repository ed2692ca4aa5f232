"""Writes that the outreach app performs on behalf of a person or a command."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction


@transaction.atomic
def ensure_demo_staff(*, email: str, password: str):
    """Create or reset the development superuser with a verified email address."""
    user_model = get_user_model()
    user, _ = user_model.objects.get_or_create(
        username="admin", defaults={"email": email, "first_name": "演示", "last_name": "管理员"}
    )
    user.email = email
    user.is_staff = True
    user.is_superuser = True
    user.is_active = True
    user.set_password(password)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user
