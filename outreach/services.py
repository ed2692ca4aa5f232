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


REVIEW_WORKFLOW_NAME = "初审 → 律师复审"


def assign_review_workflow(page):
    """Make the two-step review (初审 → 律师复审) apply to a page and everything below it.

    Used for article index pages, so every article needs both approvals.
    """
    from wagtail.models import Workflow, WorkflowPage

    workflow = Workflow.objects.filter(name=REVIEW_WORKFLOW_NAME, active=True).first()
    if workflow is None:
        return None
    WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    return workflow
