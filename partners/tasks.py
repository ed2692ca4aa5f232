"""Background work of the partners app (django-tasks): emails and retention."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from .models import PartnerInvitation, ReferralTransition


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _render_bilingual(template: str, context: dict) -> tuple[str, str]:
    """Subject and body in Chinese, with the English text under the Chinese."""
    parts = []
    for language in ("zh-hans", "en"):
        with translation.override(language):
            parts.append(
                (
                    render_to_string(f"{template}_subject.txt", context).strip(),
                    render_to_string(f"{template}_body.txt", context).strip(),
                )
            )
    (subject_zh, body_zh), (subject_en, body_en) = parts
    return f"{subject_zh} / {subject_en}", f"{body_zh}\n\n----------\n\n{body_en}\n"


@task()
def send_referral_update_task(transition_id: int) -> int:
    """Tell the partner what happened to a referral; returns the number of recipients.

    Holds no personal data of the person referred: the reference number, the
    status and the centre's note for the partner only.
    """
    from .services import coordinator_emails

    entry = ReferralTransition.objects.select_related(
        "referral__organisation", "referral__submitted_by", "referral__centre"
    ).get(pk=transition_id)
    referral = entry.referral
    recipients = set(coordinator_emails(referral.organisation))
    submitter = referral.submitted_by
    membership = getattr(submitter, "partner_membership", None) if submitter else None
    if membership is not None and membership.is_active:
        recipients.add(submitter.email)
    recipients.discard("")
    if not recipients:
        return 0
    with translation.override("zh-hans"):
        path = reverse("partner_portal:referral", args=[referral.pk])
    context = {
        "referral": referral,
        "entry": entry,
        "url": _absolute(path),
        "url_en": _absolute("/en" + path),
    }
    subject, body = _render_bilingual("partners/email/referral_update", context)
    send_mail(subject, body, None, sorted(recipients))
    return len(recipients)


@task()
def send_invitation_email_task(invitation_id: int) -> str:
    """Email the invitation link; the token is made here and only its hash is kept."""
    invitation = PartnerInvitation.objects.select_related("organisation").get(pk=invitation_id)
    if not invitation.is_usable:
        return "skipped"
    token, token_hash = PartnerInvitation.new_token()
    invitation.token_hash = token_hash
    invitation.save(update_fields=["token_hash"])
    with translation.override("zh-hans"):
        path = reverse("partner_portal:invitation", args=[token])
    context = {"invitation": invitation, "url": _absolute(path), "url_en": _absolute("/en" + path)}
    subject, body = _render_bilingual("partners/email/invitation", context)
    send_mail(subject, body, None, [invitation.email])
    return "sent"


@task()
def anonymise_referrals_task() -> int:
    """The periodic retention run (see the `anonymise_referrals` command)."""
    from .services import anonymise_referrals

    return anonymise_referrals()
